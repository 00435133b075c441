// IAM role ARNs: arn:<partition>:iam::<12-digit account>:role/<optional path/><name>.
// A value may hold parts guardfix cannot know (Terraform interpolations, ${VAR} placeholders):
// it is well-formed when SOME filling of those parts gives a valid ARN.
import { UNKNOWN } from '../../languages/terraform-model.js';

export type Part = string | typeof UNKNOWN;

const PARTITIONS = /^aws(?:-cn|-us-gov|-iso(?:-[a-z])?|-eusc)?$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PATH_SEGMENT = /^[\w+=,.@-]+$/;

/** Why an ARN is not an IAM role ARN, or undefined when it is one. */
export function roleArnProblem(arn: string): string | undefined {
  if (arn !== arn.trim()) return 'it has spaces around it';
  const f = arn.split(':');
  if (f[0] !== 'arn') return 'it is not an ARN (expected arn:aws:iam::<account-id>:role/<name>)';
  if (f.length < 6) return `it has ${f.length - 1} ":" separators where a role ARN has 5 (arn:aws:iam::<account-id>:role/<name>)`;
  if (f.length > 6) return 'it has too many ":" separators';
  const [, partition, service, region, account, resource] = f;
  if (!PARTITIONS.test(partition)) return `"${partition}" is not an AWS partition (aws, aws-cn, aws-us-gov)`;
  if (service !== 'iam') return `it is an ARN of ${service || 'no service'}, not of IAM`;
  if (region !== '') return `IAM ARNs have no region ("${region}" should be empty: arn:${partition}:iam::…)`;
  if (!/^\d{12}$/.test(account)) return `the account id "${account}" is not 12 digits`;
  const slash = resource.indexOf('/');
  const type = slash < 0 ? resource : resource.slice(0, slash);
  if (type !== 'role') return `it names ${type ? `an IAM ${type}` : 'no resource'}, not a role (…:role/<name>)`;
  const segments = resource.slice(slash + 1).split('/');
  const name = segments.pop()!;
  if (!ROLE_NAME.test(name)) return `"${name}" is not a valid role name (1-64 of letters, digits and +=,.@_-)`;
  if (!segments.every((s) => PATH_SEGMENT.test(s))) return 'its role path is malformed';
  return undefined;
}

const FILLERS = ['123456789012', 'aws', 'iam', 'name', 'role/name', ''];

/** Like roleArnProblem, for a value with unknown parts; undefined when some filling is valid. */
export function roleArnPartsProblem(parts: Part[]): string | undefined {
  const holes = parts.filter((p) => p === UNKNOWN).length;
  if (holes === 0) return roleArnProblem(parts.join(''));
  if (holes > 4) return undefined; // too little is known to judge
  let first: string | undefined;
  const fill = (i: number, acc: string): boolean => {
    if (i === parts.length) {
      const p = roleArnProblem(acc);
      first ??= p;
      return p === undefined;
    }
    const part = parts[i];
    if (part !== UNKNOWN) return fill(i + 1, acc + part);
    return FILLERS.some((f) => fill(i + 1, acc + f));
  };
  return fill(0, '') ? undefined : first;
}

/** Splits `${VAR}`, `$VAR`, `$(cmd)` and `{{ x }}` placeholders of a manifest value out as unknown parts. */
export function placeholderParts(s: string): Part[] {
  const out: Part[] = [];
  let last = 0;
  for (const m of s.matchAll(/\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*|\{\{[^}]*\}\}/g)) {
    if (m.index! > last) out.push(s.slice(last, m.index));
    out.push(UNKNOWN);
    last = m.index! + m[0].length;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}
