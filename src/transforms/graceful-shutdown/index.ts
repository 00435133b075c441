import { defineTransform } from '../define.js';
import type { RuleContext } from '../../engine/rule.js';
import type { Service } from '../../engine/workspace.js';
import { DEFAULT_PROFILE } from '../../engine/profile.js';
import type { DockerDoc } from '../../languages/dockerfile.js';
import type { PythonDoc } from '../../languages/python.js';
import type { YamlDoc } from '../../languages/yaml.js';
import { languageById } from '../../languages/index.js';
import { findApps } from '../../languages/python-ast.js';
import { pyTree } from '../../languages/python-tree.js';
import { finalStage } from '../../service/final-stage.js';
import { excluded, supports, unchecked } from '../../service/constructs.js';
import { graceOf, launcherOf, scriptServer, type Launcher, type Server } from './launcher.js';
import { checkDockerfile } from './dockerfile.js';
import { checkManifest } from './manifest.js';
import { checkApps, checkUvicornRun } from './python.js';
import { docs } from './docs.js';

/** The service's image launcher (its main Dockerfile), read once per file checked. */
async function serviceLauncher(ctx: RuleContext): Promise<Launcher | undefined> {
  const df = ctx.service?.dockerfile;
  const lang = languageById('dockerfile');
  const doc = df && lang ? ctx.workspace.parsed<DockerDoc>(df, lang) : undefined;
  return doc ? launcherOf(doc) : undefined;
}

/** Images without a shell or coreutils: no `sleep` to exec, so the preStop hook uses the kubelet's sleep action. */
function shellless(ctx: RuleContext): boolean {
  const df = ctx.service?.dockerfile;
  const lang = languageById('dockerfile');
  const doc = df && lang ? ctx.workspace.parsed<DockerDoc>(df, lang) : undefined;
  const img = doc ? finalStage(doc)?.image : undefined;
  return !!img && (img.path.includes('distroless') || img.name === 'scratch' || img.path.startsWith('chainguard/'));
}

/** Whether a service serves Python over HTTP: its image starts a Python server, or its code has an app. */
function servesPython(ctx: RuleContext, l: Launcher | undefined): boolean {
  if (l) return true;
  const lang = languageById('python');
  if (!ctx.service || !lang) return false;
  return ctx.service.filesOf('python').some((f) => {
    const doc = ctx.workspace.parsed<PythonDoc>(f, lang);
    return !!doc && findApps(doc.tree.rootNode).some((a) => a.kind !== 'APIRouter' && a.kind !== 'Blueprint');
  });
}

const shutdownProfile = (ctx: RuleContext) => ({ ...DEFAULT_PROFILE.shutdown, ...ctx.profile.shutdown });

/** The server the image starts; for `python app.py`, the one the script starts, read from its code. */
function serverOf(ctx: RuleContext, l: Launcher | undefined): Server | undefined {
  if (!l || l.server !== 'python' || !l.script) return l?.server;
  const base = l.script.split('/').pop();
  const script = ctx.service?.filesOf('python').find((f) => f.base === base && !f.error);
  return (script && scriptServer(script.text)) ?? 'python';
}

function isMainDockerfile(ctx: RuleContext, service: Service | undefined): boolean {
  return !!service && service.dockerfile === ctx.file;
}

export default defineTransform({
  meta: {
    id: 'graceful-shutdown',
    languages: ['python', 'dockerfile', 'yaml'],
    context: ['python', 'dockerfile', 'yaml'],
    severity: 'medium',
    category: 'Graceful Shutdown',
    summary: 'Close what startup opens, bound the server\'s shutdown, and drain the pod before SIGTERM',
    fix: 'sometimes',
    applicability: 'safe',
    sources: ['seed issue 10 (graceful shutdown)', 'uvicorn --timeout-graceful-shutdown', 'Kubernetes pod termination'],
    docs,
  },
  async check(ctx) {
    const p = shutdownProfile(ctx);
    if (ctx.language === 'python') {
      const doc = ctx.doc as PythonDoc;
      // Checked before the tree is read: apps are FastAPI(…)/Starlette(…) calls, and uvicorn.run()
      // is spelled with `uvicorn` (written or imported).
      const apps = /FastAPI|Starlette/.test(ctx.text);
      const uvicorn = ctx.text.includes('uvicorn');
      if (!apps && !uvicorn) return;
      const c = { root: pyTree(doc).rootNode, text: ctx.text, report: ctx.report };
      if (apps) checkApps(c);
      if (!uvicorn) return;
      // uvicorn.run() matters when the image runs this file; with a uvicorn CMD it is a dev entry point.
      const l = await serviceLauncher(ctx);
      if (!l || (l.server === 'python' && l.script?.split('/').pop() === ctx.file.base)) {
        const support = supports(ctx.service, 'uvicorn-graceful-timeout');
        const why = support.status === 'no' ? excluded(support) : unchecked(support);
        checkUvicornRun(c, p.graceSeconds, { ok: support.status === 'yes', why });
      }
      return;
    }
    if (ctx.language === 'dockerfile') {
      if (!isMainDockerfile(ctx, ctx.service)) return;
      const l = await launcherOf(ctx.doc as DockerDoc);
      if (l) checkDockerfile(ctx.doc as DockerDoc, l, ctx.service, p.graceSeconds, ctx.report);
      return;
    }
    const y = ctx.doc as YamlDoc;
    if (y.templated || !ctx.service) return;
    const l = await serviceLauncher(ctx);
    if (!servesPython(ctx, l)) return;
    const grace = graceOf(serverOf(ctx, l), l?.grace, p.graceSeconds);
    const budget = {
      grace: grace.seconds,
      graceFrom: grace.from,
      preStop: p.preStopSleepSeconds,
      termination: p.terminationGracePeriodSeconds,
      sleepAction: shellless(ctx),
    };
    checkManifest(ctx.text, y, [ctx.service.name], budget, ctx.report);
  },
});
