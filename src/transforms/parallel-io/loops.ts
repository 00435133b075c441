// Loops that await independent I/O one item at a time.
import type { Node } from '../../languages/python-ast.js';
import { walk, findAll, callArgs, callName, callMethod, dottedName, hasAsyncKeyword, namesIn, fieldOf, sameNode, targetRoots } from '../../languages/python-ast.js';

/** Methods of HTTP clients (httpx, aiohttp, requests-like wrappers). */
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream']);
/** Awaited calls that mean the loop is sequential on purpose: pacing, locking, one DB connection. */
const SEQUENTIAL = new Set(['sleep', 'acquire', 'wait', 'execute', 'executemany', 'commit', 'flush', 'rollback', 'fetch', 'fetchrow', 'fetchval', 'fetchone', 'fetchall', 'fetchmany', 'scalar', 'scalars', 'send', 'send_text', 'send_json', 'send_bytes', 'receive', 'receive_text', 'receive_json', 'receive_bytes', 'recv', 'drain', 'readline', 'read']);
const PACERS = /lock|sem(aphore)?|limiter|throttle|mutex/i;
/**
 * Receivers whose `get`/`put` is not a request to another service, or runs on one connection
 * that cannot take concurrent calls: queues, events, DB sessions, repositories, cursors.
 */
const NOT_HTTP = /(?:^|[._])(?:q|queue|\w*_queue|db|database|repo|repository|conn|connection|cursor|tx|transaction|uow)$/i;
/** Wrappers whose first argument is the real awaitable. */
const WRAPPERS = new Set(['wait_for', 'shield', 'create_task', 'ensure_future']);
const MUTATORS = new Set(['append', 'extend', 'insert', 'add', 'update', 'setdefault', 'pop', 'popleft', 'popitem', 'remove', 'discard', 'clear', 'appendleft', 'sort', 'reverse']);
const LOOP_TYPES = ['for_statement', 'while_statement'];
const CONDITIONAL = new Set(['if_statement', 'elif_clause', 'else_clause', 'except_clause', 'finally_clause', 'for_statement', 'while_statement', 'match_statement', 'case_clause', 'conditional_expression', 'boolean_operator']);

export interface SequentialLoop {
  /** the for statement or comprehension */
  loop: Node;
  /** the awaited I/O calls, first one first */
  calls: Node[];
  /** what the loop iterates over, as written */
  iterable: string;
}

/** The call an await (or async with) is about, through `asyncio.wait_for(…)`-style wrappers. */
function awaitedCall(node: Node | null | undefined): Node | undefined {
  let n = node;
  while (n?.type === 'parenthesized_expression') n = n.namedChildren[0];
  if (n?.type !== 'call') return undefined;
  if (WRAPPERS.has(callMethod(n) ?? '')) return awaitedCall(callArgs(n).positional[0]) ?? n;
  return n;
}

/** Awaited calls and `async with` calls in `scope`, not in nested functions. */
function asyncCalls(scope: Node): Node[] {
  const out: Node[] = [];
  for (const a of findAll(scope, 'await')) {
    const c = awaitedCall(a.namedChildren[0]);
    if (c) out.push(c);
  }
  for (const w of findAll(scope, 'with_statement')) {
    if (!hasAsyncKeyword(w)) continue;
    for (const item of findAll(w, 'with_item')) {
      if (!sameNode(item.parent?.parent, w)) continue;
      let v = item.childForFieldName('value');
      if (v?.type === 'as_pattern') v = v.namedChildren[0];
      const c = awaitedCall(v);
      if (c) out.push(c);
      else if (v && PACERS.test(v.text)) out.push(v);
    }
  }
  return out.sort((a, b) => a.startIndex - b.startIndex);
}

/** Async functions of the module known to do HTTP I/O: by name, and methods of its classes by method name. */
export interface IoDefs {
  functions: Set<string>;
  methods: Set<string>;
}

function isIo(call: Node, io: IoDefs): boolean {
  if (call.type !== 'call') return false;
  const fn = call.childForFieldName('function');
  if (fn?.type === 'attribute') {
    const method = callMethod(call) ?? '';
    const receiver = dottedName(fn.childForFieldName('object')) ?? '';
    if (NOT_HTTP.test(receiver) || /queue/i.test(receiver)) return false;
    if (io.methods.has(method)) return true; // `await c.fetch(url)` where the module's Client.fetch does HTTP
    if (!HTTP_METHODS.has(method)) return false;
    // SQLAlchemy's `session.get(Model, pk)` takes a class where aiohttp's takes a URL.
    const first = callArgs(call).positional[0];
    return !(/session/i.test(receiver) && first?.type === 'identifier' && /^[A-Z]/.test(first.text));
  }
  return fn?.type === 'identifier' && io.functions.has(fn.text);
}

function isSequencing(call: Node, io: IoDefs): boolean {
  if (call.type !== 'call') return PACERS.test(call.text); // `async with lock:`
  if (isIo(call, io)) return false;
  const name = callName(call) ?? '';
  return SEQUENTIAL.has(callMethod(call) ?? '') || PACERS.test(name.split('.').slice(0, -1).join('.'));
}

/** Async methods of the module's classes, by name (a name defined twice keeps both). */
function classMethods(root: Node): [string, Node][] {
  const out: [string, Node][] = [];
  for (const cls of findAll(root, 'class_definition')) {
    const body = cls.childForFieldName('body');
    for (const stmt of body?.namedChildren ?? []) {
      const def = stmt?.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      const name = def?.type === 'function_definition' ? def.childForFieldName('name')?.text : undefined;
      if (def && name) out.push([name, def]);
    }
  }
  return out;
}

/** The module's async functions and class methods whose body awaits HTTP I/O, directly or through each other. */
export function ioDefs(root: Node, defs: Map<string, Node>): IoDefs {
  const io: IoDefs = { functions: new Set(), methods: new Set() };
  const candidates: [Set<string>, string, Node][] = [
    ...[...defs].map(([n, fn]): [Set<string>, string, Node] => [io.functions, n, fn]),
    ...classMethods(root).map(([n, fn]): [Set<string>, string, Node] => [io.methods, n, fn]),
  ].filter(([, , fn]) => hasAsyncKeyword(fn));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [set, name, fn] of candidates) {
      if (set.has(name)) continue;
      if (asyncCalls(fn.childForFieldName('body') ?? fn).some((c) => isIo(c, io))) {
        set.add(name);
        changed = true;
      }
    }
  }
  return io;
}

/** The nearest loop (for/while/comprehension) whose body runs `node`, inside `scope`. */
function nearestLoop(node: Node, scope: Node): Node | undefined {
  let child = node;
  for (let p = node.parent; p && !sameNode(p, scope); child = p, p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'lambda') return undefined;
    const isLoop = LOOP_TYPES.includes(p.type) || p.type.endsWith('_comprehension') || p.type === 'generator_expression';
    // The iterable (`for x in await list_all()`) and a for-else run once: not per item.
    if (isLoop && fieldOf(p, child) === 'body') return p;
  }
  return undefined;
}

/** Whether `node` runs on every iteration before anything else in `body` could skip it. */
function unconditional(node: Node, body: Node): boolean {
  for (let p = node.parent; p && !sameNode(p, body); p = p.parent) if (CONDITIONAL.has(p.type)) return false;
  return true;
}

/**
 * Names whose value at the top of an iteration can come from the previous one: written in the
 * body (assigned, augmented, mutated by `.append()`-style calls, deleted) and not freshly
 * assigned before any read on every iteration, plus fresh names computed from such names.
 */
function carriedNames(loop: Node, body: Node): Set<string> {
  const perIteration = new Set<string>();
  targetRoots(loop.childForFieldName('left'), perIteration);
  const written = new Set<string>();
  const firstWrite = new Map<string, Node>(); // name → assignment, when its first occurrence is that write
  const seen = new Set<string>();
  walk(body, (n) => {
    if (n.type === 'function_definition' || n.type === 'lambda') return false;
    if (n.type === 'assignment' || n.type === 'augmented_assignment' || n.type === 'named_expression') {
      // The right side is read before the targets are bound (and `x += 1` reads x).
      const right = n.childForFieldName('right') ?? n.childForFieldName('value');
      if (right) for (const r of namesIn(right)) seen.add(r);
      const targets = new Set<string>();
      targetRoots(n.childForFieldName('left') ?? n.childForFieldName('name'), targets);
      const plain = n.type === 'assignment' && n.childForFieldName('left')?.type === 'identifier';
      for (const t of targets) {
        written.add(t);
        if (!seen.has(t) && plain && unconditional(n, body)) firstWrite.set(t, n);
        seen.add(t);
      }
    }
    if (n.type === 'for_statement' || n.type === 'for_in_clause') targetRoots(n.childForFieldName('left'), written);
    if (n.type === 'as_pattern_target' || n.type === 'delete_statement') targetRoots(n, written);
    if (n.type === 'call' && MUTATORS.has(callMethod(n) ?? '')) {
      const obj = n.childForFieldName('function')?.childForFieldName('object');
      const root = dottedName(obj)?.split('.')[0];
      if (root) written.add(root);
    }
    if (n.type === 'identifier') seen.add(n.text);
  });
  const carried = new Set([...written].filter((n) => !firstWrite.has(n) && !perIteration.has(n)));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, asg] of firstWrite) {
      if (carried.has(name)) continue;
      const right = asg.childForFieldName('right');
      if (right && [...namesIn(right)].some((r) => carried.has(r))) {
        carried.add(name);
        changed = true;
      }
    }
  }
  return carried;
}

/** Names read by the conditions that decide whether `node` runs, inside `body`. */
function guardNames(node: Node, body: Node): Set<string> {
  const out = new Set<string>();
  for (let p = node.parent; p && !sameNode(p, body); p = p.parent) {
    const cond = p.childForFieldName('condition');
    if (cond && fieldOf(p, cond) === 'condition') for (const n of namesIn(cond)) out.add(n);
  }
  return out;
}

function exits(body: Node): boolean {
  let found = false;
  walk(body, (n) => {
    if (n.type === 'function_definition' || n.type === 'lambda' || found) return false;
    if (n.type === 'return_statement' || n.type === 'yield') found = true;
    // A `raise` on a result stops the loop like `return`: later items never go out. One in an
    // `except` only turns a failure into another, which gather also propagates.
    if (n.type === 'raise_statement' && !ancestorBelow(n, body, 'except_clause')) found = true;
    // A break inside an inner loop ends that loop, not this one.
    if (n.type === 'break_statement' && !ancestorLoopBelow(n, body)) found = true;
  });
  return found;
}

function ancestorBelow(n: Node, body: Node, type: string): boolean {
  for (let p = n.parent; p && !sameNode(p, body); p = p.parent) if (p.type === type) return true;
  return false;
}

function ancestorLoopBelow(n: Node, body: Node): boolean {
  for (let p = n.parent; p && !sameNode(p, body); p = p.parent) if (LOOP_TYPES.includes(p.type)) return true;
  return false;
}

/** The loops of a function that await independent I/O one item at a time. */
export function sequentialLoops(fn: Node, io: IoDefs): SequentialLoop[] {
  const body = fn.childForFieldName('body');
  if (!body) return [];
  const byLoop = new Map<number, { loop: Node; calls: Node[] }>();
  for (const call of asyncCalls(body)) {
    const loop = nearestLoop(call, body);
    if (!loop) continue;
    const entry = byLoop.get(loop.startIndex) ?? { loop, calls: [] };
    entry.calls.push(call);
    byLoop.set(loop.startIndex, entry);
  }
  const out: SequentialLoop[] = [];
  for (const { loop, calls } of byLoop.values()) {
    if (loop.type === 'while_statement') continue; // polling and retry loops
    if (calls.some((c) => isSequencing(c, io))) continue;
    const ioCalls = calls.filter((c) => isIo(c, io));
    if (!ioCalls.length) continue;
    if (loop.type === 'for_statement') {
      const loopBody = loop.childForFieldName('body');
      if (hasAsyncKeyword(loop) || !loopBody || exits(loopBody)) continue;
      const carried = carriedNames(loop, loopBody);
      // A `continue` under a condition on carried state skips calls the same way a guard does.
      const skips = findAll(loopBody, 'continue_statement').filter((c) => !ancestorLoopBelow(c, loopBody));
      const reads = [...ioCalls.flatMap((c) => [...namesIn(c), ...guardNames(c, loopBody)]), ...skips.flatMap((c) => [...guardNames(c, loopBody)])];
      const dependent = reads.some((n) => carried.has(n));
      if (dependent) continue;
      out.push({ loop, calls: ioCalls, iterable: loop.childForFieldName('right')?.text ?? '' });
    } else {
      // A comprehension: `[await client.get(u) for u in urls]`; `async for` clauses stream.
      const clause = loop.namedChildren.find((c) => c?.type === 'for_in_clause');
      if (!clause || hasAsyncKeyword(clause)) continue;
      out.push({ loop, calls: ioCalls, iterable: clause.childForFieldName('right')?.text ?? '' });
    }
  }
  return out.sort((a, b) => a.loop.startIndex - b.loop.startIndex);
}
