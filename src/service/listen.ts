// Which TCP port the final stage's server listens on: the server's own flags first (that is where
// the process really binds), then the variables it reads, then EXPOSE, then the server's default.
import type { Instruction } from 'dockerfile-ast';
import type { Command } from './run-shell.js';
import { expand, type FinalStage, type StartCommand } from './final-stage.js';

export interface Port {
  port: number;
  /** where it was read, for messages (`--port 8007`, `EXPOSE 80`, `ENV PORT`) */
  source: string;
}

export interface Listen {
  /** the HTTP port to probe */
  port?: Port;
  /** the server speaks TLS (a plain-HTTP probe would fail) */
  tls: boolean;
  /** it listens on a unix socket or an inherited fd, not a TCP port */
  noTcp: boolean;
  /** the server program, when recognised */
  server?: string;
  /** every port the stage mentions, to warn about privileged ones */
  all: Port[];
  /** the variable the server's port flag reads (`--port ${PORT}`, `-b :$PORT`), known value or not */
  portVar?: string;
}

interface ServerSpec {
  default?: number;
  /** flags taking a port */
  port: string[];
  /** flags taking an address (`host:port`, `:port`, `unix:/x`) */
  bind: string[];
  tls: string[];
  noTcp: string[];
  /** environment variables the server reads its port from */
  env: string[];
}

const SERVERS: Record<string, ServerSpec> = {
  uvicorn: { default: 8000, port: ['--port'], bind: [], tls: ['--ssl-certfile', '--ssl-keyfile'], noTcp: ['--uds', '--fd'], env: ['UVICORN_PORT'] },
  gunicorn: { default: 8000, port: [], bind: ['-b', '--bind'], tls: ['--certfile', '--keyfile'], noTcp: [], env: ['PORT'] },
  hypercorn: { default: 8000, port: [], bind: ['-b', '--bind', '--insecure-bind'], tls: ['--certfile', '--keyfile'], noTcp: [], env: [] },
  granian: { default: 8000, port: ['--port'], bind: [], tls: ['--ssl-certificate', '--ssl-keyfile'], noTcp: ['--uds'], env: ['GRANIAN_PORT'] },
  daphne: { default: 8000, port: ['-p', '--port'], bind: [], tls: [], noTcp: ['-u', '--unix-socket', '--fd'], env: [] },
  'waitress-serve': { default: 8080, port: ['--port'], bind: ['--listen'], tls: [], noTcp: ['--unix-socket'], env: [] },
  flask: { default: 5000, port: ['-p', '--port'], bind: [], tls: ['--cert'], noTcp: [], env: ['FLASK_RUN_PORT'] },
  fastapi: { default: 8000, port: ['--port'], bind: [], tls: [], noTcp: [], env: [] },
};

const RUNNERS = new Set(['poetry', 'pipenv', 'uv', 'pdm', 'hatch', 'rye']);
const INITS = new Set(['tini', 'dumb-init', 'tini-static']);

/**
 * The program a start command really runs, past an init (`tini --`, `dumb-init`) and a project
 * runner (`poetry run`, `pipenv run`, `uv run`): `poetry run uvicorn main:app` → uvicorn.
 */
export function unwrapStart(name: string, args: string[]): { name: string; args: string[] } {
  for (let i = 0; i < 3; i++) {
    if (INITS.has(name) && args.length) {
      const at = args[0] === '--' ? 1 : args.findIndex((a) => !a.startsWith('-'));
      if (at < 0 || !args[at]) break;
      name = args[at].slice(args[at].lastIndexOf('/') + 1);
      args = args.slice(at + 1);
    } else if (RUNNERS.has(name) && args[0] === 'run' && args[1]) {
      name = args[1].slice(args[1].lastIndexOf('/') + 1);
      args = args.slice(2);
    } else break;
  }
  return { name, args };
}

/** The server command among the start commands (`python -m uvicorn` included). */
function serverOf(cmds: Command[]): { name: string; args: string[] } | undefined {
  for (const c of cmds) {
    let { name, args } = unwrapStart(c.name, c.args.map((a) => a.value));
    if (/^python[0-9.]*$/.test(name) && args[0] === '-m' && args[1]) {
      name = args[1].split('.')[0];
      args = args.slice(2);
    }
    if (SERVERS[name]) return { name, args };
    if (/^python[0-9.]*$/.test(c.name) && /(^|\/)manage\.py$/.test(args[0] ?? '') && args[1] === 'runserver') {
      return { name: 'django', args: args.slice(2) };
    }
  }
  return undefined;
}

/** The value of `--flag v` / `--flag=v` / `-fv` for each flag occurrence, with the flag as written. */
function flagHits(args: string[], flags: string[]): { flag: string; value: string }[] {
  const out: { flag: string; value: string }[] = [];
  for (let i = 0; i < args.length; i++) {
    for (const f of flags) {
      if (args[i] === f && i + 1 < args.length) out.push({ flag: f, value: args[i + 1] });
      else if (f.startsWith('--') && args[i].startsWith(`${f}=`)) out.push({ flag: f, value: args[i].slice(f.length + 1) });
      else if (/^-[a-z]$/.test(f) && args[i].startsWith(f) && args[i].length > 2 && !args[i].startsWith('--')) out.push({ flag: f, value: args[i].slice(2) });
    }
  }
  return out;
}

const flagValues = (args: string[], flags: string[]) => flagHits(args, flags).map((h) => h.value);

/** `0.0.0.0:8000`, `:8000`, `[::]:8000`, `*:8080`, `unix:/run/x.sock`, `fd://3`. */
function portOfAddress(addr: string): number | 'no-tcp' | undefined {
  if (/^(unix:|fd:\/\/)/.test(addr)) return 'no-tcp';
  const m = /:(\d+)$/.exec(addr);
  return m ? +m[1] : undefined;
}

function toPort(value: string | undefined, vars: Map<string, string>): number | undefined {
  if (value === undefined) return undefined;
  const v = expand(value, vars);
  return v !== undefined && /^\d{1,5}$/.test(v.trim()) && +v > 0 && +v < 65536 ? +v : undefined;
}

export function exposedPorts(instructions: Instruction[], vars: Map<string, string>): Port[] {
  const out: Port[] = [];
  for (const ins of instructions) {
    if (ins.getKeyword() !== 'EXPOSE') continue;
    for (const a of ins.getArguments()) {
      const raw = expand(a.getValue(), vars) ?? a.getValue();
      const m = /^(\d+)(?:-\d+)?(\/(tcp|udp|sctp))?$/i.exec(raw);
      if (m && m[3]?.toLowerCase() !== 'udp' && m[3]?.toLowerCase() !== 'sctp') out.push({ port: +m[1], source: `EXPOSE ${raw}` });
    }
  }
  return out;
}

export function listenOf(fs: FinalStage, start: StartCommand | undefined): Listen {
  const vars = fs.vars;
  const out: Listen = { tls: false, noTcp: false, all: [] };
  const exposed = exposedPorts(fs.instructions, vars);
  out.all.push(...exposed);
  const envPort = toPort(vars.get('PORT'), vars);
  if (envPort !== undefined) out.all.push({ port: envPort, source: 'ENV PORT' });

  const server = start ? serverOf(start.commands) : undefined;
  if (server) {
    out.server = server.name;
    const spec = SERVERS[server.name];
    if (spec) {
      if (flagValues(server.args, spec.tls).length) out.tls = true;
      if (flagValues(server.args, spec.noTcp).length || server.args.some((a) => spec.noTcp.includes(a))) out.noTcp = true;
      const flagPort = flagHits(server.args, spec.port).map((h) => ({ v: `${h.flag} ${h.value}`, p: toPort(h.value, vars) }));
      for (const { v, p } of flagPort) if (p !== undefined) out.all.push({ port: p, source: `${server.name} ${v}` });
      const binds = flagHits(server.args, spec.bind);
      const bindPorts: Port[] = [];
      for (const b of binds) {
        const addr = expand(b.value, vars);
        const p = addr === undefined ? undefined : portOfAddress(addr);
        if (p === 'no-tcp') out.noTcp = true;
        else if (p !== undefined) bindPorts.push({ port: p, source: `${server.name} ${b.flag} ${b.value}` });
        else if (addr !== undefined && !/:/.test(addr) && spec.default) bindPorts.push({ port: spec.default, source: `${server.name}'s default port` });
      }
      out.all.push(...bindPorts);
      out.portVar = [...flagHits(server.args, spec.port), ...binds].map((h) => /\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(h.value)?.[1]).find(Boolean);
      const fromFlags = flagPort.find((f) => f.p !== undefined);
      if (fromFlags) out.port = { port: fromFlags.p!, source: `${server.name} ${fromFlags.v}` };
      else if (bindPorts.length) {
        out.port = bindPorts[0];
        out.noTcp = false; // one TCP bind among sockets is enough to probe
      } else if (flagPort.length || binds.length) {
        // The flag is there but its value is not known: do not guess.
      } else if (server.name === 'gunicorn' && server.args.some((a) => a === '-c' || a.startsWith('--config'))) {
        // gunicorn's bind is in its config file (or GUNICORN_CMD_ARGS): EXPOSE is the best hint.
        if (exposed.length === 1) out.port = exposed[0];
      } else {
        const fromEnv = spec.env.map((e) => ({ e, p: toPort(vars.get(e), vars) })).find((x) => x.p !== undefined);
        if (fromEnv) out.port = { port: fromEnv.p!, source: `ENV ${fromEnv.e}` };
        else if (spec.default) out.port = { port: spec.default, source: `${server.name}'s default port` };
      }
      if (out.port && !out.all.some((p) => p.port === out.port!.port)) out.all.push(out.port);
      return out;
    }
    // django runserver [addr:]port
    const addr = server.args.find((a) => !a.startsWith('-'));
    const p = addr ? toPort(/(\d+)$/.exec(addr)?.[1], vars) : 8000;
    if (p !== undefined) {
      out.port = { port: p, source: addr ? `runserver ${addr}` : "runserver's default port" };
      out.all.push(out.port);
    }
    return out;
  }
  // An unknown program (python service.py, ./start.sh): its own --port flag, the service's PORT
  // variable, else EXPOSE.
  const args = start?.commands.flatMap((c) => c.args.map((a) => a.value)) ?? [];
  const own = flagHits(args, ['--port', '-p']).map((h) => ({ h, p: toPort(h.value, vars) })).find((x) => x.p !== undefined);
  if (own) {
    out.port = { port: own.p!, source: `${own.h.flag} ${own.h.value} in the start command` };
    out.all.push(out.port);
  } else if (envPort !== undefined) out.port = { port: envPort, source: 'ENV PORT' };
  else if (aspnet(vars)) out.port = aspnet(vars);
  else if (exposed.length === 1) out.port = exposed[0];
  else if (new Set(exposed.map((e) => e.port)).size === 1 && exposed.length) out.port = exposed[0];
  return out;
}

/** ASP.NET Core's own variables: `ASPNETCORE_URLS=http://*:7070` (plain HTTP only), `ASPNETCORE_HTTP_PORTS=7070`. */
function aspnet(vars: Map<string, string>): Port | undefined {
  const urls = vars.get('ASPNETCORE_URLS');
  const m = urls ? /^http:\/\/[^:/;]+:(\d+)/.exec(expand(urls, vars) ?? urls) : undefined;
  if (m) return { port: +m[1], source: 'ENV ASPNETCORE_URLS' };
  const ports = vars.get('ASPNETCORE_HTTP_PORTS');
  const p = ports ? /^(\d+)/.exec(ports) : undefined;
  return p ? { port: +p[1], source: 'ENV ASPNETCORE_HTTP_PORTS' } : undefined;
}
