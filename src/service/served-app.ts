// Which Python file and which app object an image serves: read from the start command
// (`uvicorn main:app`, `gunicorn "pkg.app:create_app()"`, `flask run` with FLASK_APP,
// `python app.py`) or, when the Dockerfile starts nothing itself, from where its base image looks
// (tiangolo's images: /app/app/main.py or /app/main.py). The module is found in the image by the
// WORKDIR and the COPY instructions that put it there, then in the workspace beside the
// Dockerfile. Pure data comes back (paths and names), so callers on another file, or on a later
// pass, find the same app again in whatever text they hold.
import { dirname, join, posix } from 'node:path';
import type { Copy, Instruction } from 'dockerfile-ast';
import type { RuleContext } from '../engine/rule.js';
import type { Language } from '../engine/types.js';
import type { SourceFile } from '../engine/source-file.js';
import type { DockerDoc } from '../languages/dockerfile.js';
import type { PythonDoc } from '../languages/python.js';
import { languageById } from '../languages/index.js';
import { pyTree } from '../languages/python-tree.js';
import { callArgs, callName, dottedName, findApps, findAll, moduleFunctions, statementsOf, stringLiteral, type AppKind, type Node } from '../languages/python-ast.js';
import { expand, execArgs, type Runtime } from './final-stage.js';
import { serviceCode } from './service-code.js';
import { unwrapStart } from './listen.js';

/** The frameworks a health route can be added to. */
export type WebKind = Extract<AppKind, 'FastAPI' | 'Starlette' | 'Flask' | 'Quart'>;
const WEB = new Set<AppKind>(['FastAPI', 'Starlette', 'Flask', 'Quart']);

export interface ServedApp {
  file: SourceFile;
  kind: WebKind;
  /** the variable that holds the app where it is created */
  name: string;
  /** the function that creates and returns it, when it is not created at module level */
  factory?: string;
  /** for messages: what says this is the app (`uvicorn main:app`) */
  source: string;
}

export type AppLookup = { app: ServedApp } | { missing: string };

interface Spec {
  /** container paths to try, first found wins */
  paths: string[];
  attr?: string;
  factory: boolean;
  /** a script run directly: the app it creates is the one it serves */
  script: boolean;
  /** a Django project (its URLs are in urls.py, not on an app object) */
  django?: boolean;
  source: string;
}

const APP_RE = /^([A-Za-z_][\w.]*):([A-Za-z_]\w*)(\(.*\))?$/;
const SERVERS = new Set(['uvicorn', 'gunicorn', 'hypercorn', 'granian', 'daphne', 'waitress-serve']);
const isPython = (n: string) => /^python[0-9.]*$/.test(n);

const kw = (i: Instruction) => i.getKeyword();

function moduleFiles(cwd: string, mod: string): string[] {
  const rel = mod.split('.').join('/');
  return [posix.join(cwd, `${rel}.py`), posix.join(cwd, rel, '__init__.py')];
}

/** The final WORKDIR of the chain, absolute. */
function workdirOf(rt: Runtime): string {
  let dir = '/';
  for (const ins of rt.fs.instructions) {
    if (kw(ins) !== 'WORKDIR') continue;
    const v = expand((ins.getArgumentsContent() ?? '').trim(), rt.fs.vars);
    if (v) dir = posix.resolve(dir, v);
  }
  return dir;
}

function flagValue(args: string[], names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    for (const n of names) {
      if (args[i] === n) return args[i + 1];
      if (n.startsWith('--') && args[i].startsWith(`${n}=`)) return args[i].slice(n.length + 1);
    }
  }
  return undefined;
}

/** What the start command (or the base image's start script) says the app is. */
function specOf(rt: Runtime): Spec | undefined {
  const cwd = workdirOf(rt);
  const vars = rt.fs.vars;
  if (!rt.start) {
    const app = rt.base.server?.app;
    if (!app) return undefined;
    // tiangolo's start script: MODULE_NAME / VARIABLE_NAME (or APP_MODULE) override the defaults.
    const appModule = vars.get('APP_MODULE');
    const [mod, attr] = appModule?.includes(':') ? appModule.split(':') : [vars.get('MODULE_NAME'), vars.get('VARIABLE_NAME')];
    const mods = mod ? [mod] : app.modules;
    return { paths: mods.flatMap((m) => moduleFiles(app.dir, m)), attr: attr ?? app.variable, factory: false, script: false, source: `${rt.base.server!.image}'s start script (${mods.map((m) => `${app.dir}/${m.replace(/\./g, '/')}.py`).join(' or ')})` };
  }
  const cmds = rt.start.commands;
  for (const c of cmds) {
    // A script is what the container runs only when it comes last (`python wait_for_db.py && uvicorn …`).
    const last = c === cmds[cmds.length - 1];
    let { name, args } = unwrapStart(c.name, c.args.map((a) => a.value));
    // `CMD ["/app/main.py"]` on an image whose ENTRYPOINT is Python (distroless python3).
    if (c.program.value.endsWith('.py')) {
      if (last) return { paths: [posix.resolve(cwd, c.program.value)], factory: false, script: true, source: c.program.value };
      continue;
    }
    if (isPython(name) && /(^|\/)manage\.py$/.test(args[0] ?? '')) return { paths: [], factory: false, script: false, django: true, source: `python ${args.join(' ')}` };
    if (isPython(name) && args[0] === '-m' && args[1]) {
      if (!SERVERS.has(args[1]) && args[1] !== 'flask') {
        if (last) return { paths: moduleFiles(cwd, args[1]), factory: false, script: true, source: `python -m ${args[1]}` };
        continue;
      }
      name = args[1];
      args = args.slice(2);
    } else if (isPython(name)) {
      const file = args.find((a) => !a.startsWith('-'));
      if (last && file?.endsWith('.py')) return { paths: [posix.resolve(cwd, file)], factory: false, script: true, source: `python ${file}` };
      continue;
    }
    if (SERVERS.has(name) && args.some((a) => /^[\w.]+\.[wa]sgi(:application)?$/.test(a))) return { paths: [], factory: false, script: false, django: true, source: `${name} ${args.find((a) => /[wa]sgi/.test(a))}` };
    if (SERVERS.has(name)) {
      const chdir = flagValue(args, ['--chdir', '--app-dir']);
      const dir = chdir ? posix.resolve(cwd, chdir) : cwd;
      const target = name === 'waitress-serve' ? flagValue(args, ['--call']) ?? args.find((a) => APP_RE.test(a)) : args.find((a) => APP_RE.test(a) && !/^\d/.test(a.split(':')[1]));
      const m = target ? APP_RE.exec(target) : undefined;
      if (!m) return undefined;
      const factory = !!m[3] || args.includes('--factory') || args.includes('--call');
      return { paths: moduleFiles(dir, m[1]), attr: m[2], factory, script: false, source: `${name} ${target}` };
    }
    if (name === 'flask' && args.includes('run')) {
      const given = flagValue(args, ['--app', '-A']) ?? vars.get('FLASK_APP');
      const value = given ? expand(given, vars) ?? given : undefined;
      const [mod, attr] = value ? value.split(':') : [];
      const paths = !mod ? [posix.join(cwd, 'app.py'), posix.join(cwd, 'wsgi.py')] : mod.endsWith('.py') ? [posix.resolve(cwd, mod)] : moduleFiles(cwd, mod);
      const call = attr ? /^(\w+)(\(.*\))?$/.exec(attr) : undefined;
      return { paths, attr: call?.[1], factory: !!call?.[2], script: false, source: `flask run${value ? ` (FLASK_APP ${value})` : ''}` };
    }
    if (name === 'fastapi' && (args[0] === 'run' || args[0] === 'dev')) {
      const path = args[1] && !args[1].startsWith('-') ? args[1] : undefined;
      const paths = path ? [posix.resolve(cwd, path)] : ['main.py', 'app.py', 'api.py', 'app/main.py', 'app/app.py'].map((p) => posix.join(cwd, p));
      return { paths, attr: flagValue(args, ['--app']), factory: false, script: false, source: `fastapi ${args[0]}${path ? ` ${path}` : ''}` };
    }
  }
  return undefined;
}

/** The instructions of a stage and of the stages it is built FROM, in build order. */
function chainOf(doc: DockerDoc, name: string): Instruction[] | undefined {
  const stages = doc.stages();
  const out: Instruction[][] = [];
  let cur = stages.find((s) => s.name === name.toLowerCase());
  while (cur && out.length < 10) {
    out.unshift(cur.instructions);
    const img = cur.from.getImage()?.toLowerCase();
    const at: number = cur.index;
    cur = stages.find((s) => s.index < at && s.name !== undefined && s.name === img);
  }
  return out.length ? out.flat() : undefined;
}

/**
 * Where a path of the image comes from, relative to the build context: the last COPY or ADD
 * whose destination holds it, followed into the stage a `COPY --from=<stage>` copies from.
 * `isFile` tells a source that is a file of the context: copied into a folder it lands as
 * `<dest>/<its name>` and holds nothing below it (`COPY requirements .` does not put the app there).
 */
function contextPaths(doc: DockerDoc, vars: Map<string, string>, instructions: Instruction[], target: string, isFile: (rel: string) => boolean, depth = 0): string[] {
  let workdir = '/';
  const copies: { srcs: string[]; dest: string; intoDir: boolean; from?: string }[] = [];
  for (const ins of instructions) {
    const k = kw(ins);
    if (k === 'WORKDIR') {
      const v = expand((ins.getArgumentsContent() ?? '').trim(), vars);
      if (v) workdir = posix.resolve(workdir, v);
      continue;
    }
    if (k !== 'COPY' && k !== 'ADD') continue;
    const from = (ins as Copy).getFromFlag?.()?.getValue() ?? undefined;
    const words = (execArgs(doc, ins) ?? ins.getArguments().map((a) => a.getValue())).filter((w) => !w.startsWith('--'));
    if (words.length < 2) continue;
    const rawDest = expand(words[words.length - 1], vars);
    if (rawDest === undefined) continue;
    const srcs = words.slice(0, -1).map((s) => (from ? s : s.replace(/^(\.\.\/)+/, '').replace(/^\.?\/+/, '').replace(/\/+$/, '').replace(/^\.$/, '')));
    copies.push({ srcs, dest: posix.resolve(workdir, rawDest), intoDir: rawDest.endsWith('/') || rawDest === '.' || srcs.length > 1, from });
  }
  for (const c of copies.reverse()) {
    const out: string[] = [];
    for (const s of c.srcs) {
      if (/[*?[]/.test(s) || /^[a-z]+:\/\//i.test(s)) continue;
      const base = c.from ? posix.resolve('/', s) : s;
      if (target === c.dest && !c.intoDir && base) out.push(base);
      if (target.startsWith(`${c.dest === '/' ? '' : c.dest}/`)) {
        const rest = target.slice(c.dest === '/' ? 1 : c.dest.length + 1);
        if (!c.from && base && isFile(base)) {
          if (c.intoDir && posix.basename(base) === rest) out.push(base);
          continue;
        }
        out.push(base ? `${base === '/' ? '' : base}/${rest}`.replace(/^\/\//, '/') : rest);
        if (base && posix.basename(base) === rest) out.push(base);
      }
    }
    if (!out.length) continue;
    if (!c.from) return out;
    // From another stage of this Dockerfile: where that stage got the file (an image's files are not ours).
    const chain = depth < 4 ? chainOf(doc, c.from) : undefined;
    return chain ? out.flatMap((p) => contextPaths(doc, vars, chain, posix.resolve('/', p), isFile, depth + 1)) : [];
  }
  return [];
}

const pathSets = new WeakMap<object, Set<string>>();

/** Whether a build-context path is a file of the workspace (in the Dockerfile's folder or one above it). */
function contextFile(ctx: RuleContext, rel: string): boolean {
  const all = ctx.workspace.allPaths; // read each time: a cached result depends on the listing
  let paths = pathSets.get(ctx.workspace);
  if (!paths) pathSets.set(ctx.workspace, (paths = new Set(all)));
  for (let dir = dirname(ctx.file.path); ctx.workspace.withinRoots(dir); dir = dirname(dir)) {
    if (paths.has(join(dir, rel))) return true;
    if (dirname(dir) === dir) break;
  }
  return false;
}

/** A workspace file from a build-context path: the context is the Dockerfile's folder or one above it. */
function workspaceFile(ctx: RuleContext, code: SourceFile[], rel: string): SourceFile | undefined {
  let dir = dirname(ctx.file.path);
  for (;;) {
    const hit = code.find((f) => f.path === join(dir, rel));
    if (hit) return hit;
    const up = dirname(dir);
    if (up === dir || !ctx.workspace.withinRoots(up)) return undefined;
    dir = up;
  }
}

function parse(ctx: RuleContext, file: SourceFile): Node | undefined {
  const python = languageById('python');
  const doc = python ? ctx.workspace.parsed(file, python as Language<PythonDoc>) : undefined;
  return doc ? pyTree(doc).rootNode : undefined;
}

/** The app a function creates and returns: `app = FastAPI(…)` … `return app` in its own block. */
function factoryApp(fn: Node): { name: string; kind: WebKind } | undefined {
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  const stmts = statementsOf(body);
  const returned = stmts.filter((s) => s.type === 'return_statement').map((s) => s.namedChildren[0]?.text);
  for (const s of stmts) {
    const asg = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
    const left = asg?.type === 'assignment' ? asg.childForFieldName('left') : undefined;
    const right = asg?.childForFieldName('right');
    const ctor = right?.type === 'call' ? callName(right)?.split('.').pop() : undefined;
    if (left?.type === 'identifier' && ctor && WEB.has(ctor as AppKind) && returned.includes(left.text)) return { name: left.text, kind: ctor as WebKind };
  }
  return undefined;
}

/** `from x import name` / `from .x import name` at module level: the module `x`, relative to `file`. */
function importedFrom(root: Node, name: string): { module: string; level: number } | undefined {
  for (const s of root.namedChildren) {
    if (s?.type !== 'import_from_statement') continue;
    const names = s.childrenForFieldName('name').map((n) => (n.type === 'aliased_import' ? n.childForFieldName('alias') : n)?.text);
    if (!names.includes(name)) continue;
    const mod = s.childForFieldName('module_name');
    if (!mod) continue;
    const text = mod.text;
    const level = /^\.*/.exec(text)![0].length;
    return { module: text.slice(level), level };
  }
  return undefined;
}

interface Where {
  ctx: RuleContext;
  code: SourceFile[];
  source: string;
}

/** A module imported by `file`, among the service's code: beside it, or from the package root. */
function importTarget(w: Where, file: SourceFile, imp: { module: string; level: number }): SourceFile | undefined {
  const rel = imp.module.split('.').join('/');
  let base = dirname(file.path);
  for (let i = 1; i < imp.level; i++) base = dirname(base);
  const tries = [join(base, `${rel}.py`), join(base, rel, '__init__.py')];
  if (imp.level === 0) {
    // An absolute import: any folder above the file may be the one on sys.path.
    for (let d = dirname(file.path); d.length > 1; d = dirname(d)) tries.push(join(d, `${rel}.py`), join(d, rel, '__init__.py'));
  }
  for (const t of tries) {
    const hit = w.code.find((f) => f.path === t);
    if (hit) return hit;
  }
  return undefined;
}

/** The app named `attr` in `file` (created there, by a factory there, or imported from a module beside it). */
function appIn(w: Where, file: SourceFile, attr: string | undefined, factory: boolean, hops = 1): AppLookup {
  const root = parse(w.ctx, file);
  if (!root) return { missing: `${file.rel} does not parse` };
  const found = (name: string, kind: WebKind, fn?: string): AppLookup => ({ app: { file, kind, name, factory: fn, source: w.source } });
  const fns = moduleFunctions(root);
  if (factory && attr) {
    const fn = fns.get(attr);
    const made = fn && factoryApp(fn);
    if (made) return found(made.name, made.kind, attr);
    const imp = importedFrom(root, attr);
    const there = imp && hops > 0 ? importTarget(w, file, imp) : undefined;
    return there ? appIn(w, there, attr, true, hops - 1) : { missing: `the factory ${attr}() is not a function of ${file.rel} that creates and returns a FastAPI, Starlette or Flask app` };
  }
  const apps = findApps(root);
  const names = attr ? [attr] : ['app', 'application'];
  const bound = apps.find((a) => names.includes(a.name));
  if (bound) return WEB.has(bound.kind) ? found(bound.name, bound.kind as WebKind) : { missing: `${bound.name} in ${file.rel} is a ${bound.kind}, not an app` };
  // `app = create_app()` at module level, the factory here or imported from beside it.
  for (const s of root.namedChildren) {
    const asg = s?.type === 'expression_statement' ? s.namedChildren[0] : undefined;
    const left = asg?.type === 'assignment' ? asg.childForFieldName('left') : undefined;
    const right = asg?.childForFieldName('right');
    if (left?.type !== 'identifier' || !names.includes(left.text) || right?.type !== 'call') continue;
    const callee = right.childForFieldName('function');
    if (callee?.type !== 'identifier') continue;
    const local = fns.get(callee.text);
    const made = local && factoryApp(local);
    if (made) return found(made.name, made.kind, callee.text);
    const imp = importedFrom(root, callee.text);
    const there = imp && hops > 0 ? importTarget(w, file, imp) : undefined;
    if (there) return appIn(w, there, callee.text, true, hops - 1);
  }
  // `from x import app`
  for (const n of names) {
    const imp = importedFrom(root, n);
    const there = imp && hops > 0 ? importTarget(w, file, imp) : undefined;
    if (there) return appIn(w, there, n, false, hops - 1);
  }
  if (!attr) {
    // Flask's own discovery: create_app() or make_app() when no `app` is bound.
    for (const f of ['create_app', 'make_app']) {
      const made = fns.get(f) && factoryApp(fns.get(f)!);
      if (made) return found(made.name, made.kind, f);
    }
  }
  return { missing: `guardfix finds no FastAPI, Starlette or Flask app${attr ? ` named ${attr}` : ''} in ${file.rel}` };
}

/** The app a script serves: the web app it creates and runs (app.run(), uvicorn.run(app)). */
function scriptApp(w: Where, file: SourceFile): AppLookup | undefined {
  const root = parse(w.ctx, file);
  if (!root) return undefined;
  for (const call of findAll(root, 'call', { intoFunctions: true })) {
    const name = callName(call) ?? '';
    const args = callArgs(call);
    if (/^(uvicorn\.run|waitress\.serve|serve)$/.test(name)) {
      const first = args.positional[0];
      const spec = stringLiteral(first);
      const m = spec ? APP_RE.exec(spec) : undefined;
      if (m) {
        const target = w.code.find((f) => f.path.endsWith(`/${m[1].split('.').join('/')}.py`) && f.path.startsWith(dirname(file.path)));
        if (target) return appIn({ ...w, source: `${w.source} (uvicorn.run("${spec}"))` }, target, m[2], !!m[3] || args.keywords.get('factory')?.text === 'True');
      }
      if (first?.type === 'identifier') return appIn(w, file, first.text, false);
    }
    if (/\.run$/.test(name)) {
      const obj = dottedName(call.childForFieldName('function')?.childForFieldName('object'));
      if (obj && !obj.includes('.') && findApps(root).some((a) => a.name === obj && WEB.has(a.kind))) return appIn(w, file, obj, false);
    }
  }
  return undefined;
}

/** The Python file the start command runs (`python app.py`, `uvicorn main:app`), if it is in the workspace. */
export function startFile(ctx: RuleContext<DockerDoc>, rt: Runtime): { file: SourceFile; script: boolean; source: string } | undefined {
  const spec = specOf(rt);
  if (!spec) return undefined;
  const code = serviceCode(ctx.workspace, ctx.service);
  const isFile = (rel: string) => contextFile(ctx, rel);
  for (const p of spec.paths) {
    for (const rel of contextPaths(ctx.doc, rt.fs.vars, rt.fs.instructions, p, isFile)) {
      const file = workspaceFile(ctx, code, rel);
      if (file) return { file, script: spec.script, source: spec.source };
    }
  }
  return undefined;
}

/**
 * The app the image serves, or why guardfix cannot see it. undefined when the start command
 * names no Python app at all (a Node server, a worker, a binary).
 */
export function servedApp(ctx: RuleContext<DockerDoc>, rt: Runtime): AppLookup | undefined {
  const spec = specOf(rt);
  if (!spec) return undefined;
  if (spec.django) return { missing: `it is a Django project (${spec.source}), whose routes are in its urls.py, which guardfix does not edit` };
  const code = serviceCode(ctx.workspace, ctx.service);
  const started = startFile(ctx, rt);
  if (!started) return { missing: `the app's code is not in the workspace (${spec.source}: no ${spec.paths.map((p) => posix.basename(p)).filter((b, i, a) => a.indexOf(b) === i).join(' or ')} that the Dockerfile copies in)` };
  const w: Where = { ctx, code, source: spec.source };
  if (spec.script) return scriptApp(w, started.file) ?? { missing: `${started.file.rel} creates no web app that it runs` };
  return appIn(w, started.file, spec.attr, spec.factory);
}
