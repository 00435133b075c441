// Which functions of a module run per request because code in OTHER modules of the service calls
// them per request: `from .db import get_conn` in routes.py, then `get_conn()` in a handler. Read
// from the other modules' original text (imports resolved by path, never executed), two modules
// deep (routes.py → services.py → db.py).
import { dirname, relative, sep } from 'node:path';
import type { SourceFile } from '../engine/source-file.js';
import type { Service, Workspace } from '../engine/workspace.js';
import type { Node } from '../languages/python-ast.js';
import { callArgs, dottedName, findAll, importBindings } from '../languages/python-ast.js';
import { bodyOf, Callables, closure, HTTP_METHODS, originOf, requestEntries, type PerRequest } from '../languages/python-requests.js';
import { pyTree } from '../languages/python-tree.js';
import { python, type PythonDoc } from '../languages/python.js';
import { touch } from '../engine/reads.js';

/** Files that serve no requests: tests, migrations. */
export const NOT_SERVING = /(^|\/)(tests?|testing|migrations|alembic)\/|(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/;

/** A module an import names: `from ..db import x` is {dots: 2, parts: ['db']}. */
interface ModuleRef {
  dots: number;
  parts: string[];
}

/** What each imported name of a module is: a module (`import a.b as m`, maybe `from a import b`) or a name in one. */
function importsOf(root: Node): Map<string, { module: ModuleRef; attr?: string }> {
  const out = new Map<string, { module: ModuleRef; attr?: string }>();
  const dotted = (n: Node) => n.namedChildren.filter((c) => c.type === 'identifier').map((c) => c.text);
  for (const n of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (n.type === 'import_statement') {
      for (const c of n.childrenForFieldName('name')) {
        if (c.type === 'aliased_import') {
          const name = c.childForFieldName('name');
          const alias = c.childForFieldName('alias');
          if (name && alias) out.set(alias.text, { module: { dots: 0, parts: dotted(name) } });
        } else if (c.type === 'dotted_name') {
          const parts = dotted(c);
          out.set(parts[0], { module: { dots: 0, parts: parts.slice(0, 1) } });
        }
      }
      continue;
    }
    const mod = n.childForFieldName('module_name');
    if (!mod) continue;
    let module: ModuleRef;
    if (mod.type === 'relative_import') {
      const prefix = mod.namedChildren.find((c) => c.type === 'import_prefix')?.text ?? '';
      const rest = mod.namedChildren.find((c) => c.type === 'dotted_name');
      module = { dots: prefix.length, parts: rest ? dotted(rest) : [] };
    } else module = { dots: 0, parts: dotted(mod) };
    for (const c of n.childrenForFieldName('name')) {
      const name = c.type === 'aliased_import' ? c.childForFieldName('name') : c;
      const local = c.type === 'aliased_import' ? c.childForFieldName('alias') : c;
      if (name && local) out.set(local.text, { module, attr: dotted(name).join('.') });
    }
  }
  return out;
}

/** The module and function a call (or a callback handed on) names through the imports, if it names one elsewhere. */
function target(callee: string, imports: ReturnType<typeof importsOf>): { module: ModuleRef; fn: string }[] {
  const parts = callee.split('.');
  const b = imports.get(parts[0]);
  if (!b) return [];
  if (parts.length === 1) return b.attr ? [{ module: b.module, fn: b.attr }] : [];
  // `m.f()`: m is a module, or `from pkg import m` names the module pkg.m — or a class or an
  // instance of one in pkg (`Repo.get`, `repo.get`).
  const base = b.attr ? { dots: b.module.dots, parts: [...b.module.parts, ...b.attr.split('.')] } : b.module;
  const out = [{ module: { dots: base.dots, parts: [...base.parts, ...parts.slice(1, -1)] }, fn: parts[parts.length - 1] }];
  if (b.attr && parts.length === 2) out.push({ module: b.module, fn: `${b.attr}.${parts[1]}` });
  return out;
}

/** The dotted path of a file inside its service: `app/db.py` → app, db; `app/__init__.py` → app. */
function pathParts(service: Service, file: SourceFile): string[] {
  const parts = relative(service.dir, file.path).split(sep);
  parts[parts.length - 1] = parts[parts.length - 1].replace(/\.pyi?$/, '');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return parts;
}

/** Whether `ref`, imported by `from`, is the module `file`. */
function names(service: Service, from: SourceFile, ref: ModuleRef, file: SourceFile): boolean {
  const mine = pathParts(service, file);
  if (ref.dots > 0) {
    let dir = relative(service.dir, dirname(from.path)).split(sep).filter((p) => p && p !== '.');
    for (let i = 1; i < ref.dots; i++) dir = dir.slice(0, -1);
    const want = [...dir, ...ref.parts];
    return want.length === mine.length && want.every((p, i) => p === mine[i]);
  }
  // Absolute: the import's parts end the file's path (a src/ layout or the service folder as root).
  return ref.parts.length > 0 && ref.parts.length <= mine.length && ref.parts.every((p, i) => p === mine[mine.length - ref.parts.length + i]);
}

const memo = new WeakMap<Service, Map<string, Map<string, string>>>();

/**
 * Functions of `file`, by name, that other modules of its service call from code that runs per
 * request, with where (`handler "index" in app/routes.py`).
 */
export function calledPerRequestElsewhere(ws: Workspace, service: Service, file: SourceFile, depth = 0): Map<string, string> {
  if (depth > 1) return new Map();
  let byFile = memo.get(service);
  if (!byFile) memo.set(service, (byFile = new Map()));
  const hit = byFile.get(file.path);
  if (hit) {
    // What finding it read: the service's Python modules (a cached result depends on them).
    for (const f of service.filesOf('python')) touch(f);
    return hit;
  }
  const out = new Map<string, string>();
  byFile.set(file.path, out); // a cycle of imports reads what is found so far
  const stem = pathParts(service, file).pop();
  if (!stem) return out;
  const mention = new RegExp(`\\b(import|from)\\b[^\\n]*\\b${stem}\\b`);
  for (const other of service.filesOf('python')) {
    if (other === file || other.error || NOT_SERVING.test(relative(service.dir, other.path).split(sep).join('/')) || !mention.test(other.text)) continue;
    const doc = ws.parsed<PythonDoc>(other, python);
    if (!doc) continue;
    const root = pyTree(doc).rootNode;
    const imports = importsOf(root);
    const rel = relative(service.dir, other.path).split(sep).join('/');
    // Class-based views registered there: their request methods are handlers.
    for (const cls of registeredViews(root)) {
      for (const t of target(cls, imports)) {
        if (!names(service, other, t.module, file)) continue;
        for (const m of HTTP_METHODS) if (!out.has(`${t.fn}.${m}`)) out.set(`${t.fn}.${m}`, `registered in ${rel}`);
      }
    }
    for (const { fn, where } of perRequestIn(root, calledPerRequestElsewhere(ws, service, other, depth + 1))) {
      for (const callee of calleesOf(fn, imports)) {
        for (const t of target(callee, imports)) {
          if (!out.has(t.fn) && names(service, other, t.module, file)) out.set(t.fn, `${originOf(where)}${/ in \S+$/.test(originOf(where)) ? '' : ` in ${rel}`}`);
        }
      }
    }
  }
  return out;
}

/** Classes a module registers as views: `api.add_resource(Users, …)`, `Users.as_view(…)`. */
function registeredViews(root: Node): string[] {
  const out: string[] = [];
  for (const call of findAll(root, 'call', { intoFunctions: true })) {
    const fn = call.childForFieldName('function');
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    const cls = method === 'add_resource' ? dottedName(callArgs(call).positional[0]) : method === 'as_view' ? dottedName(fn!.childForFieldName('object')) : undefined;
    if (cls) out.push(cls);
  }
  return out;
}

/** A module's per-request functions: its own entries, and the functions other modules call per request. */
export function perRequestIn(root: Node, elsewhere: Map<string, string>): PerRequest[] {
  const bindings = importBindings(root);
  const callables = new Callables(root);
  const seeds = requestEntries(root, bindings, undefined, callables);
  for (const [name, where] of elsewhere) {
    const hit = callables.resolve(name, root);
    if (hit) seeds.push({ fn: hit.fn, where: where.startsWith('registered in ') ? `handler "${hit.name}" (${where})` : `"${hit.name}" (called by ${where})` });
  }
  return closure(seeds, callables);
}

/** Dotted names a function's body calls or hands on as callbacks; `repo.get` is `Repo.get` after `repo = Repo()` of an imported Repo. */
function calleesOf(fn: Node, imports: ReturnType<typeof importsOf>): string[] {
  const made = new Map<string, string>();
  for (const a of findAll(bodyOf(fn), 'assignment')) {
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    const cls = right?.type === 'call' ? dottedName(right.childForFieldName('function')) : undefined;
    if (left?.type === 'identifier' && cls && imports.has(cls.split('.')[0])) made.set(left.text, cls);
  }
  const out: string[] = [];
  for (const call of findAll(bodyOf(fn), 'call', { intoFunctions: true })) {
    const name = dottedName(call.childForFieldName('function'));
    const [head, ...rest] = name?.split('.') ?? [];
    if (name) out.push(made.has(head) && rest.length === 1 ? `${made.get(head)}.${rest[0]}` : name);
    for (const a of callArgs(call).positional) {
      const n = dottedName(a);
      if (n) out.push(n);
    }
  }
  return out;
}
