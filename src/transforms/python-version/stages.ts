// Stages and paths around a changed base image: COPYs between a stage that moves to the new
// Python and one that keeps its own, and `python3.X` paths that follow the interpreter.
import type { Instruction } from 'dockerfile-ast';
import type { DockerDoc, Stage } from '../../languages/dockerfile.js';
import { readRun } from '../../languages/dockerfile-shell.js';
import { descendants } from '../../languages/dockerfile-stages.js';
import type { Edit } from '../../engine/types.js';

/** Indexes of the stages built on these stages (the stages themselves and those built FROM them). */
export function reachedStages(stages: Stage[], from: Stage[]): Set<number> {
  const out = new Set<number>();
  for (const s of from) {
    const stage = stages[s.index];
    out.add(stage.index);
    for (const d of descendants(stages, stage)) out.add(d.index);
  }
  return out;
}

/** What Python leaves behind in a build stage: packages, virtualenvs, wheels, pip prefixes. */
const PYTHON_PATH = /site-packages|dist-packages|python\d(\.\d+)?\b|\.?venv\b|\/install\b|wheels?\b|\.whl\b|\.local\b/;

/**
 * COPYs between a stage that moves to the new Python and one that keeps its own (a distroless
 * or other runtime, a builder on another image): what one Python built, the other cannot load.
 */
export function crossCopies(doc: DockerDoc, stages: Stage[], reached: Set<number>): { blockers: string[] } {
  const out = { blockers: [] as string[] };
  const byName = new Map<string, Stage>();
  for (const s of stages) {
    byName.set(String(s.index), s);
    if (s.name) byName.set(s.name, s);
  }
  // Where pip puts what it builds in this Dockerfile (--target, --prefix, wheel -w …).
  const pipOut: string[] = [];
  for (const s of stages) {
    for (const ins of s.instructions) {
      if (ins.getKeyword() !== 'RUN') continue;
      for (const m of doc.slice(ins.getRange()).matchAll(/\spip[0-9.]*\s(?:install|wheel)\b[^&;|]*?(?:--target|--prefix|--root|--wheel-dir|-t|-w)[=\s]+(\/[^\s;&|]+)/g)) pipOut.push(m[1].replace(/\/+$/, ''));
    }
  }
  for (const s of stages) {
    for (const ins of s.instructions) {
      if (ins.getKeyword() !== 'COPY') continue;
      const text = doc.slice(ins.getRange());
      const from = /--from=(\S+)/i.exec(text)?.[1].toLowerCase();
      const other = from === undefined ? undefined : byName.get(from);
      if (!other || other.index >= s.index || reached.has(s.index) === reached.has(other.index)) continue;
      const line = ins.getRange().start.line + 1;
      const keeps = reached.has(s.index) ? `the ${from} stage (${other.from.getImage()})` : `${s.from.getImage()}`;
      const paths = text.replace(/^\s*\S+\s+(--\S+\s+)*/, '').trim();
      // Static files, binaries, configuration: nothing a Python version changes.
      const python = PYTHON_PATH.test(paths) || pipOut.some((p) => paths.split(/\s+/).some((w) => w === p || w.startsWith(`${p}/`)));
      if (python) out.blockers.push(`line ${line} copies Python packages between the new Python and ${keeps}, which keeps its own Python: move both, or build the packages where they run`);
    }
  }
  return out;
}

/**
 * `python3.9` in paths and commands follows the interpreter (a COPY of site-packages breaks
 * otherwise), in the stages built on a changed image and in COPYs from them. Package names
 * (`python3.9-dev`, what apt installs) are not paths.
 */
export function pathEdits(doc: DockerDoc, stages: Stage[], from: Stage[], oldMinors: number[], target: { major: number; minor: number }): Edit[] {
  const minors = [...new Set(oldMinors)];
  if (!minors.length) return [];
  const re = new RegExp(`\\bpython${target.major}\\.(?:${minors.join('|')})(?![0-9]|-(?:dev|venv|distutils|minimal|full|dbg|doc|tk|lib2to3|gdbm|examples)\\b)`, 'g');
  const reached = reachedStages(stages, from);
  const names = new Set(stages.filter((s) => reached.has(s.index)).flatMap((s) => [s.name, String(s.index)]).filter((n): n is string => !!n));
  const out: Edit[] = [];
  for (const stage of stages) {
    for (const ins of stage.instructions) {
      const copyFromReached = ins.getKeyword() === 'COPY' && [...doc.slice(ins.getRange()).matchAll(/--from=(\S+)/gi)].some((mm) => names.has(mm[1].toLowerCase()));
      if (!reached.has(stage.index) && !copyFromReached) continue;
      const { start, end } = doc.range(ins.getRange());
      let skip: { start: number; end: number }[] | undefined;
      for (const mm of doc.text.slice(start, end).matchAll(re)) {
        const at = start + mm.index!;
        skip ??= packageWords(doc, ins);
        if (skip.some((w) => at >= w.start && at < w.end)) continue;
        out.push({ start: at, end: at + mm[0].length, text: `python${target.major}.${target.minor}` });
      }
    }
  }
  return out;
}

/** Words of a RUN's `apt-get install` / `apk add`: package names, never paths. */
function packageWords(doc: DockerDoc, ins: Instruction): { start: number; end: number }[] {
  if (ins.getKeyword() !== 'RUN') return [];
  const out: { start: number; end: number }[] = [];
  for (const c of readRun(doc, ins)?.commands ?? []) {
    if (['apt-get', 'apt', 'aptitude', 'apk'].includes(c.name)) out.push(...c.args);
  }
  return out;
}
