import type { Language } from '../engine/types.js';
import { Grammar, treeErrors, type Tree } from './tree-sitter.js';

const grammar = new Grammar('@tree-sitter-grammars/tree-sitter-hcl', 'tree-sitter-terraform.wasm');

export interface TerraformDoc {
  tree: Tree;
  text: string;
}

export const terraform: Language<TerraformDoc> = {
  id: 'terraform',
  matches: (base) => base.endsWith('.tf'),
  load: () => grammar.load(),
  parse: (text) => ({ tree: grammar.parse(text), text }),
  errors: (doc) => treeErrors(doc.tree),
};
