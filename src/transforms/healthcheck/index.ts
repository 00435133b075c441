import type { Instruction, Healthcheck } from 'dockerfile-ast';
import { defineTransform } from '../define.js';
import type { DockerDoc } from '../../languages/dockerfile.js';
import type { Fix, FixGroup } from '../../engine/types.js';
import type { RuleContext } from '../../engine/rule.js';
import { DEFAULT_PROFILE } from '../../engine/profile.js';
import { commandsOf, installedPackages, normalizeDist } from '../../service/run-shell.js';
import type { PythonDoc } from '../../languages/python.js';
import { pyTree } from '../../languages/python-tree.js';
import { runtimeOf, type BaseFacts } from '../../service/final-stage.js';
import { listenOf, exposedPorts } from '../../service/listen.js';
import { imageRole } from '../../service/image-role.js';
import { buildProbe, execForm, seconds } from './probe.js';
import { servesOf } from './serves.js';
import { httpTarget } from './target.js';
import { grpcProbeBinary, grpcHealthServed, grpcPort } from './grpc.js';
import { routePlan, routeGroup, planFor, hasRoute, creation, routeEdits } from './route.js';
import { keyword, continuation, insertBefore, insertAfter } from '../../languages/dockerfile-edit.js';
import { docs } from './docs.js';

const kw = (ins: Instruction) => ins.getKeyword();

/** Python distributions the image will have: requirements files of the service, `pip install`s. */
function pythonDeps(ctx: RuleContext<DockerDoc>): Set<string> | undefined {
  const files = (ctx.service?.filesOf('text') ?? []).filter((f) => /^requirements.*\.(txt|in)$/i.test(f.base));
  const deps = new Set<string>();
  for (const f of files) {
    for (const line of f.text.split('\n')) {
      const l = line.replace(/#.*/, '').trim();
      if (l && !l.startsWith('-')) deps.add(normalizeDist(l));
    }
  }
  const all = ctx.doc.instructions().filter((i) => kw(i) === 'RUN').flatMap((i) => commandsOf(ctx.doc, i));
  for (const p of installedPackages(all).pip) deps.add(p);
  return files.length || deps.size ? deps : undefined;
}

interface Verdict {
  /** why the probe cannot pass in this image */
  broken?: string;
  /** why replacing it is only unsafe */
  doubt?: string;
  /** a weakness worth a note when it does run */
  weak?: string;
}

/** Whether an existing HEALTHCHECK command can work in this image. */
function judgeProbe(ctx: RuleContext<DockerDoc>, hc: Instruction, base: BaseFacts): Verdict {
  const sub = hc.getArguments()[0];
  const from = ctx.doc.offset(sub.getRange().end);
  const body = ctx.doc.text.slice(from, ctx.doc.offset(hc.getRange().end)).trim();
  let cmds: { name: string; args: string[] }[];
  if (body.startsWith('[')) {
    let argv: unknown;
    try {
      argv = JSON.parse(body.replace(new RegExp(`\\${ctx.doc.ast.getEscapeCharacter()}[ \\t]*\\n`, 'g'), ' '));
    } catch {
      return {};
    }
    if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) return {};
    cmds = [{ name: (argv[0] ?? '').split('/').pop() ?? '', args: argv.slice(1) }];
  } else cmds = commandsOf(ctx.doc, hc, from).map((c) => ({ name: c.name, args: c.args.map((a) => a.value) }));
  const unseen = 'guardfix only sees what this Dockerfile installs; the base image or a COPY could still bring it';
  for (const c of cmds) {
    if ((c.name === 'curl' && !base.curl) || (c.name === 'wget' && !base.wget)) {
      return { broken: `it runs ${c.name}, which the final image does not have (${base.why}; no RUN installs it)`, doubt: unseen };
    }
    if (!/^python[0-9.]*$/.test(c.name) || c.args[0] !== '-c' || !c.args[1]) continue;
    const code = c.args[1];
    const deps = pythonDeps(ctx);
    for (const mod of ['requests', 'httpx', 'aiohttp']) {
      if (new RegExp(`\\bimport\\s+(?:[\\w.]+\\s*,\\s*)*${mod}\\b|\\bfrom\\s+${mod}\\b`).test(code) && deps && !deps.has(mod)) {
        return {
          broken: `it imports ${mod}, which is not in the service's requirements: the probe fails with ModuleNotFoundError and the container is never healthy`,
          doubt: `a dependency could pull ${mod} in, which guardfix cannot see`,
        };
      }
    }
    if (/requests\.get\(/.test(code) && !/raise_for_status|status_code|\.ok\b/.test(code)) {
      return { weak: 'requests.get() does not fail on a 5xx answer, so this probe only notices a refused connection' };
    }
  }
  return {};
}

function hcLine(doc: DockerDoc, opts: string, argv: string[]): string {
  return `${keyword(doc, 'HEALTHCHECK')} ${opts} ${continuation(doc)}${keyword(doc, 'CMD')} ${execForm(argv)}`;
}

export default defineTransform<DockerDoc>({
  meta: {
    id: 'healthcheck',
    languages: ['dockerfile', 'python'],
    context: ['yaml', 'python', 'dockerfile'],
    severity: 'high',
    category: 'HEALTHCHECK',
    summary: 'The final stage needs an exec-form HEALTHCHECK that works inside the image',
    fix: 'sometimes',
    applicability: 'safe',
    sources: ['hadolint DL3025, DL3057', 'Trivy DS026', 'Checkov CKV_DOCKER_2'],
    docs,
  },
  async check(ctx) {
    if (ctx.language === 'python') return checkRoute(ctx as unknown as RuleContext<PythonDoc>);
    const doc = ctx.doc;
    const runtime = await runtimeOf(doc);
    if (!runtime) return;
    const { fs, base, start } = runtime;
    // Dev containers, test runners and base images serve nothing to probe.
    if (imageRole(ctx, runtime).role !== 'service') return;
    const hp = { ...DEFAULT_PROFILE.healthcheck, ...ctx.profile.healthcheck };
    const opts = `--interval=${hp.interval} --timeout=${hp.timeout} --start-period=${hp.startPeriod} --retries=${hp.retries}`;
    const timeout = seconds(hp.timeout) ?? 10;
    const existing = [...fs.instructions].reverse().find((i) => kw(i) === 'HEALTHCHECK');

    if (existing) {
      const sub = existing.getArguments()[0]?.getValue().toUpperCase();
      if (sub !== 'CMD') return; // HEALTHCHECK NONE: an explicit opt-out
      const range = doc.range(existing.getRange());
      const verdict = judgeProbe(ctx, existing, base);
      const body = doc.text.slice(doc.offset(existing.getArguments()[0].getRange().end), range.end).trim();
      if (!verdict.broken) {
        const notes = [
          ...(body.startsWith('[') ? [] : ['it uses the shell form, which needs /bin/sh in the image and hides the probe behind a shell (hadolint DL3025): write CMD ["program", "arg", …]']),
          ...(verdict.weak ? [verdict.weak] : []),
        ];
        if (notes.length) ctx.report({ ...range, severity: 'low', message: `The HEALTHCHECK works, but ${notes.join('; and ')}.` });
        return;
      }
      // Keep the author's timing; only the command changes.
      const own = (existing as Healthcheck).getFlags().find((f) => f.getName() === 'timeout')?.getValue();
      // Reuse the probe's own URL when it is a plain one; else the port the service listens on,
      // with the path the author's probe meant (a URL assembled at run time still shows it) or
      // one the service is known to serve.
      const written = /https?:\/\/[^\s'"\\)]+/.exec(body)?.[0];
      const plain = written && /^http:\/\/[\w.:[\]-]+(\/[\w\-./~%]*)?$/.test(written) ? written : undefined;
      const meant = plain ? undefined : /(?<![\w/])\/[\w-]*(?:health|live|ready|ping)[\w-]*(?=["'\s)\\]|$)/.exec(body)?.[0];
      const known = plain || written?.startsWith('https:') ? undefined : httpTarget(ctx, runtime);
      const path = meant ?? known?.path;
      const url = plain ?? (known?.port && !known.missing && path ? `http://127.0.0.1:${known.port.port}${path}` : undefined);
      const same = url === written;
      const probe = url ? buildProbe(url, (own && seconds(own)) || 30, base, start) : undefined;
      const cmdStart = doc.offset(existing.getArguments()[0].getRange().start);
      const fix: Fix | undefined = probe && {
        title: `Probe ${url} with ${probe.tool}`,
        applicability: 'unsafe',
        edits: [{ start: cmdStart, end: range.end, text: `${keyword(doc, 'CMD')} ${execForm(probe.argv)}` }],
      };
      ctx.report({
        ...range,
        message: `The HEALTHCHECK cannot pass in this image: ${verdict.broken}. ${fix ? `The fix probes ${same ? 'the same URL' : url} with ${probe!.tool}, which fails on a non-2xx answer and on a timeout; it is unsafe because ${verdict.doubt}.` : 'No fix: write a probe with a program the image has (python -c "import urllib.request; …").'}`,
        fix,
      });
      return;
    }

    const serves = servesOf(ctx, runtime);
    if (serves.kind === 'none') return; // a worker, a batch job, a CLI: nothing long-running to probe
    const at = doc.range(fs.stage.from.getRange());
    const head = `The final stage (${base.why}) has no HEALTHCHECK: Docker, Compose and ECS cannot tell a hung service from a healthy one`;
    const noFix = (why: string) => ctx.report({ ...at, message: `${head}. No fix: ${why}.` });
    const own = fs.stage.instructions;
    const anchor = own.find((i) => kw(i) === 'CMD' || kw(i) === 'ENTRYPOINT');
    const insert = (argv: string[]) => {
      const line = hcLine(doc, opts, argv);
      return anchor ? insertBefore(doc, anchor, line) : insertAfter(doc, own[own.length - 1] ?? fs.stage.from, line);
    };
    const listen = listenOf(fs, start);

    if (serves.kind === 'unknown') {
      const port = listen.port ?? exposedPorts(fs.instructions, fs.vars)[0];
      if (port) noFix(`guardfix cannot read what ${serves.why.replace(/^it starts /, '')} serves on port ${port.port} (${port.source}); add a HEALTHCHECK that checks it: an HTTP GET of a route it really serves, or its own client`);
      return;
    }
    if (serves.kind === 'other') {
      noFix(`${serves.why}, which speaks ${serves.protocol}, not HTTP: check it with its own client${CLIENTS[serves.protocol] ? `, e.g. HEALTHCHECK CMD ${CLIENTS[serves.protocol]}` : ''}`);
      return;
    }
    if (serves.kind === 'grpc') {
      const port = grpcPort(ctx) ?? listen.port;
      const bin = grpcProbeBinary(doc, runtime);
      if (!port) return noFix(`${serves.why}, and no port is known for it (no EXPOSE, no add_insecure_port, no Kubernetes probe)`);
      if (!bin) return noFix(`${serves.why}: it serves gRPC on port ${port.port}, which an HTTP probe cannot check. Put grpc_health_probe in the image (https://github.com/grpc-ecosystem/grpc-health-probe) and probe with HEALTHCHECK CMD ["/bin/grpc_health_probe", "-addr=127.0.0.1:${port.port}"]`);
      const health = grpcHealthServed(ctx);
      const argv = [bin, `-addr=127.0.0.1:${port.port}`];
      const unsafe = health ? [] : ['guardfix cannot see that the server registers the gRPC health service (grpc.health.v1.Health), without which the probe always fails'];
      ctx.report({
        ...at,
        message: `${head}. Fix: probe 127.0.0.1:${port.port} with grpc_health_probe, which the image has at ${bin}; ${serves.why}; port from ${port.source}${health ? `; ${health}` : ''}.${unsafe.length ? ` The fix is unsafe: ${unsafe.join('; ')}.` : ''}`,
        fix: { title: `Add HEALTHCHECK with grpc_health_probe on port ${port.port}`, applicability: unsafe.length ? 'unsafe' : 'safe', edits: [insert(argv)] },
      });
      return;
    }

    const where = httpTarget(ctx, runtime);
    if (where.missing || (!where.port && !where.portEnv)) return noFix(where.missing ?? 'no HTTP port is known');
    const unsafe: string[] = [];
    let path = where.path;
    let group: FixGroup | undefined;
    if (!path) {
      const decision = await routePlan(ctx, ctx.file);
      if (!decision) {
        // Not a Python app guardfix can read (nginx, Node, Java…): no advice about its code.
        return noFix(`no Kubernetes probe says which path answers, and guardfix cannot read which paths ${serves.server ?? 'the server'} serves: add a HEALTHCHECK that GETs one answering 200 cheaply, or a livenessProbe to its manifests`);
      }
      if (!('plan' in decision)) {
        return noFix(`no Kubernetes probe and no health route in the service's code say which path answers, and ${decision.missing}. Add a GET route that answers 200 without touching the database (e.g. /health) and a HEALTHCHECK that probes it`);
      }
      const { app, caveats } = decision.plan;
      path = decision.plan.path;
      group = await routeGroup(ctx, app.file);
      unsafe.push(`the app has no health route yet: the fix also adds GET ${path} to ${app.name} in ${app.file.rel} (${app.source}), and applies only with that part`, ...caveats);
      where.why.push(`path added to ${app.file.rel}`);
    }
    const url = `http://127.0.0.1:${where.port?.port ?? `$${where.portEnv}`}${path}`;
    const probe = buildProbe(url, timeout, base, start, where.portEnv ? { name: where.portEnv, port: where.port?.port } : undefined);
    if (!probe) return noFix(`the image has no Python, Node, curl or wget to probe ${url} with; install one in the final stage or ship a small probe binary`);
    if (probe.assumption) unsafe.push(probe.assumption);
    if (!start && !base.server) unsafe.push('the final stage has no CMD or ENTRYPOINT, so what listens is decided elsewhere');
    ctx.report({
      ...at,
      message: `${head}. Fix: probe ${url} with ${probe.tool}; ${where.why.join('; ')}.${unsafe.length ? ` The fix is unsafe: ${unsafe.join('; ')}.` : ''}`,
      fix: { title: `Add HEALTHCHECK on ${url}`, applicability: unsafe.length ? 'unsafe' : 'safe', edits: [insert(probe.argv)], ...(group && { group }) },
    });
  },
});

/** How servers of other protocols are checked with their own clients (for the message). */
const CLIENTS: Record<string, string> = {
  postgres: 'pg_isready -U postgres',
  mysql: 'mysqladmin ping -h 127.0.0.1',
  redis: 'redis-cli ping',
  mongodb: 'mongosh --quiet --eval "db.adminCommand(\'ping\')"',
};

/**
 * The Python half of the fix over two files: the health route a HEALTHCHECK of this app's
 * Dockerfile will probe, in the file that creates the app (see route.ts).
 */
async function checkRoute(ctx: RuleContext<PythonDoc>): Promise<void> {
  if (!/\b(FastAPI|Flask|Starlette|Quart)\s*\(/.test(ctx.text) || !ctx.workspace.filesOf('dockerfile').length) return;
  const plan = await planFor(ctx, ctx.file);
  if (!plan) return;
  const root = pyTree(ctx.doc).rootNode;
  if (hasRoute(root, plan.path)) return;
  const made = creation(root, plan.app);
  const edits = made && routeEdits(ctx.text, root, plan);
  if (!made || !edits) return;
  const group = await routeGroup(ctx, ctx.file);
  const dockerfiles = group.files.filter((f) => f !== ctx.file.path).map((f) => ctx.workspace.display(f));
  ctx.report({
    start: made.statement.startIndex,
    end: made.statement.endIndex,
    message: `${plan.app.name} (served by ${plan.app.source}) has no health route, and no Kubernetes probe names one: a HEALTHCHECK cannot tell whether it answers. Fix: add GET ${plan.path}, answering 200 without touching any backend, which the HEALTHCHECK added to ${dockerfiles.join(', ')} probes. The fix is unsafe: it adds a route to the app${plan.caveats.length ? `, and ${plan.caveats.join('; ')}` : ''}; it applies only together with the HEALTHCHECK.`,
    fix: { title: `Add GET ${plan.path} to ${plan.app.name}`, applicability: 'unsafe', edits, group },
  });
}
