// Display paths are cut out of the absolute path when it lies below the root (a memory saving:
// see Workspace.display); they must be what path.relative gives, whatever the path looks like.
import { describe, it, expect } from 'vitest';
import { relative } from 'node:path';
import { Workspace } from '../src/engine/workspace.js';

const reference = (root: string, abs: string) => {
  const rel = relative(root, abs);
  return rel.startsWith('../') ? abs : rel;
};

describe('Workspace.display', () => {
  const cases: [string, string][] = [
    ['/repo', '/repo/services/a/Dockerfile'],
    ['/repo', '/repo/.github/workflows/ci.yaml'],
    ['/repo', '/repo/services/ünï/README.md'],
    ['/repo', '/repo/a/./b/Dockerfile'],
    ['/repo', '/repo/a/../b/Dockerfile'],
    ['/repo', '/repo//a/Dockerfile'],
    ['/repo', '/repo/a/..'],
    ['/repo', '/repo'],
    ['/repo', '/repository/Dockerfile'],
    ['/repo', '/elsewhere/Dockerfile'],
    ['/repo/', '/repo/a/Dockerfile'],
    ['/', '/a/b/Dockerfile'],
  ];
  it.each(cases)('under %s: %s', (root, abs) => {
    const ws = new Workspace([], root, [root], 1 << 20);
    expect(ws.display(abs)).toBe(reference(root, abs));
  });
});
