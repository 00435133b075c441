// The shell inside a Dockerfile RUN, parsed with tree-sitter-bash so rules read commands and
// arguments instead of matching regexes over RUN text. Not a file language: rules call it.
import { Grammar, type Tree } from './tree-sitter.js';

const grammar = new Grammar('tree-sitter-bash', 'tree-sitter-bash.wasm');

export const loadShell = () => grammar.load();
export const parseShell = (text: string): Tree => grammar.parse(text);
