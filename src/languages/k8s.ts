// Kubernetes objects in parsed YAML (every document of a file, and the items of a `kind: List`),
// with helpers that keep to node ranges so edits leave comments and layout alone.
import { isMap, isScalar, isSeq, type Document, type Node as YamlNode, type Scalar, type YAMLMap } from 'yaml';
import type { Edit } from '../engine/types.js';
import type { YamlDoc } from './yaml.js';

export interface K8sObject {
  doc: Document.Parsed;
  /** the object's mapping node (a document's root, or an item of a List) */
  node: YAMLMap;
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
}

export type Path = (string | number)[];

/** The node at a path under a map (keys are strings, sequence indexes numbers). */
export function nodeAt(root: YamlNode | null | undefined, path: Path): YamlNode | undefined {
  let cur: unknown = root;
  for (const key of path) {
    if (isMap(cur)) cur = cur.get(key, true);
    else if (isSeq(cur) && typeof key === 'number') cur = cur.get(key, true);
    else return undefined;
  }
  return (cur ?? undefined) as YamlNode | undefined;
}

/** The string value of a scalar node (numbers and booleans as written), else undefined. */
export function str(n: YamlNode | null | undefined): string | undefined {
  if (!isScalar(n) || n.value === null || n.value === undefined) return undefined;
  return typeof n.value === 'string' ? n.value : String(n.source ?? n.value);
}

export function strAt(root: YamlNode | null | undefined, path: Path): string | undefined {
  return str(nodeAt(root, path));
}

/** The source range of a node's value (without trailing comments). */
export function rangeOf(n: YamlNode): { start: number; end: number } {
  const [start, end] = n.range ?? [0, 0];
  return { start, end };
}

function objectOf(doc: Document.Parsed, node: unknown): K8sObject | undefined {
  if (!isMap(node)) return undefined;
  const apiVersion = strAt(node, ['apiVersion']);
  const kind = strAt(node, ['kind']);
  if (!apiVersion || !kind) return undefined;
  return { doc, node, apiVersion, kind, name: strAt(node, ['metadata', 'name']), namespace: strAt(node, ['metadata', 'namespace']) };
}

/** Every Kubernetes object of a YAML file: documents with apiVersion and kind, and List items. */
export function k8sObjects(y: YamlDoc | undefined): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of y?.docs ?? []) {
    const obj = objectOf(doc, doc.contents);
    if (!obj) continue;
    const items = obj.kind.endsWith('List') ? nodeAt(obj.node, ['items']) : undefined;
    if (isSeq(items)) {
      for (const it of items.items) {
        const o = objectOf(doc, it);
        if (o) out.push(o);
      }
    } else out.push(obj);
  }
  return out;
}

/** Where each workload kind keeps its pod spec. */
export const POD_SPEC: Record<string, Path> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Rollout: ['spec', 'template', 'spec'], // Argo Rollouts
};

export function podSpec(obj: K8sObject): YAMLMap | undefined {
  const path = POD_SPEC[obj.kind];
  const n = path ? nodeAt(obj.node, path) : undefined;
  return isMap(n) ? n : undefined;
}

/** Annotations of an object as a map of key → value node. */
export function annotations(obj: K8sObject): Map<string, YamlNode> {
  const out = new Map<string, YamlNode>();
  const a = nodeAt(obj.node, ['metadata', 'annotations']);
  if (!isMap(a)) return out;
  for (const pair of a.items) {
    const k = str(pair.key as YamlNode);
    if (k !== undefined) out.set(k, (pair.value ?? pair.key) as YamlNode);
  }
  return out;
}

/** An edit that replaces a scalar's value and keeps its quoting style. */
export function replaceScalar(n: Scalar, value: string): Edit {
  const { start, end } = rangeOf(n);
  const text =
    n.type === 'QUOTE_DOUBLE' ? JSON.stringify(value) : n.type === 'QUOTE_SINGLE' ? `'${value.replace(/'/g, "''")}'` : value;
  return { start, end, text };
}
