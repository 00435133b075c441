// The dirty-tree guard, as `cargo fix` has it: in a git repository, a file with uncommitted
// changes (staged, unstaged, untracked — or ignored, which git cannot restore either) is not
// changed without --allow-dirty. Then every change guardfix makes is exactly `git diff`, and
// `git checkout -- <file>` undoes it without losing the user's own work.
//
// git is the user's tool here, run once per repository per run (`git status`, no hooks, no code
// from the scanned repository).
import { spawnSync } from 'node:child_process';
import { dirname, relative, sep } from 'node:path';
import { findGitRoot } from './discover.js';

/** path (relative to the repository root, '/'-separated; a folder ends in '/') → why it is not clean */
export type TreeStatus = Map<string, string>;

function describe(xy: string): string {
  if (xy === '??') return 'is untracked (git could not undo a change to it); commit it first, or pass --allow-dirty';
  if (xy === '!!') return 'is ignored by git (git could not undo a change to it); pass --allow-dirty to change it anyway';
  const [x, y] = xy;
  if (x === 'U' || y === 'U' || xy === 'AA' || xy === 'DD') return 'has unresolved merge conflicts; resolve them first, or pass --allow-dirty';
  const what = [x !== ' ' ? 'staged' : '', y !== ' ' ? 'unstaged' : ''].filter(Boolean);
  return `has ${what.join(' and ')} changes; commit or stash them first, or pass --allow-dirty`;
}

/** Parses `git status --porcelain -z` (v1): "XY path\0", renames and copies add "\0origin". */
export function parsePorcelain(out: string): TreeStatus {
  const status: TreeStatus = new Map();
  const parts = out.split('\0');
  for (let i = 0; i < parts.length; i++) {
    const entry = parts[i];
    if (entry.length < 4) continue;
    const xy = entry.slice(0, 2);
    status.set(entry.slice(3), describe(xy));
    if (/[RC]/.test(xy)) i++; // the origin path; the file there is gone or unchanged
  }
  return status;
}

export function gitStatus(root: string): TreeStatus | { error: string } {
  const env = { ...process.env };
  // Set by a calling git hook, these would point git at another repository than `root`.
  delete env.GIT_DIR;
  delete env.GIT_WORK_TREE;
  const r = spawnSync('git', ['--no-optional-locks', '-C', root, 'status', '--porcelain', '-z', '--untracked-files=normal', '--ignored=matching'], {
    encoding: 'utf8',
    env,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) return { error: (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed' : r.error.message };
  if (r.status !== 0) return { error: r.stderr.trim().split('\n')[0] || `git status exited with ${r.status}` };
  return parsePorcelain(r.stdout);
}

/** Why `rel` (repository-relative) is not clean, looking at its folders too ("dir/" entries). */
export function lookup(status: TreeStatus, rel: string): string | undefined {
  const hit = status.get(rel);
  if (hit) return hit;
  for (let i = rel.lastIndexOf('/'); i > 0; i = rel.lastIndexOf('/', i - 1)) {
    const dir = status.get(rel.slice(0, i + 1));
    if (dir) return dir;
  }
  return undefined;
}

export interface DirtyGuard {
  /** why this file must be left alone, or undefined */
  reason(absPath: string): string | undefined;
}

/** One `git status` per repository, on first need; files outside git are never refused. */
export function dirtyGuard(): DirtyGuard {
  const roots = new Map<string, string | undefined>();
  const statuses = new Map<string, TreeStatus | { error: string }>();
  return {
    reason(absPath) {
      const dir = dirname(absPath);
      if (!roots.has(dir)) roots.set(dir, findGitRoot(dir));
      const root = roots.get(dir);
      if (!root) return undefined;
      let status = statuses.get(root);
      if (!status) statuses.set(root, (status = gitStatus(root)));
      if ('error' in status) return `could not read git status (${status.error}); pass --allow-dirty to write anyway`;
      return lookup(status, relative(root, absPath).split(sep).join('/'));
    },
  };
}

/** The paths (as given) that are not inside any git repository. */
export function outsideGit(paths: string[]): string[] {
  return paths.filter((p) => !findGitRoot(p));
}
