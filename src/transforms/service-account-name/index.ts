import { defineTransform } from '../define.js';
import type { YamlDoc } from '../../languages/yaml.js';
import { POD_SPEC, k8sObjects, replaceScalar, strAt } from '../../languages/k8s.js';
import { accountIndex, accountsFor, accountNames, workload, type Account, type AccountIndex, type Workload } from '../../service/service-accounts.js';
import { docs } from './docs.js';

const SUFFIX = /-(?:sa|serviceaccount|service-account|svc-account|svcacct)$/;
const stem = (s: string) => s.toLowerCase().replace(SUFFIX, '');

/** The names a workload goes by: its own, its app labels, its first container, its service folder. */
function identities(w: Workload, service?: string): Set<string> {
  const labels = [...POD_SPEC[w.kind].slice(0, -1), 'metadata', 'labels'];
  const ids = [w.name, service, w.accountName, strAt(w.obj.node, [...labels, 'app']), strAt(w.obj.node, [...labels, 'app.kubernetes.io/name'])];
  return new Set(ids.filter((x): x is string => typeof x === 'string' && x !== '').map(stem));
}

const byStem = new WeakMap<AccountIndex, Map<string, { i: number; a: Account }[]>>();

/** The accounts whose stem is one of `stems`, in index order (an index by stem, built once). */
function accountsByStem(idx: AccountIndex, stems: Set<string>): Account[] {
  let index = byStem.get(idx);
  if (!index) {
    index = new Map();
    for (const [i, a] of idx.accounts.entries()) {
      const list = index.get(stem(a.name));
      if (list) list.push({ i, a });
      else index.set(stem(a.name), [{ i, a }]);
    }
    byStem.set(idx, index);
  }
  return [...stems].flatMap((s) => index!.get(s) ?? []).sort((x, y) => x.i - y.i).map((x) => x.a);
}

function describe(a: Account): string {
  const by = a.resource ?? (a.source === 'terraform' ? 'kubernetes_manifest' : a.source === 'eksctl' ? 'eksctl' : 'ServiceAccount');
  return `${by} in ${a.file.rel}`;
}

/** The account names closest to `name` (longest common prefix first, then by name), for the message. */
function known(idx: AccountIndex, name: string): string {
  const names = accountNames(idx);
  if (!names.length) return 'none could be computed';
  const common = (a: string) => {
    let i = 0;
    while (i < a.length && i < name.length && a[i] === name[i]) i++;
    return i;
  };
  // The first three of a stable sort, in one pass: a sort of every name for each mismatch was
  // O(n² log n) over a fleet. A name goes before the first kept one it strictly precedes.
  const near: { name: string; common: number }[] = [];
  for (const n of names) {
    const c = common(n);
    const at = near.findIndex((k) => c > k.common || (c === k.common && n.localeCompare(k.name) < 0));
    if (at >= 0) near.splice(at, 0, { name: n, common: c });
    else if (near.length < 3) near.push({ name: n, common: c });
    if (near.length > 3) near.pop();
  }
  const list = near.map((k) => k.name).join(', ');
  return names.length > 3 ? `closest of ${names.length}: ${list}` : list;
}

export default defineTransform<YamlDoc>({
  meta: {
    id: 'service-account-name',
    languages: ['yaml'],
    context: ['terraform', 'yaml'],
    severity: 'critical',
    category: 'Service Accounts',
    summary: 'A workload\'s serviceAccountName names an account the workspace creates (Terraform or manifest)',
    fix: 'sometimes',
    applicability: 'safe',
    sources: ['seed issue 7', 'kube-linter non-existent-service-account (manifests only)'],
    docs,
  },
  check(ctx) {
    if (ctx.doc.templated) return;
    const idx = accountIndex(ctx.workspace);
    if (!idx.accounts.length && !idx.unresolved.length) return; // nothing to join with
    for (const obj of k8sObjects(ctx.doc)) {
      const w = workload(ctx.file, obj);
      if (!w?.account || !w.accountName || w.accountName === 'default') continue;
      const { same, elsewhere } = accountsFor(idx, w.accountName, w.namespace);
      if (same.length) continue;

      const what = `${w.kind} ${w.name ?? ''}`.trim();
      const head = `${w.field} "${w.accountName}" of ${what} matches no service account this workspace creates`;
      if (elsewhere.length) {
        const e = elsewhere[0];
        ctx.report({
          start: w.start,
          end: w.end,
          message: `${head} in namespace "${w.namespace}": ${describe(e)} creates it in namespace "${e.namespace}". Pods will not start; create the account in "${w.namespace}" or move the workload (no autofix).`,
        });
        continue;
      }
      if (idx.unresolved.length) {
        const u = idx.unresolved[0];
        ctx.report({
          start: w.start,
          end: w.end,
          severity: 'low',
          message: `${head}${idx.accounts.length ? ` among those guardfix could compute (${known(idx, w.accountName)})` : ''}; ${u.file.rel} also creates accounts whose names are not known before apply (${u.why}), so it may exist. Check the name (no autofix).`,
        });
        continue;
      }
      const ids = identities(w, ctx.service?.name);
      const fits = accountsByStem(idx, ids).filter((a) => !w.namespace || !a.namespace || a.namespace === w.namespace);
      const names = [...new Set(fits.map((a) => a.name))];
      const base = `${head} (${known(idx, w.accountName)}). Pods will not start: Kubernetes rejects them with "serviceaccount ${w.accountName} not found"`;
      if (names.length === 1) {
        ctx.report({
          start: w.start,
          end: w.end,
          message: `${base}. The service's own account is "${names[0]}" (${describe(fits[0])}).`,
          fix: { title: `Use service account ${names[0]}`, applicability: 'safe', edits: [replaceScalar(w.account, names[0])] },
        });
      } else {
        ctx.report({
          start: w.start,
          end: w.end,
          message: `${base}. ${names.length ? `Several accounts fit this service (${names.join(', ')}); pick one` : 'No account fits this service: fix the name or create the account (if another repository or a controller creates it, this finding can be ignored)'} (no autofix).`,
        });
      }
    }
  },
});
