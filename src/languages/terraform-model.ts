// A small static model of Terraform over the tree-sitter-terraform tree: blocks by type and
// labels, attributes, and an evaluator for the constant part of the language (literals, string
// templates, tuples/objects, var.* defaults, local.*, each.key/each.value, for expressions and a
// few pure functions). Anything that needs a plan (data sources, resource attributes, unknown
// variables) evaluates to UNKNOWN, never to a guess: rules must treat UNKNOWN as "could be anything".
import type { Node } from './tree-sitter.js';
import type { TerraformDoc } from './terraform.js';
import type { SourceFile } from '../engine/source-file.js';

export const UNKNOWN: unique symbol = Symbol('unknown');
export type TfValue = string | number | boolean | null | TfValue[] | { [key: string]: TfValue };
export type Evaluated = TfValue | typeof UNKNOWN;

export interface TfBlock {
  node: Node;
  type: string;
  labels: string[];
  body?: Node;
}

const kids = (n: Node | null | undefined): Node[] => (n ? (n.namedChildren.filter(Boolean) as Node[]) : []);

/** The text of a label or a quoted literal: `"s3"` → s3, `aws_iam_role` → aws_iam_role. */
function labelText(n: Node): string {
  if (n.type === 'identifier') return n.text;
  return unescape(kids(n).filter((c) => c.type === 'template_literal').map((c) => c.text).join(''));
}

function toBlock(n: Node): TfBlock {
  const parts = kids(n);
  return {
    node: n,
    type: parts[0]?.text ?? '',
    labels: parts.slice(1).filter((c) => c.type === 'string_lit' || c.type === 'identifier').map(labelText),
    body: parts.find((c) => c.type === 'body'),
  };
}

/** Blocks directly inside a body (or a config_file), optionally of one type. */
export function blocksIn(body: Node | undefined, type?: string): TfBlock[] {
  const root = body?.type === 'config_file' ? kids(body).find((c) => c.type === 'body') : body;
  return kids(root).filter((c) => c.type === 'block').map(toBlock).filter((b) => !type || b.type === type);
}

export function rootBlocks(doc: TerraformDoc, type?: string): TfBlock[] {
  return blocksIn(doc.tree.rootNode, type);
}

export function nested(block: TfBlock, type: string): TfBlock[] {
  return blocksIn(block.body, type);
}

/** An attribute of a block body: the whole `name = expr` node and its expression. */
export function attr(block: TfBlock, name: string): { node: Node; expr: Node } | undefined {
  for (const c of kids(block.body)) {
    if (c.type !== 'attribute') continue;
    const [id, expr] = kids(c);
    if (id?.text === name && expr) return { node: c, expr };
  }
  return undefined;
}

/** Elements of an object expression `{ k = v }` with their key text and nodes. */
export function objectElems(expr: Node): { key: string | typeof UNKNOWN; keyNode: Node; value: Node }[] {
  const obj = descend(expr, ['collection_value', 'object']);
  if (!obj) return [];
  return kids(obj)
    .filter((c) => c.type === 'object_elem')
    .map((el) => {
      const [k, v] = kids(el);
      return { key: objectKey(k), keyNode: k, value: v };
    });
}

/** Every `key = value` of the object literals anywhere in an expression (`merge(a, { k = v })` too). */
export function nestedObjectElems(expr: Node): ReturnType<typeof objectElems> {
  const out: ReturnType<typeof objectElems> = [];
  const visit = (n: Node) => {
    if (n.type === 'object_elem') {
      const [k, v] = kids(n);
      out.push({ key: objectKey(k), keyNode: k, value: v });
    }
    for (const c of kids(n)) visit(c);
  };
  visit(expr);
  return out;
}

/** Whether an expression is an object literal, whose keys are all there is to know. */
export function isObjectLiteral(expr: Node): boolean {
  return !!descend(expr, ['collection_value', 'object']) && kids(expr).length === 1;
}

function descend(n: Node, path: string[]): Node | undefined {
  let cur: Node | undefined = n;
  for (const t of path) {
    cur = kids(cur).find((c) => c.type === t) ?? (cur?.type === t ? cur : undefined);
    if (!cur) return undefined;
  }
  return cur;
}

/** Object keys: a bare identifier is its own name (`a = 1` → "a"), anything else is evaluated. */
function objectKey(k: Node, env?: Env): string | typeof UNKNOWN {
  const inner = kids(k);
  if (inner.length === 1 && inner[0].type === 'variable_expr') return inner[0].text;
  const v = evaluate(k, env ?? {});
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : UNKNOWN;
}

export function unescape(s: string): string {
  return s
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{')
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => {
      if (e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
      return ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[e] ?? e;
    });
}

/** What names resolve to while evaluating: a module's variables and locals, and bound names. */
export interface Env {
  module?: TfModule;
  bindings?: Record<string, TfValue>;
}

const known = (v: Evaluated): v is TfValue => v !== UNKNOWN;

export function evaluate(n: Node, env: Env): Evaluated {
  switch (n.type) {
    case 'expression': {
      const parts = kids(n);
      if (parts[0]?.type === 'variable_expr') return traverse(parts, env);
      if (parts.length === 1) return evaluate(parts[0], env);
      return UNKNOWN;
    }
    case 'literal_value':
      return evaluate(kids(n)[0], env);
    case 'string_lit':
      return labelText(n);
    case 'numeric_lit':
      return Number(n.text);
    case 'bool_lit':
      return n.text === 'true';
    case 'null_lit':
      return null;
    case 'template_expr':
      return evaluate(kids(n)[0], env);
    case 'quoted_template':
    case 'heredoc_template': {
      let out = '';
      for (const c of kids(n)) {
        if (c.type === 'template_literal') out += unescape(c.text);
        else if (c.type === 'template_interpolation') {
          const v = evaluate(kids(c).find((k) => k.type === 'expression')!, env);
          if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out += String(v);
          else return UNKNOWN;
        } else if (!/_start$|_end$|^heredoc_identifier$/.test(c.type)) return UNKNOWN; // %{ } directives
      }
      return out;
    }
    case 'collection_value':
      return evaluate(kids(n)[0], env);
    case 'tuple': {
      const out: TfValue[] = [];
      for (const c of kids(n).filter((k) => k.type === 'expression')) {
        const v = evaluate(c, env);
        if (!known(v)) return UNKNOWN;
        out.push(v);
      }
      return out;
    }
    case 'object': {
      const out: Record<string, TfValue> = {};
      for (const el of kids(n).filter((k) => k.type === 'object_elem')) {
        const [k, v] = kids(el);
        const key = objectKey(k, env);
        const val = evaluate(v, env);
        if (key === UNKNOWN || !known(val)) return UNKNOWN;
        out[key] = val;
      }
      return out;
    }
    case 'function_call':
      return call(n, env);
    case 'for_expr':
      return forExpr(kids(n)[0], env);
    default:
      return UNKNOWN;
  }
}

/** `var.x`, `local.x`, `each.value.name`, `v[0]`: a root name and attribute/index steps. */
function traverse(parts: Node[], env: Env): Evaluated {
  const root = parts[0].text;
  let steps = parts.slice(1);
  let cur: Evaluated;
  if (env.bindings && root in env.bindings) cur = env.bindings[root];
  else if ((root === 'var' || root === 'local') && steps[0]?.type === 'get_attr') {
    const name = kids(steps[0])[0]?.text ?? '';
    cur = root === 'var' ? env.module?.variableDefault(name) ?? UNKNOWN : env.module?.local(name) ?? UNKNOWN;
    steps = steps.slice(1);
  } else return UNKNOWN;
  for (const s of steps) {
    if (!known(cur) || cur === null || typeof cur !== 'object') return UNKNOWN;
    let key: Evaluated;
    if (s.type === 'get_attr') key = kids(s)[0]?.text ?? '';
    else if (s.type === 'index') {
      const e = descend(s, ['new_index', 'expression']) ?? descend(s, ['legacy_index']);
      key = e ? (e.type === 'expression' ? evaluate(e, env) : Number(e.text.slice(1))) : UNKNOWN;
    } else return UNKNOWN;
    if (!known(key)) return UNKNOWN;
    const next: TfValue | undefined = Array.isArray(cur) ? cur[Number(key)] : (cur as Record<string, TfValue>)[String(key)];
    if (next === undefined) return UNKNOWN;
    cur = next;
  }
  return cur;
}

/** First occurrences, compared by value: one pass, since a fleet's for_each can list 10k names. */
const dedupe = (a: TfValue[]) => {
  const seen = new Set<string>();
  return a.filter((v) => {
    const k = JSON.stringify(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

function call(n: Node, env: Env): Evaluated {
  const [fn, argsNode] = [kids(n)[0]?.text, kids(n).find((c) => c.type === 'function_arguments')];
  const args = kids(argsNode).filter((c) => c.type === 'expression').map((a) => evaluate(a, env));
  if (!args.every(known)) return UNKNOWN;
  const a = args as TfValue[];
  const isList = (v: TfValue): v is TfValue[] => Array.isArray(v);
  const isMap = (v: TfValue): v is Record<string, TfValue> => v !== null && typeof v === 'object' && !Array.isArray(v);
  switch (fn) {
    case 'toset':
      return isList(a[0]) ? dedupe(a[0]).sort() : UNKNOWN;
    case 'tolist':
      return isList(a[0]) ? a[0] : UNKNOWN;
    case 'tomap':
      return isMap(a[0]) ? a[0] : UNKNOWN;
    case 'keys':
      return isMap(a[0]) ? Object.keys(a[0]).sort() : UNKNOWN;
    case 'values':
      return isMap(a[0]) ? Object.keys(a[0]).sort().map((k) => (a[0] as Record<string, TfValue>)[k]) : UNKNOWN;
    case 'length':
      return isList(a[0]) ? a[0].length : isMap(a[0]) ? Object.keys(a[0]).length : typeof a[0] === 'string' ? [...a[0]].length : UNKNOWN;
    case 'concat':
      return a.every(isList) ? a.flat(1) : UNKNOWN;
    case 'lower':
    case 'upper':
    case 'trimspace':
      if (typeof a[0] !== 'string') return UNKNOWN;
      return fn === 'lower' ? a[0].toLowerCase() : fn === 'upper' ? a[0].toUpperCase() : a[0].trim();
    case 'format':
      if (typeof a[0] !== 'string') return UNKNOWN;
      {
        let i = 1;
        let ok = true;
        const s = a[0].replace(/%([sd%])/g, (_, f: string) => {
          if (f === '%') return '%';
          const v = a[i++];
          if (typeof v !== 'string' && typeof v !== 'number') ok = false;
          return String(v);
        });
        return ok ? s : UNKNOWN;
      }
    default:
      return UNKNOWN;
  }
}

function forExpr(n: Node, env: Env): Evaluated {
  const intro = kids(n).find((c) => c.type === 'for_intro');
  if (!intro || kids(n).some((c) => c.type === 'for_cond') || n.text.includes('...')) return UNKNOWN;
  const names = kids(intro).filter((c) => c.type === 'identifier').map((c) => c.text);
  const source = evaluate(kids(intro).find((c) => c.type === 'expression')!, env);
  if (!known(source) || source === null || typeof source !== 'object') return UNKNOWN;
  const entries: [TfValue, TfValue][] = Array.isArray(source)
    ? source.map((v, i) => [i, v])
    : Object.keys(source).sort().map((k) => [k, (source as Record<string, TfValue>)[k]]);
  const body = kids(n).filter((c) => c.type === 'expression');
  const isObject = n.type === 'for_object_expr';
  const outList: TfValue[] = [];
  const outMap: Record<string, TfValue> = {};
  for (const [k, v] of entries) {
    const bindings = { ...env.bindings, ...(names.length === 2 ? { [names[0]]: k, [names[1]]: v } : { [names[0]]: v }) };
    const vals = body.map((b) => evaluate(b, { ...env, bindings }));
    if (!vals.every(known)) return UNKNOWN;
    if (isObject) outMap[String(vals[0])] = vals[1] as TfValue;
    else outList.push(vals[0] as TfValue);
  }
  return isObject ? outMap : outList;
}

/** The `each` objects a `for_each` produces: a set/list of strings, or a map. */
export function forEachInstances(expr: Node, env: Env): { key: string; value: TfValue }[] | typeof UNKNOWN {
  const v = evaluate(expr, env);
  if (!known(v) || v === null || typeof v !== 'object') return UNKNOWN;
  if (Array.isArray(v)) {
    if (!v.every((x) => typeof x === 'string')) return UNKNOWN;
    return dedupe(v).map((x) => ({ key: x as string, value: x }));
  }
  return Object.keys(v).map((k) => ({ key: k, value: v[k] }));
}

/** One evaluation environment per instance of a block (`for_each` / `count` aware). */
export function instanceEnvs(block: TfBlock, module: TfModule): { key?: string; env: Env }[] | typeof UNKNOWN {
  const fe = attr(block, 'for_each');
  const count = attr(block, 'count');
  if (count) {
    const n = evaluate(count.expr, { module });
    if (typeof n !== 'number' || n > 1000) return UNKNOWN;
    return Array.from({ length: n }, (_, i) => ({ key: String(i), env: { module, bindings: { count: { index: i } } } }));
  }
  if (!fe) return [{ env: { module } }];
  const inst = forEachInstances(fe.expr, { module });
  if (inst === UNKNOWN) return UNKNOWN;
  return inst.map((i) => ({ key: i.key, env: { module, bindings: { each: { key: i.key, value: i.value } } } }));
}

export interface TfFile {
  file: SourceFile;
  doc: TerraformDoc;
}

/** The .tf files of one folder: one Terraform module, where var.* and local.* resolve. */
export class TfModule {
  private readonly localsCache = new Map<string, Evaluated>();
  private readonly resolving = new Set<string>();
  constructor(
    readonly dir: string,
    readonly files: TfFile[],
  ) {}

  blocks(type: string, ...labels: string[]): (TfBlock & { file: SourceFile })[] {
    return this.files.flatMap(({ file, doc }) =>
      rootBlocks(doc, type)
        .filter((b) => labels.every((l, i) => b.labels[i] === l))
        .map((b) => ({ ...b, file })),
    );
  }

  variableDefault(name: string): Evaluated {
    const v = this.blocks('variable', name)[0];
    const d = v && attr(v, 'default');
    return d ? evaluate(d.expr, { module: this }) : UNKNOWN;
  }

  local(name: string): Evaluated {
    if (this.localsCache.has(name)) return this.localsCache.get(name)!;
    if (this.resolving.has(name)) return UNKNOWN; // a cycle: Terraform rejects it too
    this.resolving.add(name);
    let out: Evaluated = UNKNOWN;
    for (const b of this.blocks('locals')) {
      const a = attr(b, name);
      if (a) out = evaluate(a.expr, { module: this });
    }
    this.resolving.delete(name);
    this.localsCache.set(name, out);
    return out;
  }
}

/** A string expression as known text and UNKNOWN holes: `"arn:…:${var.acct}:role/x"` keeps its shape. */
export function templateParts(n: Node, env: Env): (string | typeof UNKNOWN)[] {
  const tpl = descend(n, ['template_expr', 'quoted_template']);
  if (!tpl) {
    const v = evaluate(n, env);
    return [typeof v === 'string' ? v : UNKNOWN];
  }
  return kids(tpl).flatMap((c) => {
    if (c.type === 'template_literal') return [unescape(c.text)];
    if (/_start$|_end$/.test(c.type)) return [];
    const e = c.type === 'template_interpolation' ? kids(c).find((k) => k.type === 'expression') : undefined;
    const v = e ? evaluate(e, env) : UNKNOWN;
    return [typeof v === 'string' || typeof v === 'number' ? String(v) : UNKNOWN];
  });
}

/** `aws_iam_role.x[each.value].arn` → its root names and the last attribute, for reference checks. */
export function reference(n: Node): { root: string; names: string[]; last?: string } | undefined {
  const e = n.type === 'expression' ? n : undefined;
  const parts = kids(e);
  if (parts[0]?.type !== 'variable_expr') return undefined;
  const names = [parts[0].text];
  let last: string | undefined;
  for (const s of parts.slice(1)) {
    if (s.type === 'get_attr') {
      last = kids(s)[0]?.text;
      if (last) names.push(last);
    } else if (s.type === 'index' || s.type === 'splat') last = undefined;
    else return undefined;
  }
  return { root: names[0], names, last };
}
