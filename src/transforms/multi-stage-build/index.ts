import type { Flag, Instruction } from 'dockerfile-ast';
import { defineTransform } from '../define.js';
import type { RuleContext } from '../../engine/rule.js';
import type { DockerDoc, Stage } from '../../languages/dockerfile.js';
import { loadShell } from '../../languages/shell.js';
import { pipInstalls, type Command } from '../../languages/dockerfile-shell.js';
import { releaseOfPythonTag, type OsRelease } from '../../languages/os-packages.js';
import { parentStage } from '../../languages/dockerfile-stages.js';
import { runtimeOf } from '../../service/final-stage.js';
import { imageRole } from '../../service/image-role.js';
import { globalArgs, imageOf, isOfficialPython, pythonMinor, variantOf, type ImageRef } from './image.js';
import { scan, isMixed, keepsPipCache, type CopyMode, type PipRun, type Plan } from './plan.js';
import { render } from './render.js';
import { buildPackagesInRuntime } from './prune.js';
import { keptPackages, runtimeCopy, type RunPackages } from './packages.js';
import { checkDrop, type DropCheck } from './preconditions.js';
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
    // Dev containers, test and CI images, bases others build FROM: their compilers are wanted,
    // and nobody runs them as the service.
    const rt = await runtimeOf(doc);
    if (rt && imageRole(ctx, rt).role !== 'service') return;
    const stages = doc.stages();
    const args = globalArgs(doc);
    if (stages.length > 1) {
      const mismatch = pythonMismatch(doc, stages, args);
      if (mismatch) ctx.report(mismatch);
      const final = stages[stages.length - 1];
      let root = final;
      for (let p = parentStage(stages, final); p; p = parentStage(stages, p)) root = p;
      const img = imageOf(root.from, args);
      if (img && isOfficialPython(img)) for (const r of buildPackagesInRuntime(ctx, doc, stages, releaseOf(img))) ctx.report(r);
      return;
    }
    const stage = stages[0];
    if (!stage) return;
    const img = imageOf(stage.from, args);
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
    const variant = variantOf(img);
    const os = releaseOf(img);
    const notes: string[] = [];
    const pipCache = keepsPipCache(doc, plan);
    if (variant === 'full') {
      // The runtime would be the same full image with the same compilers: nothing worth a split.
      ctx.report({
        start,
        end,
        message: `Single-stage image on the full python image (python:${img.tag ?? 'latest'}): its compilers and headers stay in every stage built on it, so a builder stage on the same image would drop nothing${
          pipCache ? " but pip's download cache, which `--no-cache-dir` drops with a one-word change" : ''
        }. No automatic fix. For a smaller image, install in a builder stage and run on the -slim image of the same version, with the runtime libraries your compiled packages load (guardfix cannot see which).`,
      });
      return;
    }
    const packages = runtimePackages(ctx, doc, plan, os);
    if (typeof packages === 'string') {
      ctx.report({ start, end, message: `${head}. Use a builder stage. No automatic fix: ${packages}.` });
      return;
    }
    const line = plan.pipRuns[0].ins.getRange().start.line + 1;
    const dropped = [...packages.copies.values()].flatMap((c) => c.dropped);
    const added = [...packages.copies.values()].flatMap((c) => c.added);
    const unknown = [...new Set([...packages.copies.values()].flatMap((c) => c.unknown))];
    const minor = pythonMinor(img);
    let mode: CopyMode = MODES.includes(ctx.profile.multiStageCopy) ? ctx.profile.multiStageCopy : 'prefix';
    if (plan.venv) mode = 'venv';
    else if (mode === 'site-packages' && !minor) {
      mode = 'prefix';
      notes.push(`the tag ${img.tag ?? '(none)'} names no Python minor version, so the site-packages path is unknown: the fix copies a --prefix=/install instead`);
    }
    const r = render(doc, plan, mode, minor, os, packages.copies);
    const how = mode === 'prefix' ? 'pip install --prefix=/install, then COPY --from=builder /install /usr/local' : mode === 'venv' ? `a virtualenv copied with COPY --from=builder` : 'COPY --from=builder of site-packages and /usr/local/bin';
    const gains: string[] = [];
    if (dropped.length) gains.push(added.length ? `the runtime stage installs ${added.join(', ')} (what the packages built against them load) in place of ${dropped.join(', ')}` : `the runtime stage no longer installs ${dropped.join(', ')}`);
    if (pipCache) gains.push("pip's download cache stays in the builder");
    if (!gains.length) {
      // The runtime would hold exactly what it holds now: a split is churn, not a smaller or
      // safer image. Said once, at low severity, so the drift stays visible.
      ctx.report({
        start,
        end,
        severity: 'low',
        message: `${head} (pip at line ${line}), but a builder stage would drop nothing today: ${
          packages.kept ? `the runtime keeps its build packages (${packages.kept})` : 'no compilers or headers are installed'
        } and pip keeps no download cache. No automatic fix; split the image when it gains build packages it does not need at run time.`,
      });
      return;
    }
    if (packages.kept) notes.push(packages.kept);
    if (unknown.length) notes.push(`no known runtime package for ${unknown.join(', ')}: kept in the runtime stage; replace by hand`);
    notes.push(...r.notes);
    const unsafe = dropped.length ? [...packages.check.unchecked, ...new Set([...packages.copies.values()].flatMap((c) => c.unsure))] : [];
    const generated = versionFileWrittenByBuild(ctx, plan);
    if (generated) unsafe.push(generated);
    ctx.report({
      start,
      end,
      message: `${head} (pip at line ${line}). Install them in a \`${r.builder}\` stage and copy only the result into the runtime stage (${how})${gains.length ? `: ${gains.join('; ')}` : ''}.${notes.length ? ` Note: ${notes.join('; ')}.` : ''}${unsafe.length ? ` The fix is unsafe: ${unsafe.join('; ')}.` : ''}`,
      fix: { title: `Split into a ${r.builder} stage and a runtime stage`, applicability: unsafe.length ? 'unsafe' : 'safe', edits: r.edits },
    });
  },
});

function releaseOf(img: ImageRef): OsRelease | undefined {
  const os = releaseOfPythonTag(img.tag);
  return os && (variantOf(img) === 'alpine') === (os.family === 'alpine') ? os : undefined;
}

interface RuntimePackages {
  /** the runtime copies of RUNs before the last pip install that change */
  copies: Map<Instruction, RunPackages>;
  check: DropCheck;
  /** why build packages stay in the runtime stage */
  kept?: string;
}

/**
 * What the runtime stage keeps of each RUN up to the last pip install: a pip RUN that also
 * installs OS packages loses its pip part; install RUNs lose their build packages unless
 * something in the runtime stage builds. A string when a RUN cannot be taken apart.
 */
function runtimePackages(ctx: RuleContext<DockerDoc>, doc: DockerDoc, plan: Plan, os: OsRelease | undefined): RuntimePackages | string {
  const pipOf = new Map<Instruction, PipRun>(plan.pipRuns.map((p) => [p.ins, p]));
  const pipCommands = (p: PipRun) => new Set<Command>(p.run.commands.filter((c) => pipInstalls([c]).length || /^pip[0-9.]*$/.test(c.name)));
  const moved = new Set<Command>(plan.pipRuns.filter(isMixed).flatMap((p) => [...pipCommands(p)]));
  const installed = new Set<string>([...plan.runs.values()].flatMap((run) => keptPackages(run, os)));
  // The runtime stage's RUNs as they will be: pure pip RUNs leave, mixed ones lose their pip part.
  const runtimeRuns = [...plan.runs].filter(([ins]) => !pipOf.has(ins) || isMixed(pipOf.get(ins)!)).map(([ins, run]) => ({ ins, run }));
  const check = checkDrop(ctx, doc, runtimeRuns, (c) => moved.has(c), os?.family === 'alpine');
  let kept = check.fails && `build packages stay in the runtime stage: ${check.fails}`;
  const drop = !check.fails;
  const copies = new Map<Instruction, RunPackages>();
  for (const ins of plan.stage.instructions.slice(0, plan.lastPip + 1)) {
    const run = plan.runs.get(ins);
    const pip = pipOf.get(ins);
    if (!run || (pip && !isMixed(pip))) continue;
    const copy = runtimeCopy(doc, run, os, installed, pip ? pipCommands(pip) : new Set(), drop);
    if (typeof copy === 'string') {
      if (pip) return copy;
      kept = `build packages stay in the runtime stage: ${copy}`;
      continue;
    }
    if (copy) copies.set(ins, copy);
  }
  return { copies, check, kept };
}

/** Paths of a COPY --from that carry what pip built for one Python version. */
const PYTHON_BUILT = /\/install\b|site-packages|dist-packages|\/usr\/local\b|\/\.local\b|venv|wheel/i;

/** A runtime stage that copies packages from a stage on another Python version than its own. */
function pythonMismatch(doc: DockerDoc, stages: Stage[], args: Map<string, string>) {
  const rootOf = (st: Stage) => {
    let root = st;
    for (let p = parentStage(stages, st); p; p = parentStage(stages, p)) root = p;
    return root;
  };
  const minorOf = (st: Stage) => {
    const img = imageOf(rootOf(st).from, args);
    return img && isOfficialPython(img) ? pythonMinor(img) : undefined;
  };
  const final = stages[stages.length - 1];
  const runtime = minorOf(final);
  if (!runtime) return undefined;
  for (const ins of final.instructions) {
    if (ins.getKeyword() !== 'COPY') continue;
    const from = ((ins as unknown as { getFlags(): Flag[] }).getFlags?.() ?? []).find((f) => f.getName() === 'from')?.getValue()?.toLowerCase();
    if (!from) continue;
    const src = stages.find((st) => st !== final && (st.name === from || String(st.index) === from));
    if (!src || !PYTHON_BUILT.test(doc.slice(ins.getRange()))) continue;
    const built = minorOf(src);
    if (!built || built === runtime) continue;
    const r = doc.range(final.from.getRange());
    return {
      ...r,
      message: `The runtime stage runs Python ${runtime} but copies (line ${ins.getRange().start.line + 1}) what stage \`${src.name ?? src.index}\` installed with Python ${built}: site-packages paths and compiled extensions belong to one Python version, so the service will not find or cannot load them. Build both stages FROM the same image (no automatic fix: which version is meant is not visible).`,
    };
  }
  return undefined;
}

/** A local project path given to pip (`.`, `./pkg`, `/app`), not a wheel file. */
const LOCAL_PROJECT = /^(\.{1,2}(\/|$)|\/)(?!.*\.whl$)/;
/** setuptools-scm and friends writing the version into the source tree while building. */
const WRITES_VERSION_FILE = /\b(write_to|version_file|version-file|write_version_file)\b/;

/**
 * `pip install .` builds the project in its source folder; a build that writes a file there
 * (setuptools-scm's version file) leaves it only in the builder, while the runtime keeps its own
 * copy of the source, which may shadow the installed package.
 */
function versionFileWrittenByBuild(ctx: RuleContext<DockerDoc>, plan: Plan): string | undefined {
  if (!plan.pipRuns.some((p) => p.installs.some((i) => i.packages.some((w) => !w.dynamic && LOCAL_PROJECT.test(w.value))))) return undefined;
  const config = (ctx.service?.files ?? []).find((f) => ['pyproject.toml', 'setup.py'].includes(f.base) && WRITES_VERSION_FILE.test(f.text));
  return config ? `pip builds the project in its source folder and ${config.rel} writes a version file there during the build, which the runtime stage's copy of the source will not have` : undefined;
}
