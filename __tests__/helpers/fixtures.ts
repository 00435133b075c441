// Reads __testfixtures__/<rule>/<case>.input.<ext> (+ .output.<ext>, + .options.json) cases and
// runs them through the real engine on a temp workspace.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { run, type RunResult } from '../../src/index.js';
import type { Profile } from '../../src/engine/profile.js';

export const FIXTURES = join(dirname(new URL(import.meta.url).pathname), '..', '..', '__testfixtures__');

export interface CaseOptions {
  /** where the input sits in the temp workspace (default from its extension) */
  path?: string;
  /** other files of the workspace, path → content */
  files?: Record<string, string>;
  unsafe?: boolean;
  profile?: Partial<Profile>;
  /** how many findings the rule must report on the input (default: at least one when there is an output) */
  findings?: number;
  /** rules to run (default: the fixture folder's rule) */
  rules?: string[];
}

export interface FixtureCase {
  rule: string;
  name: string;
  input: Buffer;
  output?: Buffer;
  ext: string;
  options: CaseOptions;
}

const DEFAULT_PATH: Record<string, string> = {
  dockerfile: 'Dockerfile',
  py: 'service.py',
  md: 'README.md',
  yaml: 'k8s/deployment.yaml',
  yml: 'k8s/deployment.yml',
  tf: 'main.tf',
  js: 'server.js',
  ts: 'server.ts',
};

export function loadCases(rule: string): FixtureCase[] {
  const dir = join(FIXTURES, rule);
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir);
  const cases: FixtureCase[] = [];
  for (const n of names) {
    const m = /^(.+)\.input\.(.+)$/.exec(n);
    if (!m) continue;
    const [, name, ext] = m;
    const out = join(dir, `${name}.output.${ext}`);
    const opt = join(dir, `${name}.options.json`);
    cases.push({
      rule,
      name,
      ext,
      input: readFileSync(join(dir, n)),
      output: existsSync(out) ? readFileSync(out) : undefined,
      options: existsSync(opt) ? JSON.parse(readFileSync(opt, 'utf8')) : {},
    });
  }
  return cases.sort((a, b) => a.name.localeCompare(b.name));
}

export function inputPath(c: FixtureCase): string {
  return c.options.path ?? DEFAULT_PATH[c.ext] ?? `input.${c.ext}`;
}

/** A temp workspace holding the case's input (as given bytes) and context files. */
export function workspaceFor(c: FixtureCase, input: Buffer = c.input): string {
  const root = mkdtempSync(join(tmpdir(), `guardfix-${c.rule}-`));
  for (const [p, text] of Object.entries(c.options.files ?? {})) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  const target = join(root, inputPath(c));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, input);
  return root;
}

export async function runCase(c: FixtureCase, input: Buffer = c.input): Promise<{ result: RunResult; output: Buffer; root: string }> {
  const root = workspaceFor(c, input);
  try {
    const result = await run({ paths: [root], cwd: root, write: true, unsafe: !!c.options.unsafe, only: c.options.rules ?? [c.rule], profile: c.options.profile });
    const output = readFileSync(join(root, inputPath(c)));
    return { result, output, root };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
