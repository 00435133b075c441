// The Kubernetes manifests of a service: its own YAML files, or else the workspace's YAML files
// named after it (k8s/<service>/…, <service>.yaml), with what the runtime rules read from each
// (manifest-facts.ts). Helm templates are not YAML until rendered and are skipped by the yaml
// language.
import type { Language } from '../engine/types.js';
import type { RuleContext } from '../engine/rule.js';
import type { SourceFile } from '../engine/source-file.js';
import { languageById } from '../languages/index.js';
import type { YamlDoc } from '../languages/yaml.js';
import { manifestFacts, type ManifestFacts } from './manifest-facts.js';

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

/**
 * The service's manifests, each read once per run: what the runtime rules ask of a manifest is
 * computed from its original text when first asked and kept per file (a few strings, not the
 * YAML tree), so the passes of every Dockerfile of the fleet do not parse and convert it again.
 */
export function serviceManifests(ctx: RuleContext): { file: SourceFile; facts: ManifestFacts }[] {
  const yaml = languageById('yaml');
  if (!yaml) return [];
  return manifestFiles(ctx).map((file) => ({ file, facts: manifestFacts(ctx.workspace, file, yaml as Language<YamlDoc>) }));
}

/**
 * A pod spec that demands `runAsNonRoot: true` without naming a `runAsUser`: the kubelet then
 * checks the image's USER, and refuses a name ("image has non-numeric user … cannot verify user
 * is non-root"). Returns where, for the message.
 */
export function requiresNumericUser(ctx: RuleContext): string | undefined {
  const hit = serviceManifests(ctx).find((m) => m.facts.numericUser);
  return hit && shortPath(ctx, hit.file);
}
