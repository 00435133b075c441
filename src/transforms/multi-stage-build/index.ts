import { defineTransform } from '../define.js';
import type { DockerDoc } from '../../languages/dockerfile.js';
import { loadShell } from '../../languages/shell.js';
import { aptCalls, readRun } from '../../languages/dockerfile-shell.js';
import { aptRole, packageName } from '../../languages/apt-packages.js';
import { globalArgs, imageOf, isOfficialPython, pythonMinor } from './image.js';
import { scan, type CopyMode } from './plan.js';
import { render, isPureApt } from './render.js';
import { buildPackagesInRuntime, pruneReport } from './prune.js';
import { docs } from './docs.js';

const MODES: CopyMode[] = ['prefix', 'site-packages', 'venv'];

export default defineTransform<DockerDoc>({
  meta: {
    id: 'multi-stage-build',
    languages: ['dockerfile'],
    severity: 'high',
    category: 'Multi-Stage Build',
    summary: 'Install Python dependencies in a builder stage and copy only the result into the runtime image',
    fix: 'sometimes',
    applicability: 'safe',
    sources: ['Docker multi-stage builds', 'seed issue 2 (Danny\'s tokenguard pattern)'],
    docs,
  },
  async check(ctx) {
    await loadShell();
    const doc = ctx.doc;
    const stages = doc.stages();
    if (stages.length > 1) {
      const pruned = buildPackagesInRuntime(doc, stages);
      const img = stages[0] && imageOf(stages[0].from, globalArgs(doc));
      if (pruned && img && isOfficialPython(img)) for (const b of pruned.found) ctx.report(pruneReport(doc, pruned.stage, b));
      return;
    }
    const stage = stages[0];
    if (!stage) return;
    const img = imageOf(stage.from, globalArgs(doc));
    if (!img || !isOfficialPython(img)) return;
    const s = scan(doc, stage);
    if (!s) return;
    const start = doc.offset(stage.from.getRange().start);
    const end = doc.offset(stage.from.getRange().end);
    const head = 'Single-stage image: the Python dependencies are installed in the image that runs, with everything installing them needed';
    if ('blocked' in s) {
      ctx.report({ start, end, message: `${head}. Use a builder stage. No automatic fix: ${s.blocked}.` });
      return;
    }
    const plan = s.plan;
    const notes: string[] = [];
    const minor = pythonMinor(img);
    let mode: CopyMode = MODES.includes(ctx.profile.multiStageCopy) ? ctx.profile.multiStageCopy : 'prefix';
    if (plan.venv) mode = 'venv';
    else if (mode === 'site-packages' && !minor) {
      mode = 'prefix';
      notes.push(`the tag ${img.tag ?? '(none)'} names no Python minor version, so the site-packages path is unknown: the fix copies a --prefix=/install instead`);
    }
    const r = render(doc, plan, mode, minor);
    notes.push(...r.notes);
    const buildOnly = stage.instructions
      .map((ins) => (ins.getKeyword() === 'RUN' ? readRun(doc, ins) : undefined))
      .filter((run) => run && isPureApt(run))
      .flatMap((run) => aptCalls(run!.commands).flatMap((c) => (c.sub === 'install' ? c.packages : [])))
      .filter((w) => !w.dynamic && aptRole(w.value).kind === 'build')
      .map((w) => packageName(w.value));
    const apk = stage.instructions.some((ins) => ins.getKeyword() === 'RUN' && /\bapk\s+add\b[^&;]*\b(gcc|musl-dev|build-base|[\w.+-]+-dev)\b/.test(doc.slice(ins.getRange())));
    if (apk) notes.push('apk build packages stay in the runtime stage: guardfix sorts apt packages only');
    if (buildOnly.length) notes.push(`${buildOnly.join(', ')} stay installed in the runtime stage for now: a second, unsafe fix removes them`);
    const line = plan.pipRuns[0].ins.getRange().start.line + 1;
    const how = mode === 'prefix' ? 'pip install --prefix=/install, then COPY --from=builder /install /usr/local' : mode === 'venv' ? `a virtualenv copied with COPY --from=builder` : 'COPY --from=builder of site-packages and /usr/local/bin';
    ctx.report({
      start,
      end,
      message: `${head} (pip at line ${line}). Install them in a \`${r.builder}\` stage and copy only the result into the runtime stage (${how}).${notes.length ? ` Note: ${notes.join('; ')}.` : ''}`,
      fix: { title: `Split into a ${r.builder} stage and a runtime stage`, applicability: 'safe', edits: r.edits },
    });
  },
});
