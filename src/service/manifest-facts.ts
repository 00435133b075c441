// What the runtime rules read from one Kubernetes manifest: its HTTP and gRPC probes
// (healthcheck), the container ports it pins, and whether a pod demands a non-root user without
// naming one (non-root-user). Computed once per
// file from its original text and kept per file: both rules ask on every pass of every
// Dockerfile, and converting the YAML again each time cost more than the rules themselves.
import type { Language } from '../engine/types.js';
import type { SourceFile } from '../engine/source-file.js';
import type { Workspace } from '../engine/workspace.js';
import { mayHold, type YamlDoc } from '../languages/yaml.js';
import { remembered, type Reads } from '../engine/reads.js';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

export const PROBES = ['livenessProbe', 'startupProbe', 'readinessProbe'] as const;

export interface HttpProbe {
  key: (typeof PROBES)[number];
  /** its place in PROBES: liveness first */
  rank: number;
  path: string;
  /** the probe's port, when it resolves to a number */
  port?: number;
  scheme: string;
}

/** A probe that speaks gRPC: Kubernetes' own `grpc:` probe, or an exec of grpc_health_probe. */
export interface GrpcProbe {
  key: (typeof PROBES)[number];
  rank: number;
  port?: number;
  via: 'grpc' | 'exec';
  /** the exec probe's command, as written */
  command?: string[];
}

export interface ManifestFacts {
  /** every httpGet probe with an absolute path, in document order */
  probes: HttpProbe[];
  grpcProbes: GrpcProbe[];
  /** numeric containerPort, targetPort and probe ports: what a port move must change too */
  ports: number[];
  /** a container runs with runAsNonRoot: true (its own or the pod's) and no runAsUser */
  numericUser: boolean;
}

const memo = new WeakMap<SourceFile, { value: ManifestFacts; reads: Reads }>();

export function manifestFacts(ws: Workspace, file: SourceFile, yaml: Language<YamlDoc>): ManifestFacts {
  return remembered(memo, file, () => readManifestFacts(ws, file, yaml));
}

function readManifestFacts(ws: Workspace, file: SourceFile, yaml: Language<YamlDoc>): ManifestFacts {
  const facts: ManifestFacts = { probes: [], grpcProbes: [], ports: [], numericUser: false };
  const docs = mayHold(file.text, ['httpGet', 'runAsNonRoot', 'grpc', 'Port']) ? ws.parsed(file, yaml)?.docs : undefined;
  for (const d of docs ?? []) {
    let js: unknown;
    try {
      js = d.toJS({ maxAliasCount: 100 });
    } catch {
      continue; // an alias bomb or a broken document: not a manifest we can read
    }
    readProbes(js, facts.probes);
    readGrpcProbes(js, facts.grpcProbes);
    readPorts(js, facts.ports);
    facts.numericUser ||= needsNumericUser(js);
  }
  return facts;
}

function readProbes(v: unknown, out: HttpProbe[]): void {
  if (Array.isArray(v)) return v.forEach((x) => readProbes(x, out));
  if (!isObj(v)) return;
  for (const [rank, key] of PROBES.entries()) {
    const probe = v[key];
    const get = isObj(probe) ? probe.httpGet : undefined;
    if (!isObj(get) || typeof get.path !== 'string' || !get.path.startsWith('/')) continue;
    out.push({ key, rank, path: get.path, port: resolvePort(get.port, v.ports), scheme: typeof get.scheme === 'string' ? get.scheme.toUpperCase() : 'HTTP' });
  }
  Object.values(v).forEach((x) => readProbes(x, out));
}

function readGrpcProbes(v: unknown, out: GrpcProbe[]): void {
  if (Array.isArray(v)) return v.forEach((x) => readGrpcProbes(x, out));
  if (!isObj(v)) return;
  for (const [rank, key] of PROBES.entries()) {
    const probe = v[key];
    if (!isObj(probe)) continue;
    if (isObj(probe.grpc)) out.push({ key, rank, port: resolvePort(probe.grpc.port, v.ports), via: 'grpc' });
    const command = isObj(probe.exec) && Array.isArray(probe.exec.command) ? probe.exec.command.map(String) : undefined;
    const probeAt = command?.findIndex((w) => /(^|\/)grpc_health_probe$/.test(w)) ?? -1;
    if (command && probeAt >= 0) {
      const addr = command.find((w) => /^-addr[= ]/.test(w));
      out.push({ key, rank, port: addr ? Number(/:(\d+)$/.exec(addr)?.[1]) || undefined : undefined, via: 'exec', command });
    }
  }
  Object.values(v).forEach((x) => readGrpcProbes(x, out));
}

const PORT_KEYS = new Set(['containerPort', 'targetPort', 'port']);

/** Numeric ports under containers' `ports`, Services' `targetPort` and probes. */
function readPorts(v: unknown, out: number[], key?: string): void {
  if (Array.isArray(v)) return v.forEach((x) => readPorts(x, out, key));
  if (!isObj(v)) {
    if (key && PORT_KEYS.has(key) && typeof v === 'number') out.push(v);
    return;
  }
  for (const [k, x] of Object.entries(v)) readPorts(x, out, k);
}

function resolvePort(p: unknown, ports: unknown): number | undefined {
  if (typeof p === 'number') return p;
  if (typeof p === 'string' && /^\d+$/.test(p)) return +p;
  if (typeof p === 'string' && Array.isArray(ports)) {
    const named = ports.find((x) => isObj(x) && x.name === p);
    if (isObj(named) && typeof named.containerPort === 'number') return named.containerPort;
  }
  return undefined;
}

function needsNumericUser(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(needsNumericUser);
  if (!isObj(v)) return false;
  if (Array.isArray(v.containers)) {
    const pod = isObj(v.securityContext) ? v.securityContext : {};
    for (const c of v.containers) {
      const sc = isObj(c) && isObj(c.securityContext) ? c.securityContext : {};
      if ((sc.runAsNonRoot ?? pod.runAsNonRoot) === true && (sc.runAsUser ?? pod.runAsUser) === undefined) return true;
    }
  }
  return Object.values(v).some(needsNumericUser);
}
