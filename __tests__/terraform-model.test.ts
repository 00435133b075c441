// The Terraform evaluator and the ARN checker that service-account-name and irsa-annotation
// stand on: what is known evaluates exactly, what needs a plan is UNKNOWN (never a guess).
import { describe, it, expect, beforeAll } from 'vitest';
import { terraform, type TerraformDoc } from '../src/languages/terraform.js';
import { ensureLoaded } from '../src/languages/index.js';
import {
  UNKNOWN, TfModule, attr, evaluate, forEachInstances, instanceEnvs, templateParts, reference,
} from '../src/languages/terraform-model.js';
import { roleArnProblem, roleArnPartsProblem, placeholderParts } from '../src/transforms/irsa-annotation/arn.js';
import type { SourceFile } from '../src/engine/source-file.js';

beforeAll(() => ensureLoaded(terraform));

function moduleOf(...texts: string[]): TfModule {
  return new TfModule('/m', texts.map((t) => ({ file: {} as SourceFile, doc: terraform.parse(t) as TerraformDoc })));
}

/** The expression of the first attribute (`x = <expr>`) of a module's first file. */
const exprOf = (m: TfModule) => m.files[0].doc.tree.rootNode.namedChildren[0]!.namedChildren[0]!.namedChildren[1]!;

/** Evaluates `x = <expr>` inside a module made of `context`. */
function value(expr: string, context = '') {
  const m = moduleOf(`x = ${expr}\n`, context);
  return evaluate(exprOf(m), { module: m });
}

describe('evaluate', () => {
  it('literals, escapes and templates', () => {
    expect(value('"a\\"b\\n"')).toBe('a"b\n');
    expect(value('"$${literal}"')).toBe('${literal}');
    expect(value('42')).toBe(42);
    expect(value('true')).toBe(true);
    expect(value('null')).toBe(null);
    expect(value('"${var.n}-sa"', 'variable "n" {\n  default = "zero"\n}\n')).toBe('zero-sa');
  });

  it('collections, functions and for expressions', () => {
    expect(value('toset(["b", "a", "b"])')).toEqual(['a', 'b']);
    expect(value('{ a = 1, "b-c" = 2 }')).toEqual({ a: 1, 'b-c': 2 });
    expect(value('keys({ z = 1, y = 2 })')).toEqual(['y', 'z']);
    expect(value('concat(["a"], ["b"])')).toEqual(['a', 'b']);
    expect(value('length(["a", "b"])')).toBe(2);
    expect(value('format("%s-%s", "a", "sa")')).toBe('a-sa');
    expect(value('[for s in ["a", "b"] : "${s}-sa"]')).toEqual(['a-sa', 'b-sa']);
    expect(value('{ for s in ["a"] : s => upper(s) }')).toEqual({ a: 'A' });
  });

  it('locals and variable defaults, through each other', () => {
    const ctx = 'variable "svc" {\n  default = ["zero", "abe"]\n}\nlocals {\n  names = [for s in var.svc : "${s}-service"]\n  first = local.names[0]\n}\n';
    expect(value('local.first', ctx)).toBe('zero-service');
  });

  it('anything that needs a plan is UNKNOWN', () => {
    expect(value('var.no_default', 'variable "no_default" {}\n')).toBe(UNKNOWN);
    expect(value('aws_iam_role.r.arn')).toBe(UNKNOWN);
    expect(value('"${data.x.y.id}-sa"')).toBe(UNKNOWN);
    expect(value('var.a ? "x" : "y"')).toBe(UNKNOWN);
    expect(value('[for s in ["a"] : s if s != ""]')).toBe(UNKNOWN);
    expect(value('local.loop', 'locals {\n  loop = local.loop\n}\n')).toBe(UNKNOWN);
  });
});

describe('for_each and count', () => {
  it('a set, a list and a map give each.key/each.value', () => {
    const env = { module: moduleOf('') };
    const expr = (e: string) => exprOf(moduleOf(`x = ${e}\n`));
    expect(forEachInstances(expr('toset(["a"])'), env)).toEqual([{ key: 'a', value: 'a' }]);
    expect(forEachInstances(expr('{ zero = "guardian-zero" }'), env)).toEqual([{ key: 'zero', value: 'guardian-zero' }]);
    expect(forEachInstances(expr('[1, 2]'), env)).toBe(UNKNOWN); // for_each takes strings only
  });

  it('evaluates an attribute per instance', () => {
    const m = moduleOf('resource "k" "sa" {\n  count = 2\n  name  = "sa-${count.index}"\n}\n');
    const b = m.blocks('resource', 'k', 'sa')[0];
    const envs = instanceEnvs(b, m);
    expect(envs === UNKNOWN ? envs : envs.map((e) => evaluate(attr(b, 'name')!.expr, e.env))).toEqual(['sa-0', 'sa-1']);
  });

  it('keeps the known parts of a template around unknown ones', () => {
    const m = moduleOf('x = "arn:aws:iam::${var.acct}:role/${each.value}"\n');
    expect(templateParts(exprOf(m), { module: m, bindings: { each: { key: 'a', value: 'zero' } } })).toEqual(['arn:aws:iam::', UNKNOWN, ':role/', 'zero']);
    expect(reference(exprOf(moduleOf('x = aws_iam_role.r[each.value].arn\n')))).toEqual({
      root: 'aws_iam_role',
      names: ['aws_iam_role', 'r', 'arn'],
      last: 'arn',
    });
  });
});

describe('role ARNs', () => {
  it.each([
    'arn:aws:iam::891377062453:role/guardian-zero-service-role',
    'arn:aws-cn:iam::123456789012:role/x',
    'arn:aws-us-gov:iam::123456789012:role/service-role/team/x',
    'arn:aws:iam::123456789012:role/a+b=c,d.e@f_g-h',
  ])('accepts %s', (arn) => expect(roleArnProblem(arn)).toBeUndefined());

  it.each([
    ['arn:aws:iam:123456789012:role/x', /4 ":" separators/],
    ['arn:aws:iam::12345678901:role/x', /not 12 digits/],
    ['arn:aws:iam::123456789012:user/x', /IAM user, not a role/],
    ['arn:aws:s3:::bucket', /of s3, not of IAM/],
    ['arn:aws:iam:us-east-1:123456789012:role/x', /no region/],
    ['arn:azure:iam::123456789012:role/x', /not an AWS partition/],
    ['arn:aws:iam::123456789012:role/has space', /not a valid role name/],
    ['guardian-zero-service-role', /not an ARN/],
  ])('rejects %s', (arn, why) => expect(roleArnProblem(arn)).toMatch(why));

  it('judges placeholders by whether some value would fit', () => {
    expect(roleArnPartsProblem(placeholderParts('arn:aws:iam::${AWS_ACCOUNT_ID}:role/zero'))).toBeUndefined();
    expect(roleArnPartsProblem(placeholderParts('arn:aws:iam::${ACCOUNT}:user/zero'))).toMatch(/user/);
    expect(roleArnPartsProblem(['arn:aws:iam:', UNKNOWN, ':role/x'])).toMatch(/separators/);
  });
});
