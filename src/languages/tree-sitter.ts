// Shared web-tree-sitter runtime for Python, Terraform and the shell inside RUN.
// The runtime and each grammar load lazily, once, so `guardfix --version` never pays for them.
//
// Offsets: tree-sitter works in bytes of the encoding it parsed. web-tree-sitter parses a JS
// string as UTF-16, so Node.startIndex/endIndex are UTF-16 code-unit indexes — the engine's unit.
// `span` is the one place that turns a node into engine offsets; __tests__/tree-sitter.test.ts
// checks it with emoji and accented text before the node.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Parser as TSParser, Language as TSLanguage, Node, Tree } from 'web-tree-sitter';

export type { Node, Tree };

type Runtime = typeof import('web-tree-sitter');
let runtime: Promise<Runtime> | undefined;
const grammars = new Map<string, Promise<TSParser>>();

/**
 * The exports of web-tree-sitter's wasm module that a cursor walk needs (python-tree.ts), called
 * without its JS wrappers. Each wrapper call writes the cursor into a transfer buffer and reads it
 * back through Emscripten's generic setValue/getValue, four words each way; the C side keeps the
 * cursor in that buffer between calls anyway (lib/binding_web/lib/tree-sitter.c: every cursor
 * function reads it from there and the moving ones write it back), so a walk that makes no other
 * tree-sitter call in between can call these directly.
 */
export interface CursorExports {
  /** the transfer buffer's byte address */
  buffer: number;
  heap32(): Int32Array;
  firstChild(tree: number): number;
  nextSibling(tree: number): number;
  parent(tree: number): number;
  typeId(tree: number): number;
  startIndex(tree: number): number;
  endIndex(tree: number): number;
  fieldId(tree: number): number;
}
let cursorExports: CursorExports | undefined;

/** The direct cursor calls, once the runtime is loaded; undefined if this web-tree-sitter lacks them. */
export function directCursor(): CursorExports | undefined {
  return cursorExports;
}

function loadRuntime(): Promise<Runtime> {
  runtime ??= import('web-tree-sitter').then(async (m) => {
    // Emscripten makes the object passed to init its Module: the wasm exports land on it.
    const module: Record<string, any> = {};
    await m.Parser.init(module);
    const fn = (name: string) => (typeof module[name] === 'function' ? (module[name] as (...a: number[]) => number) : undefined);
    const [init, firstChild, nextSibling, parent, typeId, startIndex, endIndex, fieldId] = [
      '_ts_init',
      '_ts_tree_cursor_goto_first_child_wasm',
      '_ts_tree_cursor_goto_next_sibling_wasm',
      '_ts_tree_cursor_goto_parent_wasm',
      '_ts_tree_cursor_current_node_type_id_wasm',
      '_ts_tree_cursor_start_index_wasm',
      '_ts_tree_cursor_end_index_wasm',
      '_ts_tree_cursor_current_field_id_wasm',
    ].map(fn);
    if (init && firstChild && nextSibling && parent && typeId && startIndex && endIndex && fieldId && module.HEAP32 instanceof Int32Array) {
      // ts_init only writes the two version numbers web-tree-sitter has already read, and returns the buffer.
      cursorExports = { buffer: init(), heap32: () => module.HEAP32 as Int32Array, firstChild, nextSibling, parent, typeId, startIndex, endIndex, fieldId };
    }
    return m;
  });
  return runtime;
}

const require = createRequire(import.meta.url);

/** Absolute path of a .wasm file shipped inside an npm package. */
export function wasmPath(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

/** A parser for one grammar, created once. */
export function loadParser(pkg: string, file: string): Promise<TSParser> {
  const key = `${pkg}/${file}`;
  let p = grammars.get(key);
  if (!p) {
    p = loadRuntime().then(async (m) => {
      const lang: TSLanguage = await m.Language.load(wasmPath(pkg, file));
      const parser = new m.Parser();
      parser.setLanguage(lang);
      return parser;
    });
    grammars.set(key, p);
  }
  return p;
}

/** The engine range of a node (a web-tree-sitter Node, or a JS copy of one). */
export function span(node: { startIndex: number; endIndex: number }): { start: number; end: number } {
  return { start: node.startIndex, end: node.endIndex };
}

/** ERROR and MISSING nodes, as parse errors. */
export function treeErrors(tree: Tree): { message: string; offset: number }[] {
  const out: { message: string; offset: number }[] = [];
  if (!tree.rootNode.hasError) return out;
  const visit = (n: Node) => {
    if (n.isError) out.push({ message: `syntax error at line ${n.startPosition.row + 1}`, offset: n.startIndex });
    else if (n.isMissing) out.push({ message: `missing ${n.type} at line ${n.startPosition.row + 1}`, offset: n.startIndex });
    else if (n.hasError) for (const c of n.children) if (c) visit(c);
  };
  visit(tree.rootNode);
  return out;
}

/** A synchronous parser wrapper: `load()` must have been awaited before `parse()`. */
export class Grammar {
  private parser?: TSParser;
  constructor(
    private readonly pkg: string,
    private readonly file: string,
  ) {}
  async load(): Promise<void> {
    this.parser ??= await loadParser(this.pkg, this.file);
  }
  parse(text: string): Tree {
    if (!this.parser) throw new Error(`grammar ${this.file} used before load()`);
    const tree = this.parser.parse(text);
    if (!tree) throw new Error(`tree-sitter could not parse (${this.file})`);
    return tree;
  }
}
