// Small temp workspaces, optionally a committed git repository, for the apply-mode tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';

/** Three services for python-version: two safe fixes in one file, an unsafe one, a single safe one. */
export const THREE_SERVICES: Record<string, string> = {
  // Two stages that share nothing: each FROM is its own fix (a builder and the runtime copying
  // from it would be one).
  'a/Dockerfile': 'FROM python:3.9-slim AS tests\nRUN pip install pytest\n\nFROM python:3.9-slim AS runtime\nCMD ["python", "-m", "flask"]\n',
  // python:3.11 is no longer built on buster: the fix moves to bookworm, where guardfix's package
  // table does not know tesseract-ocr-ukr, which makes it unsafe
  'b/Dockerfile': 'FROM python:3.9-slim-buster\nRUN apt-get update && apt-get install -y libpq5 tesseract-ocr-ukr\n',
  'c/Dockerfile': 'FROM python:3.9-slim\nCMD ["python"]\n',
};

export function makeWorkspace(files: Record<string, string | Buffer>, prefix = 'guardfix-ws-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), content);
  }
  return dir;
}

export function git(cwd: string, ...args: string[]): string {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
  delete env.GIT_DIR;
  delete env.GIT_WORK_TREE;
  const r = spawnSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** `git init` + commit everything. */
export function commitAll(dir: string): void {
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'fleet');
}
