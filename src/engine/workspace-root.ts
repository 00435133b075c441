// Where a run's workspace is: the folder whose files rules may read for context (the repository's
// terraform/, helm-charts/, the reference service), whatever paths were named and wherever the
// run was started. Scanning one service, or running from inside it, then sees what a scan of the
// whole repository sees; only the named paths are reported.
import { statSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { findGitRoot } from './discover.js';

export interface Roots {
  /** the folder walked for context; undefined: only the named paths are walked (they share no folder that says it is one workspace) */
  workspace?: string;
  /** where display paths are relative to: the git repository's root, else the workspace */
  display: string;
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** `p` is `dir` or below it */
export const within = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/**
 * `targets`: absolute paths named on the command line. `configFile`: the configuration found by
 * searching upwards from the first of them (its folder marks a workspace inside a repository).
 * The workspace is the configuration's folder when it lies inside the git repository (a fleet in
 * a monorepo), else the repository's root; outside git, the configuration's folder, else the one
 * folder named. Every target must lie inside it.
 */
export function findRoots(targets: string[], configFile?: string, cwd = process.cwd()): Roots {
  const dirs = targets.map((t) => (isDir(t) ? t : dirname(t)));
  const git = findGitRoot(dirs[0]);
  const configDir = configFile ? dirname(configFile) : undefined;
  const candidates = [configDir && (!git || within(configDir, git)) ? configDir : undefined, git, dirs.length === 1 ? dirs[0] : undefined];
  const workspace = candidates.find((c): c is string => !!c && dirs.every((d) => within(d, c)));
  const display = (workspace && findGitRoot(workspace)) ?? workspace ?? (dirs.every((d) => within(d, cwd)) ? cwd : commonAncestor(dirs));
  return { workspace, display };
}

function commonAncestor(dirs: string[]): string {
  let c = dirs[0];
  while (!dirs.every((d) => within(d, c)) && dirname(c) !== c) c = dirname(c);
  return c;
}
