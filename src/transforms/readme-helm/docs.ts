// `guardfix explain readme-helm`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
Only where the workspace deploys with Helm — it has a chart (\`Chart.yaml\`), or a deploy script,
Makefile, CI job (GitHub Actions, GitLab CI…), helmfile or skaffold config that runs helm — or
where \`profile.deployWith\` (or a \`--reference\` service whose README deploys with Helm) says the
fleet does: elsewhere \`kubectl apply\` is how the project deploys, and its docs are right.

There, it finds shell code blocks in Markdown (fences tagged \`bash\`, \`sh\`, \`shell\`, \`zsh\`, \`console\`,
\`shell-session\`…, untagged fences and indented blocks whose lines all look like shell) that
deploy manifests with \`kubectl apply\` / \`kubectl create\` and \`-f\` / \`-k\` (one or several), and
rewrites them to the fleet's Helm deploy:

- when the workspace has a \`deploy.sh\` whose folder holds a chart (\`Chart.yaml\`), the seed's
  \`cd helm-charts\` + \`./deploy.sh <release> <env>\`;
- otherwise, when a chart for the service exists (inside its folder, or named after it),
  \`helm upgrade --install <release> <chart> --namespace <ns>\` (namespace from \`-n\`, else from
  the manifests; \`--context\`/\`--kubeconfig\` carried over as \`--kube-context\`/\`--kubeconfig\`).

Consecutive kubectl deploy lines (with the comments between them) become one deploy; later ones
in the same block are removed; a kubectl deploy inside a longer line (\`… && kubectl apply -f x\`)
is replaced in place by a one-liner. The comment right above (\`# Deploy to Kubernetes\`)
becomes \`# Deploy using Helm\`. Every other line stays as it is: \`docker build\`,
\`kubectl rollout status\`, \`kubectl get\`, prompts (\`$ \`), list indentation and \`> \` quotes.

**The \`cd\` path.** A README's commands run in a folder: the one where kubectl's \`-f\` paths
exist. For \`services/x/README.md\` applying \`k8s/deployment.yaml\` (which is
\`services/x/k8s/deployment.yaml\`) that is \`services/x\`, so the fix writes
\`cd ../../helm-charts\` — the seed's \`cd helm-charts\` is the same command written from the
repository root, and would fail after the block's \`docker build .\` in \`services/x\`. A README at
the root, or one whose paths are relative to the root, gets \`cd helm-charts\`. When commands that
depend on the current folder follow the deploy, the fix writes \`(cd <dir> && ./deploy.sh …)\`
so they still run where they did.

**Which files.** Every Markdown file: READMEs (any case: \`README.md\`, \`readme.md\`, \`READMe.md\`)
and deploy guides such as \`docs/deploy.md\`. Not records of the past: changelogs, release notes,
ADRs and RFCs (\`adr/\`, \`decisions/\`, \`rfcs/\`).

Left alone: inline code and prose (\`kubectl apply\` in a sentence), \`kubectl apply -f -\` (stdin,
heredocs), \`-f https://…\` (installing someone else's manifests), applies of only CRDs, secrets or
namespaces (cluster prerequisites that charts leave out on purpose), \`--dry-run\`, \`kubectl delete\`,
blocks that already deploy with \`helm upgrade|install\` or \`deploy.sh\` (their kubectl lines
apply extras on purpose), and code in other languages (YAML, PowerShell, text).

## Why is this bad?
The docs say to apply manifests by hand while the fleet deploys with Helm: whoever follows the
README deploys something other than what production runs, and Helm's next upgrade fights with
the hand-applied objects.

## Example
\`\`\`markdown
## Deployment

~~~bash
# Build the image
docker build -t guardian-zero-service:latest .
# Deploy to Kubernetes
kubectl apply -f k8s/deployment.yaml
kubectl apply -f k8s/service.yaml
~~~
\`\`\`

Use instead:
\`\`\`markdown
## Deployment

~~~bash
# Build the image
docker build -t guardian-zero-service:latest .
# Deploy using Helm
cd helm-charts
./deploy.sh guardian-services dev
~~~
\`\`\`
(a README at the repository root, with \`k8s/\`, \`helm-charts/deploy.sh\` and
\`helm-charts/guardian-services/Chart.yaml\`.)

## Options
- \`profile.deployWith\`: \`"auto"\` (default) reads the workspace as above; \`"helm"\` says the
  fleet deploys with Helm although its charts live elsewhere (findings without a fix where the
  workspace has no chart); \`"kubectl"\` turns the rule off.
- \`profile.helmRelease\` (default \`"guardian-services"\`) and \`profile.helmEnvironment\`
  (default \`"dev"\`): the arguments of \`./deploy.sh\`.

## Fix safety
Safe when the deploy is fully described by the Helm command. **Unsafe** when the kubectl command
chose a cluster or namespace (\`--context\`, \`--server\`, \`-n\` with \`deploy.sh\`, which decides
those itself), or when the only chart of the workspace is not named after the service.
No finding at all when nothing shows Helm deploys (no chart, no script or CI job running helm,
no profile saying so). No fix, only a finding, when helm runs without a chart in the workspace
(a chart repository) or the profile says Helm (low severity: guardfix never points docs at
something that does not exist), when several charts exist and none is the service's, when the
fence is never closed, when a kubectl line does not parse as shell, when the deploy sits inside a
loop, function or condition (a one-line replacement would deploy once per iteration), or when a
\`cd\` before it cannot be followed.

## References
- https://helm.sh/docs/helm/helm_upgrade/ (\`--install\`)
- https://spec.commonmark.org/0.31.2/#fenced-code-blocks
`;
