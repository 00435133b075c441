// `guardfix explain service-account-name`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
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
`;
