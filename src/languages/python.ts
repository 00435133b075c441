import type { Language } from '../engine/types.js';
import { Grammar, treeErrors, type Tree } from './tree-sitter.js';
import { forgetCopy } from './python-tree.js';

const grammar = new Grammar('tree-sitter-python', 'tree-sitter-python.wasm');

export interface PythonDoc {
  tree: Tree;
  text: string;
}

export const python: Language<PythonDoc> = {
  id: 'python',
  matches: (base) => base.endsWith('.py') || base.endsWith('.pyi'),
  load: () => grammar.load(),
  parse: (text) => ({ tree: grammar.parse(text), text }),
  errors: (doc) => treeErrors(doc.tree),
  release: (doc) => {
    forgetCopy(doc.tree);
    doc.tree.delete();
  },
};
