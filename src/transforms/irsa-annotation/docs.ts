// `guardfix explain irsa-annotation`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
For every service account a workload of the workspace runs as, checks that it carries the
IRSA annotation \`eks.amazonaws.com/role-arn\`, and that the annotation gives a role: a
Terraform reference to a declared \`aws_iam_role\`'s \`.arn\` (\`aws_iam_role.x[each.value].arn\`;
also \`data.aws_iam_role.x.arn\` and \`module.x.…\` outputs), or a well-formed ARN
\`arn:<aws|aws-cn|aws-us-gov>:iam::<12 digits>:role/<optional/path/><name>\`. Reported on the
Terraform resource or the ServiceAccount manifest that defines the account. A malformed
annotation is reported on any account, used or not.

## Why is this bad?
Without the annotation, pods get no web identity token for a role: the AWS SDK falls back to
the node's instance role (too much or too little access) or fails with "Unable to locate
credentials". A malformed ARN fails the same way, at run time only.

## Example
\`\`\`yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: guardian-zero-service-sa
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam:891377062453:role/guardian-zero-service-role
\`\`\`

Use instead:
\`\`\`yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: guardian-zero-service-sa
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::891377062453:role/guardian-zero-service-role
\`\`\`

## Options
None. Decisions:
- Runs only where IRSA is in use: some role-arn annotation, an \`aws_eks_cluster\` (resource or
  data source), an \`aws_iam_openid_connect_provider\`, an EKS Terraform module, or an eksctl
  ClusterConfig. A fleet on another cloud gets no findings.
- A missing annotation is reported only for accounts a workload of the workspace uses
  (\`serviceAccountName\`); \`default\` is never asked to carry a role (every pod of the namespace
  would get it). Accounts bound with EKS Pod Identity (\`aws_eks_pod_identity_association\`,
  eksctl \`podIdentityAssociations\`) and eksctl-created accounts need no annotation.
- Parts guardfix cannot know (\`\${var.account_id}\`, \`\${AWS_ACCOUNT_ID}\`) are accepted when some
  value would make the ARN valid.

## Fix safety
No fix: the role to assume is a security decision.

## References
- https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
`;
