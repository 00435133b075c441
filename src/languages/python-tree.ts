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
import type { Tree } from './tree-sitter.js';

export class PyNode {
  /** set when the walk leaves the node: the preorder index of its last descendant */
  last = 0;
  readonly children: PyNode[] = [];
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
    return (this.named ??= this.children.filter((c) => c.isNamed));
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

  /**
   * This node (when it matches) and its descendants of the given types, in source order: what
   * web-tree-sitter's descendantsOfType returns. Like it, nodes ending at offset 0 (only an empty
   * module or a zero-width node at the very start) are left out.
   */
  descendantsOfType(types: string | string[]): PyNode[] {
    const want = typeof types === 'string' ? [types] : types;
    const out: PyNode[] = [];
    const nodes = this.tree.nodes;
    for (let i = this.id; i <= this.last; i++) {
      const n = nodes[i];
      if (n.endIndex !== 0 && want.includes(n.type)) out.push(n);
    }
    return out;
  }
}

export class PyTree {
  /** every node, in preorder (a node's descendants are nodes[id + 1 .. last]) */
  readonly nodes: PyNode[] = [];
  readonly rootNode: PyNode;

  constructor(
    tree: Tree,
    readonly text: string,
  ) {
    const { types, fields } = tree.language;
    const c = tree.walk();
    try {
      const stack: PyNode[] = [];
      let parent: PyNode | null = null;
      walk: for (;;) {
        const n: PyNode = new PyNode(
          this,
          this.nodes.length,
          types[c.nodeTypeId] || 'ERROR',
          c.startIndex,
          c.endIndex,
          c.nodeIsNamed,
          fields[c.currentFieldId] ?? null,
          parent,
        );
        this.nodes.push(n);
        parent?.children.push(n);
        if (c.gotoFirstChild()) {
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
    this.rootNode = this.nodes[0];
  }
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
