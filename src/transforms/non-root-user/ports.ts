// Ports below 1024 the server binds: a non-root process cannot (Kubernetes does not lower that
// limit the way Docker does), so a USER there stops the service. Read from the stage's own
// start command and ENV/EXPOSE, and, when the Dockerfile starts nothing itself, from what its
// base image starts (tiangolo's gunicorn images and nginx bind 80 by default;
// src/data/base-images.json).
import type { RuleContext } from '../../engine/rule.js';
import type { Edit } from '../../engine/types.js';
import type { DockerDoc } from '../../languages/dockerfile.js';
import type { SourceFile } from '../../engine/source-file.js';
import { listenOf, type Port } from '../../service/listen.js';
import { expand, type Runtime } from '../../service/final-stage.js';
import { serviceManifests, shortPath } from '../../service/k8s-manifests.js';
import { composeServices } from '../../service/compose.js';
import { keyword } from '../../languages/dockerfile-edit.js';

export interface PortVerdict {
  port?: Port;
  /** why no USER can be added as things are, and what to do */
  problem?: string;
  /** the port moves with the fix: its edits, and what the reviewer must know */
  move?: { edits: Edit[]; line: string; note: string };
}

const higher = (p: number) => (p === 80 ? 8080 : p === 443 ? 8443 : 8000 + p);

function why(p: Port): string {
  return `the service listens on port ${p.port} (${p.source}), which a non-root process cannot bind (ports below 1024 need root or CAP_NET_BIND_SERVICE; Kubernetes does not lower that limit the way Docker does)`;
}

/** Where the workspace pins a container port: manifests and compose files that would need the move too. */
function mentions(ctx: RuleContext<DockerDoc>, port: number): string[] {
  const out = serviceManifests(ctx).filter((m) => m.facts.ports.includes(port)).map((m) => shortPath(ctx, m.file));
  for (const c of composeServices(ctx)) if (c.ports.includes(port)) out.push(`${c.file.rel} (service ${c.name})`);
  return [...new Set(out)];
}

/** The privileged port the service binds, if any, and whether the fix can move it. */
export function privilegedPort(ctx: RuleContext<DockerDoc>, rt: Runtime, python: SourceFile[]): PortVerdict | undefined {
  const { fs, start, base } = rt;
  // An EXPOSE of the port the image's own server binds moves with it (below).
  const movable = !start && base.server?.nonRoot === 'port' ? base.server.port : undefined;
  const own = listenOf(fs, start).all.find((p) => p.port < 1024 && !(p.port === movable && p.source.startsWith('EXPOSE')));
  if (own) return { port: own, problem: `${why(own)}. Move it to a port ≥ 1024 (e.g. ${higher(own.port)}), with the Service's targetPort and the probes, then run guardfix again` };

  const dp = base.defaultPort;
  if (dp && dp.port < 1024 && !dp.env.some((e) => fs.vars.has(e))) {
    const p = { port: dp.port, source: dp.source };
    return { port: p, problem: `${why(p)}. Set ENV ASPNETCORE_URLS=http://+:${higher(dp.port)} (with the port mappings and probes), then run guardfix again` };
  }

  // nginx, httpd, tiangolo's uWSGI+nginx images run their server as root by design, whichever
  // port it binds (nginx writes its pid and caches where only root may): their own story or none.
  const s = base.server;
  const first = start?.commands[0]?.name;
  const ownServer = s && (!start || first === s.server || first?.startsWith(`${s.server}-`));
  if (s && ownServer && (s.nonRoot === 'image' || s.nonRoot === 'none')) return { problem: `the ${s.image} image runs ${s.server} as root by design: ${s.advice}` };
  const server = start ? undefined : s;
  if (!server || server.dropsPrivileges) return undefined;
  const set = server.portEnv ? fs.vars.get(server.portEnv) : undefined;
  const value = set === undefined ? server.port : Number(expand(set, fs.vars));
  if (!(value < 1024)) return undefined;
  const port = { port: value, source: set === undefined ? `${server.server}, the server ${server.image} starts, binds ${value} by default` : `ENV ${server.portEnv}` };
  if (server.nonRoot !== 'port' || !server.portEnv) return { port, problem: `${why(port)}: ${server.advice ?? 'move it to a port ≥ 1024 first'}` };

  const target = higher(value);
  const pinned = mentions(ctx, value);
  if (pinned.length) {
    return { port, problem: `${why(port)}. The image moves it with ENV ${server.portEnv}=${target}, but ${pinned.join(', ')} also name${pinned.length > 1 ? '' : 's'} port ${value}: move them together, then run guardfix again` };
  }
  // A gunicorn_conf.py of the app's own replaces the image's, which is what reads PORT.
  const conf = python.find((f) => f.base === 'gunicorn_conf.py');
  if (conf && !/\bPORT\b/.test(conf.text)) {
    return { port, problem: `${why(port)}, and the app's own ${conf.rel} decides the bind address without reading PORT: change its bind to a port ≥ 1024 first` };
  }
  const edits: Edit[] = [];
  for (const ins of fs.stage.instructions.filter((i) => i.getKeyword() === 'EXPOSE')) {
    for (const a of ins.getArguments()) {
      if (expand(a.getValue(), fs.vars)?.replace(/\/tcp$/i, '') !== String(value)) continue;
      const r = ctx.doc.range(a.getRange());
      edits.push({ ...r, text: a.getValue().replace(String(value), String(target)) });
    }
  }
  return {
    port,
    move: {
      edits,
      line: `${keyword(ctx.doc, 'ENV')} ${server.portEnv}=${target}`,
      note: `the container now listens on ${target}, not ${value} (ENV ${server.portEnv}=${target}, which ${server.image}'s start script reads): whatever publishes or probes port ${value} (docker run -p …:${value}, a load balancer) must use ${target}`,
    },
  };
}
