// The join between Kubernetes workloads and the service accounts the workspace creates:
// Terraform `kubernetes_service_account(_v1)` resources (for_each/count instances evaluated),
// ServiceAccount manifests, and eksctl ClusterConfig `iam.serviceAccounts`. Built once per
// workspace from the original texts.
import { isScalar, isSeq, type Node as YamlNode, type Scalar } from 'yaml';
import type { SourceFile } from '../engine/source-file.js';
import type { Workspace } from '../engine/workspace.js';
import { interner } from '../engine/interner.js';
import type { SharedFact } from '../engine/plugin.js';
import type { LanguageId } from '../engine/types.js';
import { overLanguages } from '../engine/reads.js';
import type { Node } from '../languages/tree-sitter.js';
import { yaml, mayHold, type YamlDoc } from '../languages/yaml.js';
import { POD_SPEC, annotations, k8sObjects, nodeAt, podSpec, rangeOf, str, strAt, type K8sObject } from '../languages/k8s.js';
import {
  UNKNOWN, attr, evaluate, instanceEnvs, isObjectLiteral, nested, nestedObjectElems,
  type Env, type TfBlock, type TfModule,
} from '../languages/terraform-model.js';
import { terraformWorkspace } from './terraform-workspace.js';

export const ROLE_ARN = 'eks.amazonaws.com/role-arn';
export const SA_RESOURCES = ['kubernetes_service_account', 'kubernetes_service_account_v1'];

interface Where {
  file: SourceFile;
  start: number;
  end: number;
}

export interface Account extends Where {
  name: string;
  /** undefined: set when applied (manifests) or not computable */
  namespace?: string;
  source: 'terraform' | 'manifest' | 'eksctl';
  /** Terraform: the resource that creates it (`kubernetes_service_account.workers`) */
  resource?: string;
  /** Terraform: the resource, the module and the instance's evaluation environment */
  tf?: { block: TfBlock; module: TfModule; env: Env; annotation?: Node; annotationUnknown?: boolean };
  /** manifest: the object and its role-arn annotation node */
  manifest?: { obj: K8sObject; annotation?: YamlNode };
}

export interface Workload extends Where {
  obj: K8sObject;
  kind: string;
  name?: string;
  namespace?: string;
  /** the serviceAccountName (or deprecated serviceAccount) scalar; absent: the `default` account */
  account?: Scalar;
  field: 'serviceAccountName' | 'serviceAccount';
  accountName?: string;
}

export interface AccountIndex {
  accounts: Account[];
  /** account definitions whose names guardfix cannot compute (so a mismatch is not certain) */
  unresolved: (Where & { why: string })[];
  /** account names bound to EKS Pod Identity (they need no role-arn annotation) */
  podIdentity: Set<string>;
  /** IRSA is in use: a role-arn annotation, an EKS cluster or OIDC provider, or eksctl */
  irsa: boolean;
}

const cache = new WeakMap<Workspace, AccountIndex>();
const seeds = new WeakMap<Workspace, TerraformAccounts>();
const byName = new WeakMap<AccountIndex, Map<string, Account[]>>();
const names = new WeakMap<AccountIndex, string[]>();
const usersByName = new WeakMap<AccountIndex, Map<string, WorkloadRef[]>>();
const workspaces = new WeakMap<AccountIndex, Workspace>();

/** A workload without its YAML nodes (a fleet's would all stay in memory). */
export type WorkloadRef = Omit<Workload, 'obj' | 'account'>;

/** What the index is read from: every manifest and every .tf file (reads.ts records it so). */
const INPUTS: LanguageId[] = ['yaml', 'terraform'];

export function accountIndex(ws: Workspace): AccountIndex {
  return overLanguages(INPUTS, () => {
    let idx = cache.get(ws);
    if (!idx) {
      idx = { accounts: [], unresolved: [], podIdentity: new Set(), irsa: false };
      const seed = seeds.get(ws);
      seeds.delete(ws);
      if (seed) fromSeed(ws, seed, idx);
      else fromTerraform(ws, idx);
      fromYaml(ws, idx);
      cache.set(ws, idx);
      workspaces.set(idx, ws);
    }
    return idx;
  });
}

const span = (n: Node) => ({ start: n.startIndex, end: n.endIndex });

/**
 * The Terraform half of an index as plain data, files by path: what fromTerraform finds, for a
 * thread that should not parse the Terraform itself. A generated variables.tf listing a fleet's
 * 10k workers is a ~55 MB tree-sitter tree, and wasm memory never shrinks: a parallel run works
 * this out once, in a worker that then exits (engine/parallel-prelude.ts), and seeds the others
 * with it.
 */
export interface TerraformAccounts {
  accounts: (Omit<Account, 'file' | 'tf' | 'manifest'> & { file: string })[];
  unresolved: (Omit<AccountIndex['unresolved'][number], 'file'> & { file: string })[];
  podIdentity: string[];
  irsa: boolean;
}

export function terraformAccountsOf(ws: Workspace): TerraformAccounts {
  const idx: AccountIndex = { accounts: [], unresolved: [], podIdentity: new Set(), irsa: false };
  fromTerraform(ws, idx);
  return {
    accounts: idx.accounts.map(({ file, tf: _tf, manifest: _manifest, ...a }) => ({ ...a, file: file.path })),
    unresolved: idx.unresolved.map(({ file, ...u }) => ({ ...u, file: file.path })),
    podIdentity: [...idx.podIdentity],
    irsa: idx.irsa,
  };
}

/** From now on, the workspace's index takes its Terraform half from `part` (before the index is built). */
export function seedTerraformAccounts(ws: Workspace, part: TerraformAccounts): void {
  seeds.set(ws, part);
}

/** The Terraform half of the index, worked out once for a parallel run (engine/plugin.ts). */
export const terraformAccountsFact: SharedFact<TerraformAccounts> = {
  id: 'terraform-service-accounts',
  language: 'terraform',
  // Rules that read the Terraform: its files, or the service-account index built from it.
  wanted: (rules) => rules.some((r) => r.meta.languages.includes('terraform') || !!r.meta.context?.includes('terraform')),
  compute: terraformAccountsOf,
  seed: seedTerraformAccounts,
};

function fromSeed(ws: Workspace, part: TerraformAccounts, idx: AccountIndex) {
  const byPath = new Map(ws.filesOf('terraform').map((f) => [f.path, f]));
  const file = (path: string) => {
    const f = byPath.get(path);
    if (!f) throw new Error(`the Terraform accounts name ${path}, which this workspace does not hold`);
    return f;
  };
  // A structured clone gives every account its own copy of each string: share the repeated ones.
  const one = interner();
  for (const a of part.accounts) idx.accounts.push({ ...a, file: file(a.file), source: one(a.source), namespace: one(a.namespace), resource: one(a.resource) });
  for (const u of part.unresolved) idx.unresolved.push({ ...u, file: file(u.file) });
  for (const name of part.podIdentity) idx.podIdentity.add(name);
  if (part.irsa) idx.irsa = true;
}

function fromTerraform(ws: Workspace, idx: AccountIndex) {
  const tf = terraformWorkspace(ws);
  for (const f of tf.broken) idx.unresolved.push({ file: f, start: 0, end: 0, why: `${f.rel} does not parse` });
  for (const module of tf.modules) {
    // A web-identity trust policy is IRSA's other half (the role side).
    if (module.files.some(({ file }) => file.text.includes(ROLE_ARN) || file.text.includes('AssumeRoleWithWebIdentity'))) idx.irsa = true;
    if (module.blocks('resource', 'aws_eks_cluster').length || module.blocks('data', 'aws_eks_cluster').length) idx.irsa = true;
    if (module.blocks('resource', 'aws_iam_openid_connect_provider').length) idx.irsa = true;
    for (const m of module.blocks('module')) {
      const src = attr(m, 'source');
      if (src && /eks/i.test(src.expr.text)) idx.irsa = true;
    }
    for (const block of SA_RESOURCES.flatMap((t) => module.blocks('resource', t))) {
      const r = terraformAccounts(block, module, block.file);
      idx.accounts.push(...r.accounts);
      idx.unresolved.push(...r.unresolved);
    }
    for (const block of module.blocks('resource', 'kubernetes_manifest')) manifestAccounts(block, module, idx);
    for (const block of module.blocks('resource', 'aws_eks_pod_identity_association')) {
      const sa = attr(block, 'service_account');
      const envs = instanceEnvs(block, module);
      if (!sa || envs === UNKNOWN) continue;
      for (const { env } of envs) {
        const v = evaluate(sa.expr, env);
        if (typeof v === 'string') idx.podIdentity.add(v);
      }
    }
  }
}

/**
 * A copy of a string cut from a file's text. V8 keeps such a cut as a slice of the whole text, so
 * a name kept per workload would keep every manifest of the fleet in memory (8 MB a thread at 10k).
 */
function own<S extends string | undefined>(s: S): S {
  return (s === undefined ? s : JSON.parse(JSON.stringify(s))) as S;
}

/** `resource "kubernetes_manifest"` with `manifest = { kind = "ServiceAccount", … }`. */
function manifestAccounts(block: TfBlock & { file: SourceFile }, module: TfModule, idx: AccountIndex) {
  const m = attr(block, 'manifest');
  if (!m || !/ServiceAccount/.test(m.expr.text)) return;
  const where = { file: block.file, ...span(block.node) };
  const envs = instanceEnvs(block, module);
  for (const { env } of envs === UNKNOWN ? [] : envs) {
    const v = evaluate(m.expr, env);
    const meta = v !== UNKNOWN && v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
    if (meta && meta.kind !== 'ServiceAccount') return;
    const md = meta?.metadata as Record<string, unknown> | undefined;
    if (typeof md?.name !== 'string') {
      idx.unresolved.push({ ...where, why: 'its manifest is computed at apply time' });
      return;
    }
    idx.accounts.push({ ...where, name: md.name, namespace: typeof md.namespace === 'string' ? md.namespace : undefined, source: 'terraform' });
  }
  if (envs === UNKNOWN) idx.unresolved.push({ ...where, why: 'its for_each/count is not known before apply' });
}

/** The accounts one `kubernetes_service_account` resource creates (one per for_each/count instance). */
export function terraformAccounts(block: TfBlock, module: TfModule, file: SourceFile): { accounts: Account[]; unresolved: AccountIndex['unresolved'] } {
  const out: { accounts: Account[]; unresolved: AccountIndex['unresolved'] } = { accounts: [], unresolved: [] };
  const metadata = nested(block, 'metadata')[0];
  const meta = metadata ?? block; // the seed writes name/annotations on the resource itself
  const nameAttr = attr(meta, 'name');
  const where = { file, ...span(block.node) };
  const envs = instanceEnvs(block, module);
  if (!nameAttr || envs === UNKNOWN) {
    out.unresolved.push({ ...where, why: nameAttr ? 'its for_each/count is not known before apply' : 'it has no literal metadata.name' });
    return out;
  }
  const ns = attr(meta, 'namespace');
  const annos = attr(meta, 'annotations');
  const annotation = annos && nestedObjectElems(annos.expr).find((e) => e.key === ROLE_ARN)?.value;
  // `merge(var.annotations, …)`, a variable: the annotation may be there, unseen.
  const annotationUnknown = !!annos && !annotation && !isObjectLiteral(annos.expr);
  for (const { env } of envs) {
    const name = evaluate(nameAttr.expr, env);
    // The kubernetes provider puts an account without a namespace in "default".
    const namespace = ns ? evaluate(ns.expr, env) : metadata ? 'default' : UNKNOWN;
    if (typeof name !== 'string') {
      out.unresolved.push({ ...where, why: 'its name is computed at apply time' });
      continue;
    }
    out.accounts.push({
      ...where,
      start: nameAttr.node.startIndex,
      end: nameAttr.node.endIndex,
      name,
      namespace: typeof namespace === 'string' ? namespace : undefined,
      source: 'terraform',
      resource: `${block.labels[0]}.${block.labels[1]}`,
      tf: { block, module, env, annotation, annotationUnknown },
    });
  }
  return out;
}

/** The kinds fromYaml reads: accounts and eksctl configs. */
const ACCOUNT_KINDS = ['ServiceAccount', 'ClusterConfig'];
/** The kinds workloadsIn reads. */
const WORKLOAD_KINDS = Object.keys(POD_SPEC);

function fromYaml(ws: Workspace, idx: AccountIndex) {
  for (const file of ws.filesOf('yaml')) {
    // Much of a fleet's YAML (Services, ConfigMaps) names none of the kinds read here: no parse.
    // Helm templates (`{{`) are read as text below, parsed or not.
    if (!file.text.includes('{{') && !mayHold(file.text, ACCOUNT_KINDS)) continue;
    const doc = ws.parsed<YamlDoc>(file, yaml);
    if (doc?.templated) {
      // A Helm template that creates accounts: their names are only known once rendered.
      if (/^\s*kind:\s*ServiceAccount\s*$/m.test(file.text)) idx.unresolved.push({ file, start: 0, end: 0, why: 'it is a Helm template' });
      if (file.text.includes(ROLE_ARN)) idx.irsa = true;
      continue;
    }
    for (const obj of k8sObjects(doc)) {
      if (obj.kind === 'ServiceAccount') {
        const nameNode = nodeAt(obj.node, ['metadata', 'name']);
        const annotation = annotations(obj).get(ROLE_ARN);
        if (annotation) idx.irsa = true;
        if (!obj.name || !nameNode) {
          idx.unresolved.push({ file, ...rangeOf(obj.node), why: 'it has no metadata.name' });
          continue;
        }
        idx.accounts.push({ file, ...rangeOf(nameNode), name: obj.name, namespace: obj.namespace, source: 'manifest', manifest: { obj, annotation } });
      } else if (obj.kind === 'ClusterConfig' && obj.apiVersion.startsWith('eksctl.io/')) {
        idx.irsa = true;
        eksctl(file, obj, idx);
      }
    }
  }
}

/**
 * Every workload of the workspace, in file order. Read apart from the accounts, on first use:
 * only irsa-annotation asks (for the workloads of an account it checks), and reading them parses
 * nearly every manifest of a fleet.
 */
function workloadsIn(idx: AccountIndex): WorkloadRef[] {
  const ws = workspaces.get(idx)!;
  const out: WorkloadRef[] = [];
  for (const file of ws.filesOf('yaml')) {
    if (!mayHold(file.text, WORKLOAD_KINDS)) continue;
    const doc = ws.parsed<YamlDoc>(file, yaml);
    if (!doc || doc.templated) continue;
    for (const obj of k8sObjects(doc)) {
      const w = workload(file, obj);
      if (!w) continue;
      const { obj: _obj, account: _account, ...ref } = w;
      out.push({ ...ref, kind: own(ref.kind), name: own(ref.name), namespace: own(ref.namespace), accountName: own(ref.accountName) });
    }
  }
  return out;
}

function eksctl(file: SourceFile, obj: K8sObject, idx: AccountIndex) {
  const sas = nodeAt(obj.node, ['iam', 'serviceAccounts']);
  for (const sa of isSeq(sas) ? sas.items : []) {
    const n = nodeAt(sa as YamlNode, ['metadata', 'name']);
    const name = str(n);
    if (name && n) idx.accounts.push({ file, ...rangeOf(n), name, namespace: strAt(sa as YamlNode, ['metadata', 'namespace']), source: 'eksctl' });
  }
  const pia = nodeAt(obj.node, ['iam', 'podIdentityAssociations']);
  for (const a of isSeq(pia) ? pia.items : []) {
    const name = strAt(a as YamlNode, ['serviceAccountName']);
    if (name) idx.podIdentity.add(name);
  }
}

/** A workload of the given (current) object, with the account its pods run as. */
export function workload(file: SourceFile, obj: K8sObject): Workload | undefined {
  const spec = podSpec(obj);
  if (!spec) return undefined;
  const field = spec.has('serviceAccountName') ? 'serviceAccountName' : 'serviceAccount';
  const node = spec.get(field, true);
  const account = isScalar(node) ? node : undefined;
  const where = account ? rangeOf(account) : rangeOf(obj.node);
  return { file, ...where, obj, kind: obj.kind, name: obj.name, namespace: obj.namespace, account, accountName: str(account), field };
}

/** Accounts that could be the one a workload names: same name, namespaces compatible. */
export function accountsFor(idx: AccountIndex, name: string, namespace?: string): { same: Account[]; elsewhere: Account[] } {
  // By name, built once per index: a scan of every account per workload was O(n²) in a fleet.
  let index = byName.get(idx);
  if (!index) {
    index = new Map();
    for (const a of idx.accounts) {
      const list = index.get(a.name);
      if (list) list.push(a);
      else index.set(a.name, [a]);
    }
    byName.set(idx, index);
  }
  const named = index.get(name) ?? [];
  const same = named.filter((a) => !namespace || !a.namespace || a.namespace === namespace);
  return { same, elsewhere: named.filter((a) => !same.includes(a)) };
}

// Lookups a rule makes for each workload or account, built once per index: scanning every
// account or workload of a fleet for each one was O(n²).

/** Every account name, once, in the order the accounts were found. */
export function accountNames(idx: AccountIndex): string[] {
  let list = names.get(idx);
  if (!list) names.set(idx, (list = [...new Set(idx.accounts.map((a) => a.name))]));
  return list;
}

/** The workloads that run as `name`, namespaces compatible, in index order. */
export function workloadsOf(idx: AccountIndex, name: string, namespace?: string): WorkloadRef[] {
  const index = overLanguages(INPUTS, () => {
    let users = usersByName.get(idx);
    if (!users) {
      users = new Map();
      for (const w of workloadsIn(idx)) {
        if (w.accountName === undefined) continue;
        const list = users.get(w.accountName);
        if (list) list.push(w);
        else users.set(w.accountName, [w]);
      }
      usersByName.set(idx, users);
    }
    return users;
  });
  return (index.get(name) ?? []).filter((w) => !w.namespace || !namespace || w.namespace === namespace);
}
