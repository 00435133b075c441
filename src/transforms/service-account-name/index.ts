import { defineTransform } from '../define.js';
import type { YamlDoc } from '../../languages/yaml.js';
import { POD_SPEC, k8sObjects, replaceScalar, strAt } from '../../languages/k8s.js';
import { accountIndex, accountsFor, accountNames, workload, type Account, type AccountIndex, type Workload } from '../../service/service-accounts.js';

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
    docs: `## What it does
Joins the \`serviceAccountName\` of every Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod
and ReplicaSet with the service accounts the workspace creates: Terraform
\`kubernetes_service_account\` / \`kubernetes_service_account_v1\` resources (names such as
\`"\${each.value}-sa"\` are evaluated over a \`for_each\` set, list or map — literal, \`toset([...])\`,
a \`var.x\` default or a \`local\` — and over \`count\`), \`kind: ServiceAccount\` manifests (every
document of a file), and eksctl \`iam.serviceAccounts\`. A name that matches no account is
reported; when exactly one account fits the service (\`<service>-sa\`, from the workload's
name, its \`app\` labels or its folder), the fix renames the reference to it.

A match is not a finding: the seed's \`serviceAccountName: guardian-zero-service-sa\` with
Terraform's \`"\${each.value}-sa"\` over the service names is correct (seed issue 7).

## Why is this bad?
Kubernetes refuses to create pods for a missing service account ("serviceaccount … not found"):
the rollout hangs with zero ready replicas, and the error shows only in the ReplicaSet's events.

## Example
\`\`\`yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: guardian-zero-service-sa
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: guardian-zero-service
spec:
  template:
    spec:
      serviceAccountName: guardian-zero-sa
\`\`\`

Use instead:
\`\`\`yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: guardian-zero-service-sa
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: guardian-zero-service
spec:
  template:
    spec:
      serviceAccountName: guardian-zero-service-sa
\`\`\`
The account may as well come from Terraform: \`resource "kubernetes_service_account"\` named
\`"\${each.value}-sa"\` over a set holding \`guardian-zero-service\` gives the same finding and fix.

## Options
None. Decisions:
- No \`serviceAccountName\`, or \`default\`: not reported (every namespace has \`default\`).
- A workspace that creates no accounts at all (no Terraform service accounts, no
  ServiceAccount manifests): nothing to join with, no findings.
- Accounts whose name Terraform only knows at apply time (an unknown \`for_each\`, a variable
  without default) or that a Helm template creates: a mismatch is then only a **low** note,
  without fix, because the account may exist.
- Namespaces count: a Terraform account without \`namespace\` is in \`default\` (the provider's
  default); a manifest without one matches any namespace.
- \`.tfvars\` files are not read: \`var.*\` resolves to the variable's \`default\`.

## Fix safety
Safe: it only fires when the current name matches no account, so pods cannot start as they
are, and exactly one account of the workspace fits the service. No fix when several fit, when
the only match is in another namespace, or when some account names cannot be computed.

## References
- kube-linter \`non-existent-service-account\` (checks manifests only; no tool joins Kubernetes with Terraform)
- https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs/resources/service_account
`,
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
