// What a Dockerfile's image is for. The runtime rules (non-root-user, healthcheck) judge the
// image a service runs in production; a dev container an editor attaches to, a test runner, or
// a base that other Dockerfiles build on is none of those, and a USER or a HEALTHCHECK added
// there breaks what it is for (the editor's root shell, the tests' fixtures, every image built
// FROM it).
import { basename, dirname } from 'node:path';
import type { RuleContext } from '../engine/rule.js';
import type { Workspace } from '../engine/workspace.js';
import type { DockerDoc } from '../languages/dockerfile.js';
import type { Runtime } from './final-stage.js';
import { overLanguages } from '../engine/reads.js';

export type Role = 'service' | 'devcontainer' | 'test' | 'base';

export interface ImageRole {
  role: Role;
  /** for messages: what showed it */
  why?: string;
}

const TEST_WORDS = new Set(['test', 'tests', 'testing', 'pytest', 'qa', 'e2e', 'cypress', 'lint', 'check', 'checks', 'ci', 'integration']);
/** test runners and linters: an image that starts one checks code, it serves nothing */
const TEST_PROGRAMS = new Set(['pytest', 'py.test', 'tox', 'nox', 'behave', 'cypress', 'robot', 'nosetests', 'jest', 'mocha', 'flake8', 'mypy', 'pylint', 'ruff']);
const DEV_STAGES = new Set(['dev-envs', 'dev-env', 'devcontainer', 'dev-container']);
/** A Dockerfile named for development (`Dockerfile.dev`, `dev.Dockerfile`, `Dockerfile.debug`): run on a laptop, sources bind-mounted. */
const DEV_WORDS = new Set(['dev', 'devel', 'develop', 'development', 'debug', 'local']);

const words = (name: string) => name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

/** The file's path below the folder guardfix was pointed at: names above it say nothing. */
function scannedPath(ctx: RuleContext): string {
  const root = ctx.workspace.rootOf(dirname(ctx.file.path));
  return root ? ctx.file.path.slice(root === '/' ? 1 : root.length + 1) : ctx.file.base;
}

export function imageRole(ctx: RuleContext<DockerDoc>, rt: Runtime): ImageRole {
  const rel = scannedPath(ctx);
  const dirs = rel.includes('/') ? dirname(rel).split('/') : [];
  if (dirs.includes('.devcontainer')) return { role: 'devcontainer', why: 'it is in .devcontainer/' };
  const stageName = rt.fs.stage.name;
  if (stageName && DEV_STAGES.has(stageName)) return { role: 'devcontainer', why: `its final stage is ${stageName}, a development environment` };
  const cmds = rt.start?.commands ?? [];
  const argv = (i: number) => [cmds[i]?.name, ...(cmds[i]?.args.map((a) => a.value) ?? [])];
  const idle = cmds.length === 1 && ((cmds[0].name === 'sleep' && /^(infinity|\d{5,})$/.test(argv(0)[1] ?? '')) || (cmds[0].name === 'tail' && argv(0).includes('/dev/null')));
  if (idle) return { role: 'devcontainer', why: `it starts \`${argv(0).join(' ')}\`, a container an editor or a shell attaches to` };

  const fileWords = words(basename(rel).replace(/dockerfile/i, ' '));
  const devWord = fileWords.find((w) => DEV_WORDS.has(w));
  if (devWord) return { role: 'devcontainer', why: `its name says it is a ${devWord} image` };
  const testDir = dirs.find((d) => d === '.github' || /^(tests?|e2e|__tests__)$|[-_](tests?|e2e)$/i.test(d));
  const testWord = fileWords.find((w) => TEST_WORDS.has(w)) ?? testDir;
  if (testWord) return { role: 'test', why: `its path says ${testWord}` };
  if (stageName && words(stageName).some((w) => TEST_WORDS.has(w))) return { role: 'test', why: `its final stage is ${stageName}` };
  const runner = cmds.find((c) => isTestCommand(c.name, c.args.map((a) => a.value)));
  if (runner) return { role: 'test', why: `it starts ${runner.name} ${runner.args.map((a) => a.value).join(' ')}`.trim() };

  if (!rt.start && isVariant(ctx)) return { role: 'base', why: 'it is named after the version it builds and starts nothing of its own: a published image others build FROM' };
  if (!rt.start && !rt.base.server) {
    if (rt.base.appUser?.name === 'vscode') return { role: 'devcontainer', why: 'it builds on a Dev Container image and starts nothing' };
    const used = usedAsBase(ctx.workspace, ctx.file.path, rel);
    if (used) return { role: 'base', why: used };
  }
  return { role: 'service' };
}

function isTestCommand(name: string, args: string[]): boolean {
  if (TEST_PROGRAMS.has(name)) return true;
  // python -m pytest, poetry run pytest, pipenv run tox, npm test, go test, make test
  if (/^python[0-9.]*$/.test(name) && args[0] === '-m') return TEST_PROGRAMS.has(args[1] ?? '') || args[1] === 'unittest';
  if (['poetry', 'pipenv', 'uv', 'pdm', 'hatch'].includes(name) && args[0] === 'run') return isTestCommand(args[1] ?? '', args.slice(2));
  if (['npm', 'yarn', 'pnpm'].includes(name)) return args[0] === 'test' || (args[0] === 'run' && /^test/.test(args[1] ?? ''));
  return (name === 'go' || name === 'make') && args[0] === 'test';
}

/**
 * A Dockerfile named after the version it builds (`python3.10.dockerfile`,
 * `python3.11-slim.dockerfile`, `3.12/Dockerfile`): a variant of a published image family, which
 * its users build FROM. A service's Dockerfile is named after the service, not a Python version.
 */
function isVariant(ctx: RuleContext<DockerDoc>): boolean {
  if (/^(python|py|node|alpine|debian|ubuntu)?-?\d+(\.\d+)*(-[a-z0-9.]+)*\.dockerfile$/i.test(ctx.file.base)) return true;
  return ctx.file.base.toLowerCase() === 'dockerfile' && /^(python|py)?\d+\.\d+(-[a-z0-9.]+)*$/i.test(basename(dirname(ctx.file.path)));
}

interface BaseUse {
  /** files other Dockerfiles pull in with `INCLUDE+` (dockerfile-plus) */
  included: string[];
  /** image names (last path segment, no tag) each Dockerfile builds FROM, by its path */
  from: { path: string; name: string }[];
}

const uses = new WeakMap<Workspace, BaseUse>();

function baseUse(ws: Workspace): BaseUse {
  return overLanguages(['dockerfile'], () => uses.get(ws) ?? readBaseUse(ws));
}

function readBaseUse(ws: Workspace): BaseUse {
  let u = uses.get(ws);
  if (!u) {
    u = { included: [], from: [] };
    for (const f of ws.filesOf('dockerfile')) {
      const text = f.text; // '' when unreadable: matches nothing
      for (const m of text.matchAll(/^[ \t]*INCLUDE\+[ \t]+(\S+)/gim)) u.included.push(m[1].replace(/^\.\//, ''));
      for (const m of text.matchAll(/^[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*([^\s$]+)/gim)) {
        const name = m[1].split('@')[0].replace(/:[^/]*$/, '').split('/').pop()!.toLowerCase();
        u.from.push({ path: f.path, name });
      }
    }
    uses.set(ws, u);
  }
  return u;
}

const GENERIC = new Set(['app', 'docker', 'src', 'service', 'api', 'web', 'server', 'backend', 'frontend', 'python']);

/** Why another Dockerfile of the workspace builds on this one, if it does. */
function usedAsBase(ws: Workspace, path: string, rel: string): string | undefined {
  const u = baseUse(ws);
  const inc = u.included.find((p) => rel === p || rel.endsWith(`/${p}`));
  if (inc) return `another Dockerfile includes it (INCLUDE+ ${inc})`;
  const stem = basename(path).replace(/(^|[.-])dockerfile([.-]|$)/i, '').toLowerCase();
  if (/^(base|.*[.-]base|base[.-].*)$/.test(stem)) return `it is named ${basename(path)}, and it starts nothing`;
  for (const name of [stem, basename(dirname(path)).toLowerCase()]) {
    if (name.length >= 3 && !GENERIC.has(name) && u.from.some((f) => f.path !== path && f.name === name)) return `another Dockerfile builds FROM an image named ${name}`;
  }
  return undefined;
}
