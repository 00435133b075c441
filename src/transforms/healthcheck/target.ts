// Where an HTTP HEALTHCHECK probes: the port the server binds and a path that exists. The path
// comes from the service's Kubernetes probe or from a route in its code, never from a guess: a
// guessed /health that the app does not serve keeps the container unhealthy forever.
import type { RuleContext } from '../../engine/rule.js';
import type { DockerDoc } from '../../languages/dockerfile.js';
import type { Runtime } from '../../service/final-stage.js';
import { listenOf, type Port } from '../../service/listen.js';
import { kubernetesProbe, codeHealthRoute } from '../../service/health-path.js';
import { startFile } from '../../service/served-app.js';
import { languageById } from '../../languages/index.js';
import { pyTree } from '../../languages/python-tree.js';
import { callArgs, callName, findAll } from '../../languages/python-ast.js';
import type { Language } from '../../engine/types.js';
import type { PythonDoc } from '../../languages/python.js';

export interface HttpTarget {
  port?: Port;
  /** the variable the server reads its port from (`--port ${PORT}`, tiangolo's PORT): the probe reads it too */
  portEnv?: string;
  path?: string;
  /** where port and path come from, for messages */
  why: string[];
  /** why no plain-HTTP probe can work (TLS, a unix socket, another scheme) or the port is unknown */
  missing?: string;
}

export function httpTarget(ctx: RuleContext<DockerDoc>, rt: Runtime): HttpTarget {
  const { fs, start, base } = rt;
  const listen = listenOf(fs, start);
  if (listen.tls) return { why: [], missing: 'the server terminates TLS itself, so a plain-HTTP probe would fail; add a HEALTHCHECK that speaks HTTPS to it' };
  if (listen.noTcp && !listen.port) return { why: [], missing: 'the server listens on a unix socket or inherited descriptor, not an HTTP port' };
  let port = listen.port;
  let portEnv = listen.portVar;
  const server = start ? undefined : base.server;
  // The image's start script reads its port variable at run time: so does the probe.
  if (server?.protocol === 'http' && server.portEnv && !portEnv) portEnv = server.portEnv;
  if (!port && server?.protocol === 'http') {
    const set = server.portEnv ? fs.vars.get(server.portEnv) : undefined;
    const value = set !== undefined && /^\d+$/.test(set) ? +set : server.port;
    port = { port: value, source: set !== undefined ? `ENV ${server.portEnv}` : `${server.image}'s default port` };
  }
  const own = start ? scriptPort(ctx, rt) : undefined;
  if (own?.ambiguous) return { why: [], missing: own.ambiguous };
  if (!port && !portEnv && own) {
    port = own.port;
    portEnv = own.env;
  }
  const k8s = kubernetesProbe(ctx, port?.port);
  if (!port && k8s?.port !== undefined) port = { port: k8s.port, source: k8s.source };
  // `-b :$PORT` with PORT set only at run time (Cloud Run, Heroku): the probe reads it the same way.
  if (!port && !portEnv) return { why: [], missing: 'no HTTP port is known (no EXPOSE, no ENV PORT, no --port/--bind in the start command, no Kubernetes probe): add EXPOSE <port>' };
  if (k8s && k8s.scheme !== 'HTTP') return { port, why: [], missing: `the ${k8s.source} uses ${k8s.scheme}; a plain-HTTP probe would fail` };
  if (!port && portEnv && k8s) return { why: [], missing: `the server's port is $${portEnv}, set only when the container runs` };
  const route = k8s ? undefined : codeHealthRoute(ctx);
  const why = [port ? `port from ${port.source}${portEnv ? ` (the probe reads $${portEnv} too)` : ''}` : `port from $${portEnv}, which the container is given when it runs (the probe reads it too)`];
  if (k8s) why.push(`path from the ${k8s.source}`);
  else if (route) why.push(`path from ${route.source}`);
  return { port, portEnv, path: k8s?.path ?? route?.path, why };
}

/**
 * The port a Python script passes to `app.run(…)` / `uvicorn.run(…)`, or that call's default;
 * `ambiguous` when its calls name different ports (which one runs is decided at run time).
 */
function scriptPort(ctx: RuleContext<DockerDoc>, rt: Runtime): { port?: Port; env?: string; ambiguous?: string } | undefined {
  const started = startFile(ctx, rt);
  const python = languageById('python') as Language<PythonDoc> | undefined;
  const doc = started?.script && python ? ctx.workspace.parsed(started.file, python) : undefined;
  if (!doc) return undefined;
  const literal = new Set<string>();
  for (const call of findAll(pyTree(doc).rootNode, 'call', { intoFunctions: true })) {
    const name = callName(call) ?? '';
    const arg = name === 'uvicorn.run' || /\.run$/.test(name) ? callArgs(call).keywords.get('port') : undefined;
    if (arg && /^\d+$/.test(arg.text)) literal.add(arg.text);
  }
  if (literal.size > 1) return { ambiguous: `${started!.file.rel} serves on port ${[...literal].join(' or ')}, whichever branch runs` };
  for (const call of findAll(pyTree(doc).rootNode, 'call', { intoFunctions: true })) {
    const name = callName(call) ?? '';
    const defaults = name === 'uvicorn.run' ? 8000 : /\.run$/.test(name) && /Flask|Quart/.test(doc.text) ? 5000 : undefined;
    if (defaults === undefined) continue;
    const arg = callArgs(call).keywords.get('port');
    const where = `${name}() in ${started!.file.rel}`;
    if (!arg) return { port: { port: defaults, source: `${where}, its default` } };
    if (/^\d+$/.test(arg.text)) return { port: { port: +arg.text, source: where } };
    // int(os.environ.get("PORT", 8080)), os.getenv("PORT", "5000"), os.environ["PORT"]
    const env = /os\.(?:environ\.get|getenv|environ)\s*[([]\s*['"]([A-Za-z_]\w*)['"](?:\s*,\s*['"]?(\d+))?/.exec(arg.text);
    if (env) return { port: env[2] ? { port: +env[2], source: `${where} (${env[1]}, default ${env[2]})` } : undefined, env: env[1] };
    return undefined;
  }
  return undefined;
}
