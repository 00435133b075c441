// JavaScript and TypeScript, read through jscodeshift: its Babel parsers give exact UTF-16
// `start`/`end` offsets on the text as written, and its Collection API (find/filter, scopes)
// is what rules query. We hand jscodeshift the parsed AST instead of the source string because
// recast's own parse expands tabs before parsing, which shifts every offset after a tab.
//
// jscodeshift (Babel, recast, ast-types) takes ~150 ms to import, so it loads in `load()`,
// only when a rule that reads JavaScript runs: `guardfix --version` never pays for it.
import type { Language, ParseError } from '../engine/types.js';

/** The few members of a Babel/ast-types node that rules read; no type package ships for jscodeshift. */
export interface JsNode {
  type: string;
  start: number;
  end: number;
  [key: string]: any;
}

export interface JsPath {
  node: JsNode;
  parent: JsPath | null;
  /** ast-types scope; `lookup(name)` is null for a global */
  scope: { lookup(name: string): unknown } | null;
}

export interface Collection {
  find(type: unknown, filter?: object): Collection;
  filter(fn: (p: JsPath) => boolean): Collection;
  paths(): JsPath[];
}

/** jscodeshift's `j`: call it on a node to get a Collection; node types are its properties. */
export type Jscodeshift = ((node: JsNode) => Collection) & Record<string, any>;

export interface JsDoc {
  text: string;
  /** Babel's File node, undefined when no parser accepted the text */
  ast?: JsNode;
  /** which jscodeshift parser accepted the text */
  parser?: ParserName;
  error?: ParseError;
  /** the Collection of the whole file */
  root(): Collection;
  j: Jscodeshift;
}

type ParserName = 'tsx' | 'ts' | 'babylon';
interface Parsers {
  j: Jscodeshift;
  parsers: [ParserName, { parse(code: string): JsNode }][];
}
let loaded: Parsers | undefined;

// Specifiers held in a variable: without a type package, a literal import would be an error.
const importAny = (spec: string): Promise<any> => import(spec);

async function load(): Promise<void> {
  if (loaded) return;
  const [core, tsx, ts, babylon] = await Promise.all([
    importAny('jscodeshift'),
    importAny('jscodeshift/parser/tsx.js'),
    importAny('jscodeshift/parser/ts.js'),
    importAny('jscodeshift/parser/babylon.js'),
  ]);
  // Parse sees only the text, not the path, so the parsers are tried in turn: tsx reads JS, JSX
  // and most TS; ts reads `<T>x` casts that tsx takes for JSX; babylon (Flow) reads `?Type`.
  loaded = {
    j: core.default,
    parsers: [
      ['tsx', tsx.default()],
      ['ts', ts.default()],
      ['babylon', babylon.default()],
    ],
  };
}

function parse(text: string): JsDoc {
  if (!loaded) throw new Error('javascript used before load()');
  const { j, parsers } = loaded;
  let best: ParseError | undefined;
  for (const [name, parser] of parsers) {
    try {
      const ast = parser.parse(text);
      return { text, ast, parser: name, j, root: () => j(ast) };
    } catch (e) {
      const err = e as { message?: string; pos?: number };
      // Report the parser that read furthest: its complaint is the likeliest real error.
      if (!best || (err.pos ?? -1) > (best.offset ?? -1)) best = { message: err.message ?? String(e), offset: err.pos };
    }
  }
  return {
    text,
    error: best,
    j,
    root: () => {
      throw new Error('no AST: the file did not parse');
    },
  };
}

// Minified bundles and declaration files hold nothing a rule here could fix, and bundles are
// slow to parse: they are not read as JavaScript at all.
const SKIP = /\.min\.[cm]?js$|\.d\.[cm]?ts$/;

export const javascript: Language<JsDoc> = {
  id: 'javascript',
  matches: (base) => /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/.test(base) && !SKIP.test(base),
  load,
  parse,
  errors: (doc) => (doc.error ? [doc.error] : []),
};
