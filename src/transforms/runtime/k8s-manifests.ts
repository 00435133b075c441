// The Kubernetes manifests of a service, as plain data: its own YAML files, or else the
// workspace's YAML files named after it (k8s/<service>/…, <service>.yaml). Helm templates are
// not YAML until rendered and are skipped by the yaml language.
import type { RuleContext } from '../../engine/types.js';
import type { SourceFile } from '../../engine/source-file.js';
import { languageById } from '../../languages/index.js';
import type { YamlDoc } from '../../languages/yaml.js';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function manifestFiles(ctx: RuleContext): SourceFile[] {
  const own = ctx.service?.filesOf('yaml') ?? [];
  if (own.length || !ctx.service) return own;
  const name = ctx.service.name.toLowerCase();
  return ctx.workspace.filesOf('yaml').filter((f) => {
    const rel = f.rel.toLowerCase();
    return rel.includes(`/${name}/`) || rel.startsWith(`${name}/`) || /[^/]*$/.exec(rel)![0].startsWith(`${name}.`);
  });
}

/** A file's path for messages: relative to the service when it lies inside it. */
export function shortPath(ctx: RuleContext, file: SourceFile): string {
  const svc = ctx.service?.rel;
  return svc && svc !== '.' && file.rel.startsWith(`${svc}/`) ? file.rel.slice(svc.length + 1) : file.rel;
}

export function serviceManifests(ctx: RuleContext): { file: SourceFile; js: unknown }[] {
  const yaml = languageById('yaml');
  if (!yaml) return [];
  const out: { file: SourceFile; js: unknown }[] = [];
  for (const file of manifestFiles(ctx)) {
    const doc = ctx.workspace.parsed<YamlDoc>(file, yaml);
    for (const d of doc?.docs ?? []) {
      try {
        out.push({ file, js: d.toJS({ maxAliasCount: 100 }) });
      } catch {
        // an alias bomb or a broken document: not a manifest we can read
      }
    }
  }
  return out;
}

/**
 * A pod spec that demands `runAsNonRoot: true` without naming a `runAsUser`: the kubelet then
 * checks the image's USER, and refuses a name ("image has non-numeric user … cannot verify user
 * is non-root"). Returns where, for the message.
 */
export function requiresNumericUser(ctx: RuleContext): string | undefined {
  for (const { file, js } of serviceManifests(ctx)) {
    let hit: string | undefined;
    const visit = (v: unknown): void => {
      if (hit) return;
      if (Array.isArray(v)) return v.forEach(visit);
      if (!isObj(v)) return;
      if (Array.isArray(v.containers)) {
        const pod = isObj(v.securityContext) ? v.securityContext : {};
        for (const c of v.containers) {
          const sc = isObj(c) && isObj(c.securityContext) ? c.securityContext : {};
          const nonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
          const uid = sc.runAsUser ?? pod.runAsUser;
          if (nonRoot === true && uid === undefined) hit = shortPath(ctx, file);
        }
      }
      Object.values(v).forEach(visit);
    };
    visit(js);
    if (hit) return hit;
  }
  return undefined;
}
