import { dirname } from 'node:path';
import type { Node as YamlNode } from 'yaml';
import { defineTransform } from '../define.js';
import type { RuleContext } from '../../engine/rule.js';
import type { YamlDoc } from '../../languages/yaml.js';
import type { TerraformDoc } from '../../languages/terraform.js';
import type { Node } from '../../languages/tree-sitter.js';
import { annotations, k8sObjects, nodeAt, rangeOf, str } from '../../languages/k8s.js';
import { reference, rootBlocks, templateParts, type TfModule } from '../../languages/terraform-model.js';
import { terraformWorkspace } from '../../service/terraform-workspace.js';
import { ROLE_ARN, SA_RESOURCES, accountIndex, terraformAccounts, workloadsOf, type Account, type AccountIndex } from '../../service/service-accounts.js';
import { placeholderParts, roleArnPartsProblem } from './arn.js';
import { docs } from './docs.js';

/** Workloads (kind/name, file) that run as an account. */
function users(idx: AccountIndex, a: Account): string[] {
  return workloadsOf(idx, a.name, a.namespace).map((w) => `${w.kind} ${w.name ?? '?'} (${w.file.rel})`);
}

/** Why a Terraform role-arn expression does not give a role ARN, for one instance. */
function terraformProblem(expr: Node, a: Account, module: TfModule): string | undefined {
  const ref = reference(expr);
  if (ref && !['var', 'local', 'each', 'count'].includes(ref.root)) {
    const [root, n1, n2] = ref.names;
    if (root === 'module') return module.blocks('module', n1).length ? undefined : `module "${n1}" is not declared in ${dirname(a.file.rel)}/`;
    const [type, name] = root === 'data' ? [n1, n2] : [root, n1];
    const kind = root === 'data' ? 'data' : 'resource';
    if (!module.blocks(kind, type, name).length) return `${root === 'data' ? 'data.' : ''}${type}.${name} is not declared in ${dirname(a.file.rel)}/`;
    if (type !== 'aws_iam_role') return `it refers to ${type}.${name}, which is not an IAM role`;
    if (ref.last !== 'arn') return `it is the role's ${ref.last ?? 'whole object'}, not its ARN (end the reference with .arn)`;
    return undefined;
  }
  return roleArnPartsProblem(templateParts(expr, a.tf!.env));
}

export default defineTransform<YamlDoc | TerraformDoc>({
  meta: {
    id: 'irsa-annotation',
    languages: ['yaml', 'terraform'],
    context: ['yaml', 'terraform'],
    severity: 'high',
    category: 'IRSA',
    summary: 'Service accounts that workloads use carry a well-formed eks.amazonaws.com/role-arn',
    fix: 'none',
    sources: ['seed issue 14'],
    docs,
  },
  check(ctx) {
    const idx = accountIndex(ctx.workspace);
    if (!idx.irsa) return;
    if (ctx.language === 'yaml') checkManifests(ctx as RuleContext<YamlDoc>, idx);
    else checkTerraform(ctx as RuleContext<TerraformDoc>, idx);
  },
});

function missing(idx: AccountIndex, a: Account): string | undefined {
  if (idx.podIdentity.has(a.name)) return undefined;
  const u = users(idx, a);
  if (!u.length) return undefined;
  return `Service account "${a.name}" is used by ${u.slice(0, 2).join(', ')}${u.length > 2 ? ` and ${u.length - 2} more` : ''} but has no ${ROLE_ARN} annotation: its pods get no IAM role (IRSA) and fall back to the node's role. Annotate it with the ARN of the role made for it`;
}

function checkManifests(ctx: RuleContext<YamlDoc>, idx: AccountIndex) {
  if (ctx.doc.templated) return;
  for (const obj of k8sObjects(ctx.doc)) {
    if (obj.kind !== 'ServiceAccount' || !obj.name) continue;
    const a: Account = { file: ctx.file, start: 0, end: 0, name: obj.name, namespace: obj.namespace, source: 'manifest' };
    const value = annotations(obj).get(ROLE_ARN);
    if (!value) {
      const why = missing(idx, a);
      const at = nodeAt(obj.node, ['metadata', 'name'])!;
      if (why) ctx.report({ ...rangeOf(at), message: `${why} (no autofix: the role is a security decision).` });
      continue;
    }
    const v = str(value as YamlNode);
    const problem = v === undefined || v === '' ? 'it is empty' : roleArnPartsProblem(placeholderParts(v));
    if (problem) {
      ctx.report({
        ...rangeOf(value as YamlNode),
        message: `${ROLE_ARN} of service account "${obj.name}" is not a usable IAM role ARN: ${problem}. Pods of this account fail to get AWS credentials (no autofix).`,
      });
    }
  }
}

function checkTerraform(ctx: RuleContext<TerraformDoc>, idx: AccountIndex) {
  const module = terraformWorkspace(ctx.workspace).modules.find((m) => m.dir === dirname(ctx.file.path));
  if (!module) return;
  for (const t of SA_RESOURCES) {
    for (const block of rootBlocks(ctx.doc, 'resource').filter((b) => b.labels[0] === t)) {
      const { accounts } = terraformAccounts(block, module, ctx.file);
      const header = { start: block.node.startIndex, end: block.node.startIndex + block.node.text.indexOf('{') };
      const where = `${t}.${block.labels[1]}`;
      const annotation = accounts[0]?.tf?.annotation;
      if (!annotation && accounts[0]?.tf?.annotationUnknown) continue;
      if (!annotation) {
        const problems = accounts.map((a) => missing(idx, a)).filter(Boolean);
        if (problems.length) {
          const more = problems.length > 1 ? ` (${problems.length} of its instances are used by workloads)` : '';
          ctx.report({ ...header, message: `${where}: ${problems[0]}${more} (no autofix: the role is a security decision).` });
        }
        continue;
      }
      for (const a of accounts) {
        const problem = terraformProblem(annotation, a, module);
        if (problem) {
          ctx.report({
            start: annotation.startIndex,
            end: annotation.endIndex,
            message: `${ROLE_ARN} of ${where}${accounts.length > 1 ? ` ("${a.name}")` : ''} does not give an IAM role ARN: ${problem}. Pods of this account fail to get AWS credentials (no autofix).`,
          });
          break; // one finding per annotation, not per instance
        }
      }
    }
  }
}
