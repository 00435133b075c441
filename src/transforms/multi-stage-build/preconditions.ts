// May the runtime stage lose its compilers and headers? Only if nothing in it builds: no RUN that
// compiles or installs from source, a start command that does not, and no module that compiles
// on import. Each check reads the files; what cannot be read is named, and makes the fix unsafe.
import type { Instruction } from 'dockerfile-ast';
import type { RuleContext } from '../../engine/rule.js';
import type { DockerDoc } from '../../languages/dockerfile.js';
import { pipInstalls, isToolingUpgrade, type Command, type RunScript } from '../../languages/dockerfile-shell.js';
import { finalStage, startCommand } from '../../service/final-stage.js';

/** Commands that build software: the stage running them needs its compilers. */
export const BUILDS = new Set(['gcc', 'cc', 'g++', 'c++', 'clang', 'make', 'cmake', 'ninja', 'cargo', 'go', 'rustc', 'meson', 'gfortran', 'poetry', 'pipenv', 'pdm', 'uv', 'conda', 'mamba', 'maturin', 'cythonize', 'pip-sync']);

/** Compiling at import time: pyximport, cffi's verify/compile, distutils' compiler. */
const COMPILES_ON_IMPORT = /^\s*(?:import\s+pyximport|from\s+pyximport\b)|\bffi\.(?:verify|compile)\s*\(|\bdistutils\.ccompiler\b|\bnew_compiler\s*\(/m;

/** Python packages that compile native code while the service runs, with the system compiler. */
const COMPILES_AT_RUN_TIME = /(?:^|["'\s,[])(?:torch|triton|deepspeed|cppimport|pythran)(?=$|[\s"'=<>~!;,[\]])/im;
/** Programs that start another program given as an argument. */
const LAUNCHERS = new Set(['tini', 'tini-static', 'dumb-init', 'catatonit', 'gosu', 'su-exec', 'runuser', 'chpst', 'setpriv']);

/** Where a start command's program is a program the image installs, not a script of the repo. */
const PROGRAM_DIRS = /^\/(usr\/local\/bin|usr\/bin|bin|usr\/sbin|sbin|opt\/venv\/bin|venv\/bin)\//;

export interface DropCheck {
  /** a precondition known to fail: the build packages stay */
  fails?: string;
  /** preconditions that could not be checked: the fix is unsafe and names them */
  unchecked: string[];
}

/** Does `c` compile, or install Python packages that may need compiling? */
export function builds(c: Command): boolean {
  if (BUILDS.has(c.name)) return true;
  if (/^python[0-9.]*$/.test(c.name) && c.args.some((a) => /(^|\/)setup\.py$/.test(a.value))) return true;
  if (/^python[0-9.]*$/.test(c.name) && c.args.some((a, i) => a.value === '-m' && ['build', 'pip'].includes(c.args[i + 1]?.value) && c.args[i + 2]?.value === 'wheel')) return true;
  if (/^pip[0-9.]*$/.test(c.name) && c.args.some((a) => a.value === 'wheel')) return true;
  return pipInstalls([c]).some((p) => !isToolingUpgrade(p) && !p.option('--no-index') && !(p.packages.length && p.packages.every((w) => /\.whl$/.test(w.value))) && !p.options.some((o) => o.value === '--only-binary=:all:'));
}

/**
 * Checks the runtime stage of `doc` (its final stage) for what would break without compilers.
 * `runs`: its RUNs as they will be; `gone`: commands of them that leave (moved to the builder,
 * or the package commands being edited).
 */
export function checkDrop(ctx: RuleContext<DockerDoc>, doc: DockerDoc, runs: { ins: Instruction; run: RunScript }[], gone: (c: Command) => boolean, alpine: boolean): DropCheck {
  const line = (ins: Instruction) => ins.getRange().start.line + 1;
  const unchecked: string[] = [];
  for (const { ins, run } of runs) {
    const c = run.commands.find((x) => !gone(x) && builds(x));
    if (c) return { fails: `the RUN at line ${line(ins)} runs \`${c.name}\` in the runtime stage, which needs them`, unchecked };
  }
  const fs = finalStage(doc);
  const start = fs && startCommand(doc, fs);
  if (!start) unchecked.push('the start command is not in the Dockerfile (compose, Kubernetes or the platform gives it), so whether it compiles is not visible');
  else {
    for (const c of start.commands) {
      if (builds(c)) return { fails: `the start command runs \`${c.name}\`, which needs them`, unchecked };
      const script = scriptOf(c);
      if (script) unchecked.push(`the start command runs the script ${script}, which guardfix does not read: check that it does not compile or pip install`);
    }
  }
  for (const ins of fs?.instructions ?? []) {
    if (ins.getKeyword() !== 'HEALTHCHECK') continue;
    const tool = [...BUILDS].find((b) => new RegExp(`(^|[\\s/;&|"'])${b.replace(/\+/g, '\\+')}(?=$|[\\s;&|"'])`).test(ins.getArgumentsContent() ?? ''));
    if (tool) return { fails: `the HEALTHCHECK at line ${line(ins)} runs \`${tool}\``, unchecked };
  }
  for (const f of ctx.service?.filesOf('python') ?? []) {
    if (COMPILES_ON_IMPORT.test(f.text)) return { fails: `${f.rel} compiles code at run time (pyximport, cffi or distutils)`, unchecked };
  }
  const requirements = (ctx.service?.files ?? []).find((f) => f.language === 'text' && COMPILES_AT_RUN_TIME.test(f.text.replace(/#.*$/gm, '')));
  if (requirements) {
    unchecked.push(`${requirements.rel} names a package that can compile kernels at run time with the system compiler (torch.compile, JIT extensions)`);
  }
  if (alpine) {
    unchecked.push("on Alpine, ctypes.util.find_library looks libraries up with gcc and binutils (musl keeps no ldconfig cache), so a Python package that finds its C library that way stops finding it without them");
  }
  return { unchecked };
}

/** The script a start command runs, when it is one the repository ships (not an installed program). */
function scriptOf(c: Command): string | undefined {
  if (LAUNCHERS.has(c.name)) {
    // tini -- /entrypoint.sh …; gosu USER /entrypoint.sh …
    let rest = c.args.filter((a) => !a.value.startsWith('-'));
    if (c.name === 'gosu' || c.name === 'su-exec' || c.name === 'chpst') rest = rest.slice(1);
    const [prog, ...args] = rest;
    return prog ? scriptOf({ ...c, name: prog.value.slice(prog.value.lastIndexOf('/') + 1), program: prog, args }) : undefined;
  }
  const prog = c.program.value;
  if (/^(ba|da|a)?sh$/.test(c.name)) {
    const i = c.args.findIndex((a) => !a.value.startsWith('-'));
    if (i < 0 || c.args.slice(0, i).some((a) => /^-\w*c/.test(a.value))) return undefined;
    return c.args[i].value;
  }
  if (/\.(sh|bash)$/.test(prog)) return prog;
  if (prog.includes('/') && !PROGRAM_DIRS.test(prog)) return prog;
  return undefined;
}
