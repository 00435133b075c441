// The Python side of moving an image to another CPython minor: what the service's dependency
// files and the Dockerfile's pip installs pin, and what the project declares of Python itself.
import type { Instruction } from 'dockerfile-ast';
import { dirname } from 'node:path';
import type { DockerDoc } from '../../languages/dockerfile.js';
import { readRun } from '../../languages/dockerfile-shell.js';
import { parseSpecifiers, normalizeName } from '../../languages/pep440.js';
import type { RuleContext } from '../../engine/rule.js';
import { requirementsIn, requirementsOf } from '../../service/requirements.js';
import { declaredPythonProblem, pinOf, resolutionDrift, supportProblems, type Pin } from '../../service/python-support.js';

/** What stops the service's Python dependencies from installing on the target. */
export function pythonSide(ctx: RuleContext<DockerDoc>, instructions: Instruction[], target: string, oldest: string, alpine: boolean): { blockers: string[]; unsafe: string[] } {
  const blockers: string[] = [];
  const unsafe: string[] = [];
  // The service's dependency files, and those in the folders above it (requirementsOf).
  const reqs = ctx.service ? requirementsOf(ctx.service) : requirementsIn([]);
  const pins: (Pin & { source?: string })[] = reqs.entries.map(pinOf);
  const known = new Set(reqs.files.map((f) => f.base.toLowerCase()));
  const python = reqs.python;
  for (const ins of instructions) {
    for (const c of readRun(ctx.doc, ins)?.commands ?? []) {
      const lock = unreadLock(c.name, c.args.map((a) => a.value));
      if (lock) unsafe.push(`line ${ins.getRange().start.line + 1} installs from ${lock}, which guardfix does not read, so its pins were not checked`);
      const pip = /^pip[0-9.]*$/.test(c.name) ? 1 : /^python[0-9.]*$/.test(c.name) && c.args[0]?.value === '-m' && /^pip$/.test(c.args[1]?.value ?? '') ? 3 : c.name === 'uv' && c.args[0]?.value === 'pip' ? 2 : 0;
      if (!pip || c.args[pip - 1]?.value !== 'install') continue;
      const args = c.args.slice(pip);
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        const req = /^(?:-r|--requirement)(?:=(.+))?$/.exec(a.value);
        if (req) {
          const file = req[1] ?? args[++i]?.value;
          if (!file) continue;
          const base = file.replace(/^.*\//, '').toLowerCase();
          if (a.dynamic || args[i]?.dynamic || /\$/.test(file)) unsafe.push(`RUN pip install -r ${file} reads a file named at build time, whose pins guardfix cannot check`);
          else if (!known.has(base)) unsafe.push(`RUN pip install -r ${file} (line ${ins.getRange().start.line + 1}) reads a file guardfix did not find beside the Dockerfile or above it, so its pins were not checked`);
          continue;
        }
        if (/^-(c|e|t|i|f)$|^--(constraint|editable|target|prefix|root|index-url|extra-index-url|find-links|platform|python-version|implementation|abi)$/.test(a.value)) {
          i++;
          continue;
        }
        if (a.value.startsWith('-') || a.dynamic) continue;
        if (/^(\.|\/)/.test(a.value) && !/\.whl$/.test(a.value) && setupPy(ctx)) {
          unsafe.push(`RUN pip install ${a.value} (line ${ins.getRange().start.line + 1}) installs a setup.py project, whose install_requires guardfix does not read`);
          continue;
        }
        const spec = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*((?:===|==|!=|<=|>=|~=|<|>)[^;]*)?(?:;(.*))?$/.exec(a.value);
        if (!spec) continue;
        pins.push({
          name: normalizeName(spec[1]),
          text: a.value,
          clauses: parseSpecifiers((spec[3] ?? '').trim()),
          marker: spec[4]?.trim() || undefined,
          where: `${ctx.file.rel}:${ins.getRange().start.line + 1}`,
        });
      }
    }
  }
  const problems = supportProblems(pins, target, alpine);
  for (const kind of ['fails', 'unknown'] as const) {
    // The first few say what to do; a long list of old pins would bury the message.
    const of = problems.filter((p) => p.kind === kind).map((p) => p.message);
    const shown = of.length > 3 ? [...of.slice(0, 3), `${of.length - 3} more pins like these`] : of;
    (kind === 'fails' ? blockers : unsafe).push(...shown);
  }
  for (const d of python) {
    const problem = declaredPythonProblem(d, target);
    if (problem) blockers.push(problem);
  }
  const drift = resolutionDrift(pins, oldest, target.split('.').slice(0, 2).join('.'));
  if (drift) unsafe.push(drift);
  return { blockers, unsafe };
}

/** The lock or environment file a package manager other than pip, pipenv and poetry installs from. */
function unreadLock(name: string, args: string[]): string | undefined {
  const sub = args.find((a) => !a.startsWith('-'));
  if (name === 'uv' && (sub === 'sync' || (sub === 'pip' && args.includes('sync')))) return 'uv.lock';
  if (name === 'pdm' && (sub === 'install' || sub === 'sync')) return 'pdm.lock';
  if (name === 'rye' && sub === 'sync') return 'requirements.lock';
  if (['conda', 'mamba', 'micromamba'].includes(name) && (sub === 'env' || sub === 'create' || (sub === 'install' && args.some((a) => a === '--file' || a === '-f')))) return 'a conda environment file';
  return undefined;
}

/** A setup.py beside the Dockerfile or above it. */
function setupPy(ctx: RuleContext<DockerDoc>): boolean {
  const dirs: string[] = [];
  for (let d = dirname(ctx.file.path); ctx.workspace.withinRoots(d); d = dirname(d)) {
    dirs.push(d);
    if (dirname(d) === d) break;
  }
  return ctx.workspace.filesOf('python').some((f) => f.base === 'setup.py' && dirs.includes(dirname(f.path)));
}
