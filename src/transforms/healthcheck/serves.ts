// What the image serves, which decides what a HEALTHCHECK can be: HTTP (a GET of a health route),
// gRPC (grpc_health_probe), another protocol (its own client: no fix), or nothing at all (a worker,
// a batch job, a CLI: no long-running server, so no finding). From the Kubernetes probes, the
// start command, what the base image starts, and the code of a Python script it runs.
import type { RuleContext } from '../../engine/rule.js';
import type { DockerDoc } from '../../languages/dockerfile.js';
import type { PythonDoc } from '../../languages/python.js';
import type { Language } from '../../engine/types.js';
import type { Runtime } from '../../service/final-stage.js';
import { languageById } from '../../languages/index.js';
import { listenOf, unwrapStart } from '../../service/listen.js';
import { kubernetesProbe } from '../../service/health-path.js';
import { serviceManifests } from '../../service/k8s-manifests.js';
import { startFile } from '../../service/served-app.js';
import { grpcProbeBinary } from './grpc.js';

export type Serves =
  /** `server`: what answers, for messages (nginx, uvicorn, app.py) */
  | { kind: 'http'; why: string; server?: string }
  | { kind: 'grpc'; why: string }
  | { kind: 'other'; protocol: string; why: string }
  /** a server guardfix cannot read (Node, Java, a binary, a script): a finding only when it has a port */
  | { kind: 'unknown'; why: string }
  | { kind: 'none'; why: string };

/** Programs that run a queue worker, a scheduler or a batch, never a server. */
const NOT_SERVERS = new Map<string, (args: string[]) => boolean>([
  ['celery', (a) => a.includes('worker') || a.includes('beat')],
  ['rq', (a) => a[0] === 'worker'],
  ['dramatiq', () => true],
  ['arq', () => true],
  ['huey_consumer', () => true],
  ['huey_consumer.py', () => true],
  ['faust', (a) => a.includes('worker')],
  ['cron', () => true],
  ['crond', () => true],
  ['scrapy', () => true],
  ['locust', (a) => a.includes('--headless')],
  ['sleep', () => true],
]);

// What a Python script that serves looks like, beyond the FastAPI/Flask apps served-app.ts reads.
const SERVING = /\b(run_app|serve_forever|make_server|HTTPServer|web\.Application|\.listen\(|app\.run\(|uvicorn\.run\(|waitress\.serve|socketio\.run|serve\()/;
const GRPC_SERVER = /\bgrpc(\.aio)?\.server\(/;

export function servesOf(ctx: RuleContext<DockerDoc>, rt: Runtime): Serves {
  if (kubernetesProbe(ctx)) return { kind: 'http', why: 'its Kubernetes probe is an HTTP GET' };
  const grpcProbe = serviceManifests(ctx).flatMap((m) => m.facts.grpcProbes)[0];
  if (grpcProbe) return { kind: 'grpc', why: grpcProbe.via === 'grpc' ? `its ${grpcProbe.key} is a gRPC probe` : `its ${grpcProbe.key} runs grpc_health_probe` };
  if (grpcProbeBinary(ctx.doc, rt)) return { kind: 'grpc', why: 'the image installs grpc_health_probe' };

  const { start, base } = rt;
  if (!start) {
    const s = base.server;
    if (!s) return { kind: 'none', why: 'the image starts nothing of its own (no CMD or ENTRYPOINT)' };
    return s.protocol === 'http' ? { kind: 'http', why: `${s.image} starts ${s.server}`, server: s.server } : { kind: 'other', protocol: s.protocol, why: `${s.image} starts ${s.server}` };
  }
  const listen = listenOf(rt.fs, start);
  if (listen.server) return { kind: 'http', why: `it starts ${listen.server}`, server: listen.server };
  for (const c of start.commands) {
    const { name: program, args } = unwrapStart(c.name, c.args.map((a) => a.value));
    const name = /^python[0-9.]*$/.test(program) && args[0] === '-m' && args[1] ? args[1] : program;
    const rest = name === program ? args : args.slice(2);
    const not = NOT_SERVERS.get(name);
    if (not?.(rest)) return { kind: 'none', why: `it starts ${name} ${rest.join(' ')}`.trim() };
  }
  const started = startFile(ctx, rt);
  if (started?.script) {
    const python = languageById('python') as Language<PythonDoc> | undefined;
    const text = python ? ctx.workspace.parsed(started.file, python)?.text : undefined;
    if (text !== undefined) {
      if (GRPC_SERVER.test(text)) return { kind: 'grpc', why: `${started.file.rel} starts a gRPC server` };
      if (SERVING.test(text)) return { kind: 'http', why: `${started.file.rel} starts a server`, server: started.file.rel };
      return { kind: 'none', why: `${started.source} runs ${started.file.rel}, which starts no server` };
    }
  }
  const last = start.commands[start.commands.length - 1];
  const program = last ? unwrapStart(last.name, last.args.map((a) => a.value)).name : start.argv[0];
  // A database on its usual port, started by a script guardfix cannot read.
  const port = listen.port?.port;
  const db = port !== undefined ? WELL_KNOWN[port] : undefined;
  if (db) return { kind: 'other', protocol: db, why: `it listens on ${port}, ${db}'s port` };
  return { kind: 'unknown', why: `it starts ${program ?? 'a program'}` };
}

const WELL_KNOWN: Record<number, string> = { 5432: 'postgres', 3306: 'mysql', 6379: 'redis', 27017: 'mongodb' };
