// Reads a single-stage Python Dockerfile and decides how it splits: which RUNs install the
// dependencies, what the builder needs before them, and what stops an automatic split.
import type { Env, Instruction } from 'dockerfile-ast';
import type { DockerDoc, Stage } from '../../languages/dockerfile.js';
import { readRun, pipInstalls, isToolingUpgrade, cacheMountTargets, type RunScript, type PipInstall, type Command } from '../../languages/dockerfile-shell.js';
import { removeCommands } from '../../languages/dockerfile-run-edit.js';

export type CopyMode = 'prefix' | 'site-packages' | 'venv';

export interface PipRun {
  ins: Instruction;
  run: RunScript;
  /** the installs that bring dependencies (not `pip install -U pip`) */
  installs: PipInstall[];
}

export interface Plan {
  stage: Stage;
  runs: Map<Instruction, RunScript>;
  pipRuns: PipRun[];
  /** index in stage.instructions of the last RUN that installs dependencies */
  lastPip: number;
  /** a venv the Dockerfile already creates and installs into */
  venv?: { dir: string; ins: Instruction; only: boolean };
}

export type Scan = { plan: Plan } | { blocked: string } | undefined;

/** Package managers that are not plain pip: their projects need their own recipe. */
const OTHER_MANAGERS: Record<string, (c: Command) => boolean> = {
  Poetry: (c) => c.name === 'poetry' && ['install', 'sync', 'export'].includes(c.args[0]?.value),
  Pipenv: (c) => c.name === 'pipenv' && ['install', 'sync'].includes(c.args[0]?.value),
  PDM: (c) => c.name === 'pdm' && ['install', 'sync'].includes(c.args[0]?.value),
  uv: (c) => c.name === 'uv' && ['pip', 'sync'].includes(c.args[0]?.value),
  conda: (c) => ['conda', 'mamba', 'micromamba'].includes(c.name) && ['install', 'create', 'env'].includes(c.args[0]?.value),
  'pip-tools': (c) => c.name === 'pip-sync',
};

/** Package managers a pip RUN may also run: the runtime keeps that part (without build packages). */
const PACKAGE_TOOLS = new Set(['apt-get', 'apt', 'apk']);
/** Commands a dependency RUN may contain besides pip: nothing that writes outside pip's reach. */
const HARMLESS = new Set(['rm', 'set', 'true', ':', 'echo', 'cd', 'mkdir', 'pip', 'pip3']);
const PIP_ENV_LAYOUT = /^PIP_(TARGET|PREFIX|USER|ROOT)$/i;

const line = (ins: Instruction) => ins.getRange().start.line + 1;

export function scan(doc: DockerDoc, stage: Stage): Scan {
  const runs = new Map<Instruction, RunScript>();
  const pipRuns: PipRun[] = [];
  const managers = new Map<string, number>();
  for (const ins of stage.instructions) {
    if (ins.getKeyword() !== 'RUN') continue;
    const run = readRun(doc, ins);
    if (!run) {
      if (/\bpip[0-9.]*["',\s]+install\b/.test(doc.slice(ins.getRange()))) {
        return { blocked: `the RUN at line ${line(ins)} installs with pip in exec form or in a heredoc guardfix does not read` };
      }
      continue;
    }
    runs.set(ins, run);
    for (const [name, test] of Object.entries(OTHER_MANAGERS)) if (run.commands.some(test) && !managers.has(name)) managers.set(name, line(ins));
    const installs = pipInstalls(run.commands).filter((p) => !isToolingUpgrade(p));
    if (installs.length) pipRuns.push({ ins, run, installs });
  }
  if (managers.size) {
    const [name, at] = [...managers][0];
    return { blocked: `dependencies are installed with ${name} (line ${at}): a builder stage for ${name} needs its own recipe (export to requirements, or copy its virtualenv), which guardfix does not write` };
  }
  if (!pipRuns.length) return undefined;
  const lastPip = stage.instructions.indexOf(pipRuns[pipRuns.length - 1].ins);

  for (const ins of stage.instructions.slice(0, lastPip + 1)) {
    const kw = ins.getKeyword();
    if (kw === 'USER') return { blocked: `USER at line ${line(ins)} comes before pip installs: the builder would have to install as that user` };
    if (kw === 'ENV') {
      const bad = (ins as Env).getProperties().find((p) => PIP_ENV_LAYOUT.test(p.getName()));
      if (bad) return { blocked: `ENV ${bad.getName()} (line ${line(ins)}) sets where pip installs` };
    }
    if (kw === 'ONBUILD') return { blocked: `ONBUILD at line ${line(ins)}: the image is a base for other builds` };
  }
  for (const p of pipRuns) {
    const why = blockerIn(doc, p);
    if (why) return { blocked: `the RUN at line ${line(p.ins)} ${why}` };
  }
  if (pipRuns.some((p) => p.installs.some((i) => i.options.some((o) => o.value === '--user')))) {
    const later = stage.instructions.slice(lastPip + 1).find((ins) => /(^|[\s:="'])(\/root|~|\$HOME|\$\{HOME\})\/\.local\b|PYTHONUSERBASE/.test(doc.slice(ins.getRange())));
    if (later) return { blocked: `pip installs with --user and line ${line(later)} uses that layout (~/.local): the builder's packages land in /usr/local instead` };
  }
  const venv = findVenv(stage, runs, pipRuns);
  if (!venv) {
    // pip from a virtualenv guardfix cannot place would install with the venv's layout.
    const env = stage.instructions.slice(0, lastPip).find((ins) => ins.getKeyword() === 'ENV' && (ins as Env).getProperties().some((p) => p.getName() === 'VIRTUAL_ENV' || (p.getName() === 'PATH' && /venv|virtualenv/i.test(p.getValue() ?? ''))));
    if (env) return { blocked: `ENV at line ${line(env)} points at a virtualenv whose creation guardfix does not see` };
  }
  return { plan: { stage, runs, pipRuns, lastPip, venv } };
}

function blockerIn(doc: DockerDoc, p: PipRun): string | undefined {
  for (const i of p.installs) {
    if (i.editables.length) return `installs in editable mode (\`pip install -e\`): the installed package points into the source tree, which the builder does not ship`;
    const layout = i.options.find((o) => /^(-t|--target|--prefix|--root)(=|$)/.test(o.value));
    if (layout) return `already chooses where pip installs (\`${layout.value}\`)`;
  }
  const pipCmds = new Set(p.run.commands.filter((c) => pipInstalls([c]).length || /^pip[0-9.]*$/.test(c.name)));
  const other = p.run.commands.find((c) => !pipCmds.has(c) && !HARMLESS.has(c.name) && !PACKAGE_TOOLS.has(c.name) && !isActivate(c) && venvDir(c) === undefined);
  if (other) return `also runs \`${other.name}\`, which may write outside what pip installs; split it from the pip install first`;
  if (isMixed(p) && removeCommands(doc, p.run, pipCmds) === undefined) {
    return `installs OS packages and Python packages together in a shell script that is not a plain \`&&\` list: move the package install into its own RUN first, so the builder can keep the build tools and the runtime the libraries`;
  }
  return undefined;
}

/** A pip RUN that also installs OS packages: the runtime keeps its copy without the pip part. */
export function isMixed(p: PipRun): boolean {
  return p.run.commands.some((c) => PACKAGE_TOOLS.has(c.name));
}

/**
 * pip leaves its cache (~/.cache/pip) in the image: no `--no-cache-dir`, no PIP_NO_CACHE_DIR,
 * no cache mount, no removal of the cache in the same RUN, no pip.conf that turns it off.
 */
export function keepsPipCache(doc: DockerDoc, plan: Plan): boolean {
  const before = plan.stage.instructions.slice(0, plan.lastPip + 1);
  const text = before.map((ins) => doc.slice(ins.getRange())).join('\n');
  if (/PIP_NO_CACHE_DIR|no-cache-dir\s*=/i.test(text)) return false;
  return plan.pipRuns.some((p) => {
    if (cacheMountTargets(p.run).some((t) => /^(\/root|~)?\/\.cache(\/pip)?$|^\/root\/\.cache(\/pip)?$/.test(t))) return false;
    if (p.run.commands.some((c) => c.name === 'rm' && c.args.some((a) => /^(\/root|~|\$HOME)\/\.cache(\/pip)?\/?\*?$/.test(a.value)))) return false;
    return p.installs.some((i) => !i.options.some((o) => o.value === '--no-cache-dir' || o.value === '--no-cache'));
  });
}

function isActivate(c: Command): boolean {
  return (c.name === '.' || c.name === 'source') && /\/bin\/activate$/.test(c.args[0]?.value ?? '');
}

/** `python -m venv DIR` / `virtualenv DIR` up to the first install, when pip installs into it. */
function findVenv(stage: Stage, runs: Map<Instruction, RunScript>, pipRuns: PipRun[]): Plan['venv'] {
  const firstPip = stage.instructions.indexOf(pipRuns[0].ins);
  const vars = new Map<string, string>();
  let workdir = '/';
  let found: { dir: string; rel: string; ins: Instruction; only: boolean } | undefined;
  let onPath = false;
  const abs = (p: string) => (p.startsWith('/') ? p : `${workdir.replace(/\/$/, '')}/${p.replace(/^\.\//, '')}`).replace(/\/+$/, '');
  for (const ins of stage.instructions.slice(0, firstPip + 1)) {
    const kw = ins.getKeyword();
    if (kw === 'WORKDIR') workdir = abs(expand(ins.getArgumentsContent()?.trim() ?? '', vars) ?? '/');
    if (kw === 'ENV' || kw === 'ARG') {
      for (const p of kw === 'ENV' ? (ins as Env).getProperties() : []) {
        const v = p.getValue();
        if (v != null) vars.set(p.getName(), expand(v, vars) ?? v);
      }
      const path = kw === 'ENV' ? (ins as Env).getProperties().find((p) => p.getName() === 'PATH')?.getValue() : undefined;
      if (found && path && (expand(path, vars) ?? path).split(':').some((d) => d === `${found!.dir}/bin`)) onPath = true;
    }
    const run = runs.get(ins);
    if (!run) continue;
    for (const c of run.commands) {
      const raw = venvDir(c);
      const dir = raw === undefined ? undefined : expand(raw, vars);
      if (dir === undefined) continue;
      found = { dir: abs(dir), rel: dir.replace(/\/+$/, ''), ins, only: run.commands.every((x) => venvDir(x) !== undefined) };
    }
  }
  if (!found) return undefined;
  const f = found;
  const inVenv = (p: string) => p.startsWith(`${f.dir}/bin/`) || p.startsWith(`${f.rel}/bin/`) || p.startsWith(`./${f.rel}/bin/`);
  const used = onPath || pipRuns.some((p) => p.run.commands.some((c) => inVenv(c.program.value) || (isActivate(c) && inVenv(c.args[0].value))));
  return used ? { dir: f.dir, ins: f.ins, only: f.only } : undefined;
}

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Substitutes ENV/ARG values; undefined when one is unknown. */
function expand(raw: string, vars: Map<string, string>): string | undefined {
  let unknown = false;
  const out = raw.replace(VAR, (_m, a?: string, b?: string) => {
    const v = vars.get((a ?? b)!);
    if (v === undefined) unknown = true;
    return v ?? '';
  });
  return unknown ? undefined : out;
}

function venvDir(c: Command): string | undefined {
  let args: string[] | undefined;
  if (/^python[0-9.]*$/.test(c.name)) {
    const m = c.args.findIndex((a) => a.value === '-m');
    if (m >= 0 && c.args[m + 1]?.value === 'venv') args = c.args.slice(m + 2).map((a) => a.value);
  } else if (c.name === 'virtualenv') args = c.args.map((a) => a.value);
  return args?.filter((a) => !a.startsWith('-')).pop();
}
