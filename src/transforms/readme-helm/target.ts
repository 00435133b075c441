// Where the fleet's Helm deploy lives: a deploy.sh whose folder holds a chart (the seed's
// `cd helm-charts && ./deploy.sh <release> <env>`), else the chart of the service itself.
// Only paths that exist in the workspace are ever proposed.
import { basename, dirname, sep } from 'node:path';
import type { Workspace } from '../../engine/workspace.js';
import { yaml, type YamlDoc } from '../../languages/yaml.js';
import { k8sObjects, strAt } from '../../languages/k8s.js';
import { remembered, type Reads } from '../../engine/reads.js';

export interface Chart {
  dir: string;
  name: string;
}

export type Target =
  | { kind: 'script'; script: string }
  | { kind: 'chart'; chart: Chart; guess?: string }
  /** `helm`: what shows the workspace deploys with Helm all the same (charts of other services, a script that runs helm) */
  | { kind: 'none'; why: string; helm?: string };

const under = (p: string, dir: string) => p.startsWith(dir + sep);

interface Index {
  charts: Chart[];
  scripts: string[];
  /** every path and every folder above one */
  paths: Set<string>;
  /** where the workspace runs helm without a chart of its own (a deploy script, a CI job, a helmfile) */
  helmRun?: string;
}

// Per workspace, once: a fleet has thousands of READMEs and tens of thousands of paths.
const indexes = new WeakMap<Workspace, { value: Index; reads: Reads }>();

function index(ws: Workspace): Index {
  return remembered(indexes, ws, () => readIndex(ws));
}

function readIndex(ws: Workspace): Index {
  const paths = new Set<string>();
  for (const p of ws.allPaths) {
    for (let d = p; !paths.has(d) && dirname(d) !== d; d = dirname(d)) paths.add(d);
  }
  const cs = charts(ws);
  const scripts = ws.allPaths.filter((p) => basename(p) === 'deploy.sh' && cs.some((c) => under(c.dir, dirname(p))));
  return { charts: cs, scripts, paths, helmRun: cs.length ? undefined : helmRun(ws) };
}

const RUNS_HELM = /\bhelm(?:file)?\s+(?:[\w=-]+\s+)*?(upgrade|install|apply|sync)\b/;
const CI = /(^|\/)(\.github\/workflows\/[^/]+|\.gitlab-ci|azure-pipelines|bitbucket-pipelines|\.circleci\/config|cloudbuild|skaffold)\.ya?ml$/i;

/** A deploy script, CI job or helmfile that runs helm, when the charts come from elsewhere (a chart repository). */
function helmRun(ws: Workspace): string | undefined {
  const helmfile = ws.allPaths.find((p) => /^helmfile\.ya?ml(\.gotmpl)?$/i.test(basename(p)));
  if (helmfile) return `${ws.display(helmfile)} deploys with helmfile`;
  for (const f of [...ws.filesOf('text'), ...ws.filesOf('yaml')]) {
    // Names first: reading a file's text loads it.
    if ((f.language === 'yaml' && !CI.test(f.rel)) || (f.language === 'text' && !/\.(sh|bash)$|^makefile$/i.test(f.base)) || f.error) continue;
    const m = RUNS_HELM.exec(f.text);
    if (m) return `${f.rel} runs helm ${m[1]}`;
    if (/^skaffold\.ya?ml$/i.test(f.base) && /^\s*helm:\s*$/m.test(f.text)) return `${f.rel} deploys with Helm`;
  }
  return undefined;
}

/** Every chart of the workspace (Chart.yaml), without the subcharts vendored under charts/. */
function charts(ws: Workspace): Chart[] {
  const dirs = ws.allPaths.filter((p) => basename(p) === 'Chart.yaml').map(dirname);
  return dirs
    .filter((d) => !dirs.some((o) => under(d, o + sep + 'charts')))
    .map((dir) => {
      const file = ws.files.find((f) => f.path === `${dir}${sep}Chart.yaml`);
      const doc = file ? ws.parsed<YamlDoc>(file, yaml) : undefined;
      const name = doc?.docs[0] ? strAt(doc.docs[0].contents as never, ['name']) : undefined;
      return { dir, name: name ?? basename(dir) };
    });
}

function commonLength(a: string, b: string): number {
  const x = a.split(sep);
  const y = b.split(sep);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

/** The deploy to document for a file in `from` (a folder) of service `service`. */
export function deployTarget(ws: Workspace, from: string, service: string): Target {
  const { charts: cs, scripts: all, helmRun: run } = index(ws);
  if (!cs.length) return { kind: 'none', why: 'there is no Helm chart (Chart.yaml) in the workspace', helm: run };
  const scripts = [...all].sort((a, b) => commonLength(b, from) - commonLength(a, from) || a.length - b.length || a.localeCompare(b));
  if (scripts.length) return { kind: 'script', script: scripts[0] };
  const inside = cs.filter((c) => under(c.dir, from));
  if (inside.length === 1) return { kind: 'chart', chart: inside[0] };
  const named = cs.filter((c) => basename(c.dir) === service || c.name === service);
  if (named.length === 1) return { kind: 'chart', chart: named[0] };
  if (cs.length === 1) {
    return { kind: 'chart', chart: cs[0], guess: `the workspace's only chart, ${cs[0].name}, is not named after ${service}: check that it deploys it` };
  }
  const list = [...new Set(cs.map((c) => c.name))].slice(0, 4).join(', ');
  return { kind: 'none', why: `none of them is named after ${service}`, helm: `the workspace's charts: ${list}` };
}

/** Does a path (file or folder) exist in the workspace? */
export function exists(ws: Workspace, p: string): boolean {
  return index(ws).paths.has(p);
}

/** The one namespace the manifests under these paths declare, if they agree on one. */
export function manifestNamespace(ws: Workspace, paths: string[]): string | undefined {
  const found = new Set<string>();
  for (const f of ws.filesOf('yaml')) {
    if (!paths.some((p) => f.path === p || under(f.path, p))) continue;
    for (const o of k8sObjects(ws.parsed<YamlDoc>(f, yaml))) if (o.namespace) found.add(o.namespace);
  }
  return found.size === 1 ? [...found][0] : undefined;
}
