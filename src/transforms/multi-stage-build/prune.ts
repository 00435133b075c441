// A multi-stage Python image whose runtime stage gets its packages from a builder but still
// installs compilers and headers: those belong in the builder. Also the second half of our own
// split, which keeps the runtime's apt RUN as written (safe) and leaves this part to --unsafe.
import type { Flag } from 'dockerfile-ast';
import type { DockerDoc, Stage } from '../../languages/dockerfile.js';
import { readRun, aptCalls, pipInstalls, type Word, type RunScript } from '../../languages/dockerfile-shell.js';
import { aptRole, packageName } from '../../languages/apt-packages.js';
import type { Edit, Report } from '../../engine/types.js';
import { escapeRe, removeWords } from '../../languages/dockerfile-run-edit.js';
import { parentStage, unitOf } from '../../languages/dockerfile-stages.js';
import { isPureApt } from './render.js';

/** Commands that build software: the stage running them needs its compilers. */
const BUILDS = new Set(['gcc', 'cc', 'g++', 'c++', 'clang', 'make', 'cmake', 'ninja', 'cargo', 'go', 'rustc', 'meson', 'poetry', 'pipenv', 'pdm', 'uv', 'conda']);

export interface BuildPackages {
  run: RunScript;
  build: Word[];
  runtime: string[];
  unknown: string[];
}

/** The final stage's apt RUNs that install build-only packages, when the stage builds nothing. */
export function buildPackagesInRuntime(doc: DockerDoc, stages: Stage[]): { stage: Stage; found: BuildPackages[] } | undefined {
  if (stages.length < 2) return undefined;
  const final = stages[stages.length - 1];
  const internal = new Set(stages.slice(0, -1).flatMap((s) => [String(s.index), ...(s.name ? [s.name] : [])]));
  const copiesFromBuilder = final.instructions.some((ins) => {
    if (ins.getKeyword() !== 'COPY') return false;
    const from = ((ins as unknown as { getFlags(): Flag[] }).getFlags?.() ?? []).find((f) => f.getName() === 'from');
    return !!from && internal.has((from.getValue() ?? '').toLowerCase());
  });
  if (!copiesFromBuilder) return undefined;

  const chain: Stage[] = [final];
  for (let p = parentStage(stages, final); p; p = parentStage(stages, p)) chain.unshift(p);
  const installed = new Set<string>();
  const runs: RunScript[] = [];
  for (const st of chain) {
    for (const ins of st.instructions) {
      if (ins.getKeyword() !== 'RUN') continue;
      const run = readRun(doc, ins);
      if (!run) continue;
      for (const c of aptCalls(run.commands)) if (c.sub === 'install') c.packages.forEach((w) => installed.add(packageName(w.value)));
      if (st !== final) continue;
      const builds = run.commands.some((c) => BUILDS.has(c.name)) || pipInstalls(run.commands).some((p) => !p.option('--no-index') && !p.packages.every((w) => /\.whl$/.test(w.value)));
      if (builds) return undefined;
      runs.push(run);
    }
  }
  const found: BuildPackages[] = [];
  for (const run of runs.filter(isPureApt)) {
    const words = aptCalls(run.commands).filter((c) => c.sub === 'install').flatMap((c) => c.packages.filter((w) => !w.dynamic));
    const build = words.filter((w) => aptRole(w.value).kind === 'build');
    if (!build.length) continue;
    const runtime = [...new Set(build.map((w) => (aptRole(w.value) as { runtime: string }).runtime).filter((r) => r && !installed.has(r)))];
    const unknown = words.filter((w) => aptRole(w.value).kind === 'unknown-dev').map((w) => packageName(w.value));
    found.push({ run, build, runtime, unknown });
  }
  return found.length ? { stage: final, found } : undefined;
}

export function pruneReport(doc: DockerDoc, stage: Stage, b: BuildPackages): Report {
  const calls = aptCalls(b.run.commands).filter((c) => c.sub === 'install');
  const buildSet = new Set(b.build);
  const emptied = calls.filter((c) => c.packages.every((w) => buildSet.has(w)));
  const names = b.build.map((w) => packageName(w.value)).join(', ');
  let message = `The runtime stage installs build-only packages (${names}) although its Python packages come from a builder stage`;
  message += b.runtime.length ? `; the libraries they link need ${b.runtime.join(', ')} at run time instead.` : '.';
  if (b.unknown.length) message += ` No known runtime package for ${b.unknown.join(', ')}: kept; replace by hand.`;
  const first = calls[0].command;
  const report = { start: first.start, end: first.end, message };
  if (emptied.length && emptied.length < calls.length) {
    return { ...report, message: `${message} No automatic fix: a whole \`apt-get install\` of this RUN would be left with no package.` };
  }
  let edits: Edit[];
  if (emptied.length === calls.length && !b.runtime.length) {
    const u = unitOf(doc, b.run.ins, doc.offset(stage.from.getRange().end));
    edits = [{ start: u.start, end: u.end, text: '' }];
  } else if (b.runtime.length) {
    const [head, ...rest] = [...b.build].sort((x, y) => x.start - y.start);
    // One package per continued line stays one per line.
    const l = doc.lines.lineOf(head.start);
    const before = doc.text.slice(doc.lines.lineStart(l), head.start);
    const after = doc.text.slice(head.end, doc.lines.lineEnd(l));
    const esc = doc.ast.getEscapeCharacter();
    const alone = !before.trim() && new RegExp(`^[ \\t]*${escapeRe(esc)}[ \\t]*$`).test(after);
    const sep = alone ? ` ${esc}\n${before}` : ' ';
    edits = [{ start: head.start, end: head.end, text: b.runtime.join(sep) }, ...removeWords(doc, rest)];
  } else edits = removeWords(doc, b.build);
  return {
    ...report,
    message: `${message} The fix is unsafe: the service may still need one of them at run time (code compiled on first import, a library guardfix maps differently).`,
    fix: { title: 'Remove build-only packages from the runtime stage', applicability: 'unsafe', edits },
  };
}
