// A multi-stage Python image whose runtime stage gets its packages from a builder but still
// installs compilers and headers: those belong in the builder. The runtime copy of each such RUN
// keeps what runs (curl, a health probe, libraries) and trades each -dev package for its library.
import type { Flag } from 'dockerfile-ast';
import type { RuleContext } from '../../engine/rule.js';
import type { DockerDoc, Stage } from '../../languages/dockerfile.js';
import { readRun, packageInstalls, type RunScript } from '../../languages/dockerfile-shell.js';
import type { OsRelease } from '../../languages/os-packages.js';
import type { Report } from '../../engine/types.js';
import { parentStage, unitOf } from '../../languages/dockerfile-stages.js';
import { keptPackages, runtimeCopy } from './packages.js';
import { checkDrop } from './preconditions.js';

/** Findings for the final stage's RUNs that install build-only packages, when it builds nothing. */
export function buildPackagesInRuntime(ctx: RuleContext<DockerDoc>, doc: DockerDoc, stages: Stage[], os: OsRelease | undefined): Report[] {
  if (stages.length < 2) return [];
  const final = stages[stages.length - 1];
  const internal = new Set(stages.slice(0, -1).flatMap((s) => [String(s.index), ...(s.name ? [s.name] : [])]));
  const firstCopy = final.instructions.findIndex((ins) => {
    if (ins.getKeyword() !== 'COPY') return false;
    const from = ((ins as unknown as { getFlags(): Flag[] }).getFlags?.() ?? []).find((f) => f.getName() === 'from');
    return !!from && internal.has((from.getValue() ?? '').toLowerCase());
  });
  if (firstCopy < 0) return [];
  // Installed after the packages arrive: on purpose, for the running service (binutils for
  // ctypes.util.find_library, a -dev package whose tools the app calls). Left alone.
  const before = new Set(final.instructions.slice(0, firstCopy));

  const chain: Stage[] = [final];
  for (let p = parentStage(stages, final); p; p = parentStage(stages, p)) chain.unshift(p);
  const installed = new Set<string>();
  const runs: { ins: RunScript['ins']; run: RunScript }[] = [];
  for (const st of chain) {
    for (const ins of st.instructions) {
      const run = ins.getKeyword() === 'RUN' ? readRun(doc, ins) : undefined;
      if (!run) continue;
      keptPackages(run, os).forEach((n) => installed.add(n));
      if (st === final) runs.push({ ins, run });
    }
  }
  const check = checkDrop(ctx, doc, runs, () => false, os?.family === 'alpine');
  if (check.fails) return [];
  const out: Report[] = [];
  for (const { ins, run } of runs) {
    if (!before.has(ins) || !packageInstalls(run.commands).length) continue;
    const copy = runtimeCopy(doc, run, os, installed);
    if (!copy || typeof copy === 'string' || !copy.dropped.length) continue;
    const first = packageInstalls(run.commands)[0].command;
    let message = `The runtime stage installs build-only packages (${copy.dropped.join(', ')}) although its Python packages come from a builder stage`;
    message += copy.added.length ? `; what was built against them loads ${copy.added.join(', ')} at run time, which the fix installs in their place.` : '; nothing built against them needs them at run time.';
    if (copy.unknown.length) message += ` No known runtime package for ${copy.unknown.join(', ')}: kept; replace by hand.`;
    const unsafe = [...check.unchecked, ...copy.unsure];
    if (unsafe.length) message += ` The fix is unsafe: ${unsafe.join('; ')}.`;
    const unit = unitOf(doc, run.ins, doc.offset(final.from.getRange().end));
    const edits = copy.edits === 'delete' ? [{ start: unit.start, end: unit.end, text: '' }] : copy.edits;
    out.push({
      start: first.start,
      end: first.end,
      message,
      fix: { title: 'Remove build-only packages from the runtime stage', applicability: unsafe.length ? 'unsafe' : 'safe', edits },
    });
  }
  return out;
}

