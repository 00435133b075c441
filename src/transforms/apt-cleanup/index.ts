import type { JSONInstruction } from 'dockerfile-ast';
import { defineTransform } from '../define.js';
import type { DockerDoc, Stage } from '../../languages/dockerfile.js';
import { loadShell } from '../../languages/shell.js';
import { readRun, aptCalls, cleansAptLists, cacheMountTargets, APT_VALUE_OPTS, basename, type RunScript, type AptCall } from '../../languages/dockerfile-shell.js';
import { appendClause, insertAfter } from '../../languages/dockerfile-run-edit.js';
import { shippedStages, descendants, parentStage } from '../../languages/dockerfile-stages.js';
import type { Edit, Fix } from '../../engine/types.js';
import { compilerWithoutLibc } from './recommends.js';
import { docs } from './docs.js';

// The exact text hadolint (DL3009) and other linters look for.
const CLEAN = 'rm -rf /var/lib/apt/lists/*';
/** Subcommands that download packages, so need fresh lists and leave them behind. */
const FETCHES = new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'reinstall', 'build-dep']);
/** Cache or tmpfs mounts here keep the lists out of the layer already. */
const APT_STATE = new Set(['/var/lib/apt', '/var/lib/apt/lists', '/var/cache/apt', '/var/lib', '/var/cache', '/var']);

interface AptRun {
  run: RunScript;
  stage: Stage;
  fetches: AptCall[];
  updates: AptCall[];
  /** installs from whatever lists an earlier layer left */
  reliesOnEarlierLists: boolean;
}

function analyse(run: RunScript, stage: Stage): AptRun | undefined {
  const calls = aptCalls(run.commands);
  const fetches = calls.filter((c) => c.sub && FETCHES.has(c.sub));
  const updates = calls.filter((c) => c.sub === 'update');
  if (!fetches.length && !updates.length) return undefined;
  const reliesOnEarlierLists = fetches.length > 0 && !updates.some((u) => u.command.start < fetches[0].command.start);
  return { run, stage, fetches, updates, reliesOnEarlierLists };
}

function disablesRecommends(call: AptCall): boolean {
  return call.options.some((o) => o.value === '--no-install-recommends' || /APT::Install-Recommends=["']?(false|0|no)\b/i.test(o.value));
}

/** Where `--no-install-recommends` goes: after `install` and the options written right after it. */
function recommendsAt(call: AptCall): number {
  const args = call.command.args;
  let i = args.indexOf(call.subWord!) + 1;
  let at = call.subWord!.end;
  while (i < args.length && args[i].value.startsWith('-') && !args[i].dynamic) {
    if (APT_VALUE_OPTS.has(args[i].value)) i++;
    at = args[Math.min(i, args.length - 1)].end;
    i++;
  }
  return at;
}

function posixShell(ins: JSONInstruction): boolean {
  const first = ins.getJSONStrings()[0]?.getJSONValue();
  return !first || !/^(powershell|pwsh|cmd)(\.exe)?$/i.test(basename(first.replace(/\\/g, '/')));
}

export default defineTransform<DockerDoc>({
  meta: {
    id: 'apt-cleanup',
    languages: ['dockerfile'],
    severity: 'low',
    category: 'Code Quality',
    summary: 'apt-get install with --no-install-recommends, and the apt lists removed in the same RUN',
    fix: 'sometimes',
    applicability: 'safe',
    sources: ['hadolint DL3009', 'hadolint DL3015', 'Docker build best practices (apt-get)'],
    docs,
  },
  async check(ctx) {
    await loadShell();
    const doc = ctx.doc;
    const stages = doc.stages();
    const shipped = shippedStages(doc, stages);
    const runs = new Map<Stage, AptRun[]>();
    let recommendsConfigured = false;
    const ordered: { a: AptRun; recommendsOff: boolean }[] = [];

    for (const stage of stages) {
      const list: AptRun[] = [];
      runs.set(stage, list);
      for (const ins of stage.instructions) {
        if (ins.getKeyword() === 'SHELL' && !posixShell(ins as JSONInstruction)) break;
        if (ins.getKeyword() !== 'RUN') continue;
        const run = readRun(doc, ins);
        const off = recommendsConfigured;
        if (/APT::Install-Recommends/i.test(doc.slice(ins.getRange()))) recommendsConfigured = true;
        if (!run || run.broken) continue;
        const a = analyse(run, stage);
        if (!a) continue;
        list.push(a);
        ordered.push({ a, recommendsOff: off });
      }
    }

    /** Packages installed before `a`, in its stage and the stages it is built FROM. */
    const installedEarlier = (a: AptRun): Set<string> => {
      const chain = [a.stage, ...ancestors(stages, a.stage)];
      const earlier = chain.flatMap((st) => (runs.get(st) ?? []).filter((r) => r.stage !== a.stage || r.run.end < a.run.end));
      return new Set(earlier.flatMap((r) => r.fetches.flatMap((c) => c.packages.map((w) => w.value.split(/[=:]/)[0].toLowerCase()))));
    };

    /** The first later RUN that touches apt, when it installs from the lists this one leaves. */
    const dependent = (a: AptRun): AptRun | undefined => {
      const later = [...(runs.get(a.stage) ?? []).filter((r) => r.run.end > a.run.end), ...descendants(stages, a.stage).flatMap((s) => runs.get(s) ?? [])];
      const next = later[0];
      return next?.reliesOnEarlierLists ? next : undefined;
    };

    for (const { a, recommendsOff } of ordered) {
      const { run } = a;
      if (!recommendsOff) {
        for (const call of a.fetches.filter((c) => c.sub === 'install' && !disablesRecommends(c))) {
          const at = recommendsAt(call);
          const edits: Edit[] = [{ start: at, end: at, text: ' --no-install-recommends' }];
          const compiler = installedEarlier(a).has('libc6-dev') ? undefined : compilerWithoutLibc(call.packages.filter((w) => !w.dynamic).map((w) => w.value));
          if (compiler) edits.push(insertAfter(doc, call.packages.find((w) => w.value.split(/[=:]/)[0].toLowerCase() === compiler)!, 'libc6-dev'));
          ctx.report({
            start: call.command.start,
            end: call.command.end,
            message: `\`${call.tool} install\` without --no-install-recommends also installs every package they only recommend (hadolint DL3015).${
              compiler ? ` ${compiler} only recommends libc6-dev, the C library headers every C extension build needs, so the fix also names libc6-dev.` : ''
            } The fix is unsafe: the build or the service may need another recommended package without naming it (TLS clients often get ca-certificates that way).`,
            fix: { title: compiler ? 'Add --no-install-recommends, and libc6-dev for the compiler' : 'Add --no-install-recommends', applicability: 'unsafe', edits },
          });
        }
      }

      if (!shipped.has(a.stage.index)) continue;
      if (cacheMountTargets(run).some((t) => APT_STATE.has(t))) continue;
      const lastApt = Math.max(...[...a.fetches, ...a.updates].map((c) => c.command.start));
      if (run.commands.some((c) => c.start > lastApt && cleansAptLists(c))) continue;
      const tool = (a.fetches[0] ?? a.updates[0]).tool;

      if (!a.fetches.length) {
        const u = a.updates[0].command;
        ctx.report({
          start: u.start,
          end: u.end,
          message: `RUN runs \`${tool} update\` without installing anything: the package lists stay in this layer, and later RUNs install from its cached copy, which goes stale. Merge it into the RUN that installs, and end that RUN with \`&& ${CLEAN}\` (hadolint DL3009; no automatic fix).`,
        });
        continue;
      }
      const first = a.fetches[0].command;
      const append = appendClause(doc, run, CLEAN);
      if (a.reliesOnEarlierLists) {
        const canPrepend = !first.nested && first.after !== '||' && first.after !== '|';
        const fix: Fix | undefined = canPrepend
          ? {
              title: `Run ${tool} update first and remove the apt lists after`,
              applicability: 'unsafe',
              edits: [{ start: first.start, end: first.start, text: `${tool} update && ` }, append],
            }
          : undefined;
        ctx.report({
          start: first.start,
          end: first.end,
          message: `\`${tool} ${a.fetches[0].sub}\` runs without \`${tool} update\` in the same RUN: it installs from the package lists of an earlier layer — stale once that layer is cached, or missing — and leaves them in the image. Update in the same RUN and end it with \`&& ${CLEAN}\` (hadolint DL3009).${
            fix ? ' The fix is unsafe: fresh package lists may install newer package versions.' : ' No automatic fix: the install sits in a pipeline or after `||`.'
          }`,
          fix,
        });
        continue;
      }
      const next = dependent(a);
      ctx.report({
        start: first.start,
        end: first.end,
        message: `RUN installs with ${tool} but leaves the package lists (/var/lib/apt/lists) in the layer; end the same RUN with \`&& ${CLEAN}\` (hadolint DL3009).${
          next ? ` The fix is unsafe: the RUN at line ${next.run.ins.getRange().start.line + 1} installs without its own \`apt-get update\` and reads these lists.` : ''
        }`,
        fix: { title: 'Remove the apt lists in the same RUN', applicability: next ? 'unsafe' : 'safe', edits: [append] },
      });
    }
  },
});

function ancestors(stages: Stage[], stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let p = parentStage(stages, stage); p; p = parentStage(stages, p)) out.push(p);
  return out;
}
