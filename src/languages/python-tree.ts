// A plain-JavaScript copy of a Python syntax tree, made with one cursor walk per parse.
//
// Why: every property of a web-tree-sitter Node (`type`, `endIndex`, `children`,
// `childForFieldName`…) crosses into wasm and allocates a new wrapper, and the Python rules read
// the same module many times over (routes, calls, loops, lifecycles), on the original text and
// again on each fixed text. Walking the tree once with a TreeCursor and keeping type, range,
// field and links as JS objects makes every later read a property access.
//
// PyNode keeps the names and meaning of the web-tree-sitter members the rules use, so code
// written against the `SyntaxNode` shape (src/languages/python-ast.ts) runs on either.
// __tests__/python-tree.test.ts compares the copy with the real tree node by node.
import type { Language } from 'web-tree-sitter';
import { directCursor, type CursorExports, type Tree } from './tree-sitter.js';

// Most nodes are leaves: they share one (frozen) empty list instead of allocating their own.
const NO_CHILDREN: PyNode[] = Object.freeze([]) as unknown as PyNode[];

export class PyNode {
  /** set by the walk: the preorder index of the node's last descendant */
  last = 0;
  /** set by the walk */
  children: PyNode[] = NO_CHILDREN;
  private named?: PyNode[];

  constructor(
    readonly tree: PyTree,
    /** preorder index in the tree: unique, and the order of the source */
    readonly id: number,
    readonly type: string,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly isNamed: boolean,
    /** the field this node fills in its parent (`body`, `function`…), or null */
    readonly field: string | null,
    readonly parent: PyNode | null,
  ) {}

  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }

  get namedChildren(): PyNode[] {
    return (this.named ??= this.children === NO_CHILDREN ? NO_CHILDREN : this.children.filter((c) => c.isNamed));
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(index: number): PyNode | null {
    return this.children[index] ?? null;
  }

  fieldNameForChild(index: number): string | null {
    return this.children[index]?.field ?? null;
  }

  childForFieldName(field: string): PyNode | null {
    for (const c of this.children) if (c.field === field) return c;
    return null;
  }

  childrenForFieldName(field: string): PyNode[] {
    return this.children.filter((c) => c.field === field);
  }

  /** This node (when it matches) and its descendants of the given types, in source order: what web-tree-sitter's descendantsOfType returns. */
  descendantsOfType(types: string | string[]): PyNode[] {
    if (typeof types === 'string') return this.tree.ofType(types, this.id, this.last);
    if (types.length === 1) return this.tree.ofType(types[0], this.id, this.last);
    return [...new Set(types)].flatMap((t) => this.tree.ofType(t, this.id, this.last)).sort((a, b) => a.id - b.id);
  }
}

export class PyTree {
  /** every node, in preorder (a node's descendants are nodes[id + 1 .. last]) */
  readonly nodes: PyNode[] = [];
  readonly rootNode: PyNode;
  /** the nodes of each type, in preorder: searches cut a range out of one list */
  private readonly byType = new Map<string, PyNode[]>();

  constructor(
    tree: Tree,
    readonly text: string,
  ) {
    const direct = directCursor();
    if (direct) this.walkDirect(tree, direct);
    else this.walkCursor(tree);
    this.rootNode = this.nodes[0];
  }

  /** Adds a node met in the preorder walk; `parent` is the nearest node not yet complete. */
  private add(typeId: number, startIndex: number, endIndex: number, fieldId: number, parent: PyNode | null, language: Language, named: (typeId: number) => boolean): PyNode {
    const n: PyNode = new PyNode(this, this.nodes.length, language.types[typeId] || 'ERROR', startIndex, endIndex, named(typeId), language.fields[fieldId] ?? null, parent);
    this.nodes.push(n);
    parent?.children.push(n);
    const same = this.byType.get(n.type);
    if (same) same.push(n);
    else this.byType.set(n.type, [n]);
    return n;
  }

  /**
   * The walk with web-tree-sitter's wasm exports called directly (tree-sitter.ts directCursor):
   * the same cursor moves and reads as walkCursor, without the transfer-buffer round trips of the
   * JS wrappers (~4× faster on a 5 KB module).
   */
  private walkDirect(tree: Tree, w: CursorExports): void {
    const language = tree.language;
    const named = namedTypes(language);
    // The tree's wasm address (web-tree-sitter keeps it at index 0, as it passes it to every call).
    const t = (tree as unknown as { [0]: number })[0];
    const c = tree.walk(); // leaves the new cursor in the transfer buffer
    try {
      const stack: PyNode[] = [];
      let parent: PyNode | null = null;
      walk: for (;;) {
        const n = this.add(w.typeId(t), w.startIndex(t), w.endIndex(t), w.fieldId(t), parent, language, named);
        if (w.firstChild(t)) {
          n.children = [];
          stack.push(n);
          parent = n;
          continue;
        }
        n.last = n.id;
        while (!w.nextSibling(t)) {
          if (!w.parent(t)) break walk;
          stack.pop()!.last = this.nodes.length - 1;
          parent = stack[stack.length - 1] ?? null;
        }
      }
    } finally {
      // The cursor as the buffer holds it now: its stack may have been reallocated on the way
      // (its address is the cursor's first word), and delete() frees what the handles name.
      const handles = (c as unknown as { handles: number[] }).handles;
      const heap = w.heap32();
      for (let k = 0; k < 4; k++) handles[k] = heap[(w.buffer >> 2) + k];
      c.delete();
    }
  }

  /** The same walk through web-tree-sitter's TreeCursor (when its wasm exports are not reachable). */
  private walkCursor(tree: Tree): void {
    const language = tree.language;
    const named = namedTypes(language);
    const c = tree.walk();
    try {
      const stack: PyNode[] = [];
      let parent: PyNode | null = null;
      walk: for (;;) {
        const n = this.add(c.nodeTypeId, c.startIndex, c.endIndex, c.currentFieldId, parent, language, named);
        if (c.gotoFirstChild()) {
          n.children = [];
          stack.push(n);
          parent = n;
          continue;
        }
        n.last = n.id;
        // Up until a next sibling; each node left on the way up is complete.
        while (!c.gotoNextSibling()) {
          if (!c.gotoParent()) break walk;
          stack.pop()!.last = this.nodes.length - 1;
          parent = stack[stack.length - 1] ?? null;
        }
      }
    } finally {
      c.delete();
    }
  }

  /**
   * Nodes of one type whose preorder index is in [from, to]: a node and its descendants. Nodes
   * ending at offset 0 are left out, as web-tree-sitter's search does (only an empty module or a
   * zero-width node at the very start).
   */
  ofType(type: string, from: number, to: number): PyNode[] {
    const list = this.byType.get(type);
    if (!list) return [];
    // First index with id >= from (ids grow along the list).
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].id < from) lo = mid + 1;
      else hi = mid;
    }
    const out: PyNode[] = [];
    for (let i = lo; i < list.length && list[i].id <= to; i++) if (list[i].endIndex !== 0) out.push(list[i]);
    return out;
  }
}

// Whether a node is named follows from its type (aliases included: the cursor reports the alias's
// id): one wasm call per type of the grammar instead of one per node.
const namedByLanguage = new WeakMap<Language, Map<number, boolean>>();
function namedTypes(language: Language): (typeId: number) => boolean {
  let m = namedByLanguage.get(language);
  if (!m) namedByLanguage.set(language, (m = new Map()));
  const known = m;
  return (typeId) => {
    let v = known.get(typeId);
    if (v === undefined) known.set(typeId, (v = language.nodeTypeIsNamed(typeId)));
    return v;
  };
}

// Trees are copied on first use. The rules of one file run one after the other on the same
// parse, so a few recent copies answer nearly every call; keeping one per cached parse (the
// workspace keeps 256) would hold every copy in memory for nothing.
const RECENT = 8;
const recent = new Map<Tree, PyTree>();

/** The JS copy of a parsed Python module (made once, on first use). */
export function pyTree(doc: { tree: Tree; text: string }): PyTree {
  let t = recent.get(doc.tree);
  if (t) return t;
  t = new PyTree(doc.tree, doc.text);
  if (recent.size >= RECENT) recent.delete(recent.keys().next().value!);
  recent.set(doc.tree, t);
  return t;
}

/** Drops the copy of a tree about to be deleted (a deleted tree must not be read, even by key). */
export function forgetCopy(tree: Tree): void {
  recent.delete(tree);
}
