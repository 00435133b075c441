import type { Instruction, Healthcheck } from 'dockerfile-ast';
import { defineTransform } from '../define.js';
import type { DockerDoc } from '../../languages/dockerfile.js';
import type { Fix } from '../../engine/types.js';
import type { RuleContext } from '../../engine/rule.js';
import { DEFAULT_PROFILE } from '../../engine/profile.js';
import { commandsOf, installedPackages, normalizeDist } from '../../service/run-shell.js';
import { runtimeOf, type BaseFacts, type FinalStage, type StartCommand } from '../../service/final-stage.js';
import { listenOf, type Port } from '../../service/listen.js';
import { kubernetesProbe, codeHealthRoute } from '../../service/health-path.js';
import { buildProbe, execForm, seconds } from './probe.js';
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

/** Queue workers serve no HTTP: the check that fits them, for the message. */
function workerProbe(c: { name: string; args: { value: string }[] }): string | undefined {
  const args = c.args.map((a) => a.value);
  if (c.name === 'celery' && args.includes('worker')) {
    const app = args[args.indexOf('-A') + 1] ?? args.find((a) => a.startsWith('--app='))?.slice(6);
    return `celery${app && args.includes('-A') ? ` -A ${app}` : ''} inspect ping -d celery@$HOSTNAME`;
  }
  if (c.name === 'rq' && args[0] === 'worker') return 'rq info (or a heartbeat file the worker touches)';
  if (['dramatiq', 'arq', 'huey_consumer', 'huey_consumer.py'].includes(c.name)) return 'a heartbeat file the worker touches, checked with test -n "$(find /tmp/heartbeat -mmin -1)"';
  return undefined;
}

function hcLine(doc: DockerDoc, opts: string, argv: string[]): string {
  return `${keyword(doc, 'HEALTHCHECK')} ${opts} ${continuation(doc)}${keyword(doc, 'CMD')} ${execForm(argv)}`;
}

interface Target {
  url?: string;
  why: string[];
  guessed: boolean;
  missing?: string;
}

/** Where to probe: port from the start command/ENV/EXPOSE (or the k8s probe), path from k8s or code. */
function target(ctx: RuleContext<DockerDoc>, fs: FinalStage, start: StartCommand | undefined): Target {
  const listen = listenOf(fs, start);
  if (listen.tls) return { why: [], guessed: false, missing: 'the server terminates TLS itself, so a plain-HTTP probe would fail; add a HEALTHCHECK that speaks HTTPS to it' };
  const k8s = kubernetesProbe(ctx, listen.port?.port);
  const port: Port | undefined = listen.port ?? (k8s?.port !== undefined ? { port: k8s.port, source: k8s.source } : undefined);
  if (!port) {
    const worker = start?.commands.map(workerProbe).find((w) => w);
    const missing = listen.noTcp
      ? 'the server listens on a unix socket or inherited descriptor, not an HTTP port'
      : worker
        ? `the start command runs a worker that serves no HTTP; probe it with its own command, e.g. HEALTHCHECK CMD ${worker}`
        : 'no HTTP port is known (no EXPOSE, no ENV PORT, no --port/--bind in the start command, no Kubernetes probe): add EXPOSE <port> or a HEALTHCHECK by hand';
    return { why: [], guessed: false, missing };
  }
  if (k8s && k8s.scheme !== 'HTTP') return { why: [], guessed: false, missing: `the ${k8s.source} uses ${k8s.scheme}; a plain-HTTP probe would fail` };
  const route = k8s ? undefined : codeHealthRoute(ctx);
  const path = k8s?.path ?? route?.path ?? '/health';
  const why = [`port from ${port.source}`, k8s ? `path from the ${k8s.source}` : route ? `path from ${route.source}` : `path guessed: no Kubernetes probe and no health route in the service's code`];
  return { url: `http://127.0.0.1:${port.port}${path}`, why, guessed: !k8s && !route };
}

export default defineTransform<DockerDoc>({
  meta: {
    id: 'healthcheck',
    languages: ['dockerfile'],
    context: ['yaml', 'python'],
    severity: 'high',
    category: 'HEALTHCHECK',
    summary: 'The final stage needs an exec-form HEALTHCHECK that works inside the image',
    fix: 'sometimes',
    applicability: 'safe',
    sources: ['hadolint DL3025, DL3057', 'Trivy DS026', 'Checkov CKV_DOCKER_2'],
    docs,
  },
  async check(ctx) {
    const doc = ctx.doc;
    const runtime = await runtimeOf(doc);
    if (!runtime) return;
    const { fs, cmds, base, start } = runtime;
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
      // Reuse the probe's own URL when it is a plain one; else where the service is found to listen.
      const written = /https?:\/\/[^\s'"\\)]+/.exec(body)?.[0];
      let url = written && /^http:\/\/[\w.:[\]-]+(\/[\w\-./~%]*)?$/.test(written) ? written : written?.startsWith('https:') ? undefined : target(ctx, fs, start).url;
      const same = url === written;
      // A URL assembled at run time (f-string, $PORT) still shows which route the author meant.
      const meant = same ? undefined : /(?<![\w/])\/[\w-]*(?:health|live|ready|ping)[\w-]*(?=["'\s)\\]|$)/.exec(body)?.[0];
      if (url && meant) url = url.replace(/^(http:\/\/[^/]+).*/, `$1${meant}`);
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

    const at = doc.range(fs.stage.from.getRange());
    const where = target(ctx, fs, start);
    const head = `The final stage (${base.why}) has no HEALTHCHECK: Docker, Compose and ECS cannot tell a hung service from a healthy one`;
    if (!where.url) {
      ctx.report({ ...at, message: `${head}. No fix: ${where.missing}.` });
      return;
    }
    const probe = buildProbe(where.url, timeout, base, start);
    if (!probe) {
      ctx.report({ ...at, message: `${head}. No fix: the image has no Python, Node, curl or wget to probe ${where.url} with; install one in the final stage or ship a small probe binary.` });
      return;
    }
    const unsafe: string[] = [];
    if (where.guessed) unsafe.push(`the path ${new URL(where.url).pathname} is a guess`);
    if (probe.assumption) unsafe.push(probe.assumption);
    if (!start) unsafe.push('the final stage has no CMD or ENTRYPOINT, so what listens is decided elsewhere');
    const own = fs.stage.instructions;
    const anchor = own.find((i) => kw(i) === 'CMD' || kw(i) === 'ENTRYPOINT');
    const line = hcLine(doc, opts, probe.argv);
    const edit = anchor ? insertBefore(doc, anchor, line) : insertAfter(doc, own[own.length - 1] ?? fs.stage.from, line);
    ctx.report({
      ...at,
      message: `${head}. Fix: probe ${where.url} with ${probe.tool}; ${where.why.join('; ')}.${unsafe.length ? ` The fix is unsafe: ${unsafe.join('; ')}.` : ''}`,
      fix: { title: `Add HEALTHCHECK on ${where.url}`, applicability: unsafe.length ? 'unsafe' : 'safe', edits: [edit] },
    });
  },
});
