// gRPC servers answer health checks over gRPC (grpc.health.v1.Health), not HTTP: an HTTP GET on
// their port fails forever. The image can probe itself only with grpc_health_probe, when the
// Dockerfile puts it there (the pattern of Google's microservices-demo: wget it to
// /bin/grpc_health_probe), and only a server that registers the health service answers it.
import type { RuleContext } from '../../engine/rule.js';
import type { DockerDoc } from '../../languages/dockerfile.js';
import type { Runtime } from '../../service/final-stage.js';
import { execArgs, expand } from '../../service/final-stage.js';
import { serviceManifests, shortPath } from '../../service/k8s-manifests.js';
import { serviceCode } from '../../service/service-code.js';

const PROBE = /(?:^|[\s=O'"])(\/(?:[\w.-]+\/)*grpc_health_probe)(?=$|[\s'";&|)])/g;

/** Where grpc_health_probe lands in the final image: a RUN downloads it, or a COPY/ADD puts it there. */
export function grpcProbeBinary(doc: DockerDoc, rt: Runtime): string | undefined {
  let found: string | undefined;
  for (const ins of rt.fs.instructions) {
    const k = ins.getKeyword();
    if (k === 'RUN') {
      const text = doc.text.slice(doc.offset(ins.getRange().start), doc.offset(ins.getRange().end));
      for (const m of text.matchAll(PROBE)) if (!/https?:\/\/\S*$/.test(text.slice(0, m.index! + 1))) found = m[1];
    } else if (k === 'COPY' || k === 'ADD') {
      const words = (execArgs(doc, ins) ?? ins.getArguments().map((a) => a.getValue())).filter((w) => !w.startsWith('--'));
      if (words.length < 2 || !words.slice(0, -1).some((w) => /grpc_health_probe[^/]*$/.test(w))) continue;
      const dest = expand(words[words.length - 1], rt.fs.vars);
      if (dest?.startsWith('/')) found = dest.endsWith('/') ? `${dest}grpc_health_probe` : dest;
    }
  }
  return found;
}

/** Why the server is known to answer grpc.health.v1 (a cluster probe already checks it, or its code registers it). */
export function grpcHealthServed(ctx: RuleContext<DockerDoc>): string | undefined {
  const probe = serviceManifests(ctx).find((m) => m.facts.grpcProbes.length);
  if (probe) return `the ${probe.facts.grpcProbes[0].key} in ${shortPath(ctx, probe.file)} already checks it`;
  for (const f of serviceCode(ctx.workspace, ctx.service)) {
    const text = f.text; // '' when unreadable: matches nothing
    if (/add_HealthServicer_to_server|grpc_health\.v1|HealthServicer\(/.test(text)) return `${shortPath(ctx, f)} registers the health service`;
  }
  return undefined;
}

/** The gRPC port: the cluster probe's, or the one `add_insecure_port("[::]:50051")` names. */
export function grpcPort(ctx: RuleContext<DockerDoc>): { port: number; source: string } | undefined {
  for (const m of serviceManifests(ctx)) {
    const p = m.facts.grpcProbes.find((g) => g.port !== undefined);
    if (p) return { port: p.port!, source: `the ${p.key} in ${shortPath(ctx, m.file)}` };
  }
  for (const f of serviceCode(ctx.workspace, ctx.service)) {
    const text = f.text; // '' when unreadable: matches nothing
    const m = /add_insecure_port\(\s*['"][^'"]*:(\d+)['"]/.exec(text);
    if (m) return { port: +m[1], source: `add_insecure_port in ${shortPath(ctx, f)}` };
  }
  return undefined;
}
