// Docker Compose services built from a Dockerfile: the ports they publish (a port the container
// stops listening on breaks the mapping) and the command they run instead of the image's (one
// image often runs as the web server and as a worker). Read from the original text of every
// compose file in a folder that holds the Dockerfile.
import { dirname, join, resolve } from 'node:path';
import type { RuleContext } from '../engine/rule.js';
import type { SourceFile } from '../engine/source-file.js';
import { languageById } from '../languages/index.js';
import type { YamlDoc } from '../languages/yaml.js';
import { isObj } from './manifest-facts.js';

export interface ComposeService {
  name: string;
  file: SourceFile;
  /** container ports it publishes or exposes */
  ports: number[];
  /** `command:` as written, when the service overrides the image's */
  command?: string;
}

const COMPOSE = /^(docker-)?compose([._-][\w.-]*)?\.ya?ml$/i;

/** Container port of a `ports:` entry: `80`, `"8080:80"`, `"127.0.0.1:8080:80/tcp"`, `{ target: 80 }`. */
function containerPort(entry: unknown): number | undefined {
  if (typeof entry === 'number') return entry;
  if (typeof entry === 'string') {
    const m = /(?:^|:)(\d+)(?:-\d+)?(?:\/\w+)?$/.exec(entry.trim());
    return m ? +m[1] : undefined;
  }
  if (isObj(entry) && entry.target !== undefined) return Number(entry.target) || undefined;
  return undefined;
}

/** The compose services whose `build` is this Dockerfile. */
export function composeServices(ctx: RuleContext): ComposeService[] {
  const yaml = languageById('yaml');
  if (!yaml) return [];
  const df = ctx.file.path;
  const out: ComposeService[] = [];
  for (const file of ctx.workspace.filesOf('yaml')) {
    if (!COMPOSE.test(file.base) || !df.startsWith(dirname(file.path) + '/')) continue;
    const docs = ctx.workspace.parsed<YamlDoc>(file, yaml)?.docs ?? [];
    for (const d of docs) {
      let js: unknown;
      try {
        js = d.toJS({ maxAliasCount: 100 });
      } catch {
        continue;
      }
      const services = isObj(js) && isObj(js.services) ? js.services : undefined;
      for (const [name, svc] of Object.entries(services ?? {})) {
        if (!isObj(svc) || !builds(svc.build, dirname(file.path), df)) continue;
        const ports = [...(Array.isArray(svc.ports) ? svc.ports : []), ...(Array.isArray(svc.expose) ? svc.expose : [])].map(containerPort).filter((p): p is number => p !== undefined);
        const command = Array.isArray(svc.command) ? svc.command.map(String).join(' ') : typeof svc.command === 'string' ? svc.command : undefined;
        out.push({ name, file, ports, command });
      }
    }
  }
  return out;
}

function builds(build: unknown, composeDir: string, dockerfile: string): boolean {
  const context = typeof build === 'string' ? build : isObj(build) && typeof build.context === 'string' ? build.context : isObj(build) ? '.' : undefined;
  if (context === undefined || /^[a-z]+:\/\//i.test(context)) return false;
  const dir = resolve(composeDir, context);
  const name = isObj(build) && typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
  return resolve(dir, name) === dockerfile || join(dir, name) === dockerfile;
}
