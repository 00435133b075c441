// Dockerfiles through dockerfile-ast. Its ranges are 0-based line/character pairs; `DockerDoc`
// turns them into engine offsets, once, here.
import { DockerfileParser, type Dockerfile, type From, type Instruction } from 'dockerfile-ast';
import type { Language, ParseError } from '../engine/types.js';
import { LineIndex } from '../engine/line-index.js';
import './dockerfile-arguments.js'; // one argument scan per instruction

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

const KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

export interface Stage {
  from: From;
  /** instructions after FROM, up to the next FROM */
  instructions: Instruction[];
  /** `AS name`, lower-cased, or undefined */
  name?: string;
  index: number;
  isFinal: boolean;
}

export class DockerDoc {
  readonly lines: LineIndex;
  constructor(
    readonly text: string,
    readonly ast: Dockerfile,
  ) {
    this.lines = new LineIndex(text);
  }
  offset(p: { line: number; character: number }): number {
    return this.lines.offset(p.line, p.character);
  }
  range(r: LspRange): { start: number; end: number } {
    return { start: this.offset(r.start), end: this.offset(r.end) };
  }
  slice(r: LspRange): string {
    const { start, end } = this.range(r);
    return this.text.slice(start, end);
  }
  instructions(): Instruction[] {
    return this.ast.getInstructions();
  }
  stages(): Stage[] {
    const out: Stage[] = [];
    for (const ins of this.ast.getInstructions()) {
      const kw = ins.getKeyword();
      if (kw === 'FROM') {
        const from = ins as From;
        out.push({ from, instructions: [], name: from.getBuildStage()?.toLowerCase(), index: out.length, isFinal: false });
      } else if (out.length > 0) {
        out[out.length - 1].instructions.push(ins);
      }
    }
    if (out.length) out[out.length - 1].isFinal = true;
    return out;
  }
  /** the file's line ending convention is LF after normalization; indentation of line `n` */
  indentOf(line: number): string {
    const start = this.lines.lineStart(line);
    return /^[ \t]*/.exec(this.text.slice(start, this.lines.lineEnd(line)))![0];
  }
}

export const dockerfile: Language<DockerDoc> = {
  id: 'dockerfile',
  matches: (base) =>
    base === 'dockerfile' ||
    base === 'containerfile' ||
    (base.startsWith('dockerfile.') && !base.endsWith('.md')) ||
    base.startsWith('containerfile.') ||
    base.endsWith('.dockerfile') ||
    base.endsWith('.containerfile'),
  parse: (text) => new DockerDoc(text, DockerfileParser.parse(text)),
  errors: (doc) => {
    const out: ParseError[] = [];
    for (const ins of doc.instructions()) {
      const kw = ins.getKeyword();
      if (!KEYWORDS.has(kw)) {
        out.push({ message: `unknown instruction "${ins.getInstruction()}" at line ${ins.getRange().start.line + 1}`, offset: doc.offset(ins.getRange().start) });
      }
    }
    const froms = doc.ast.getFROMs();
    const first = doc.instructions().find((i) => i.getKeyword() !== 'ARG');
    if (first && first.getKeyword() !== 'FROM' && froms.length > 0) {
      out.push({ message: `${first.getKeyword()} before the first FROM (line ${first.getRange().start.line + 1})`, offset: doc.offset(first.getRange().start) });
    }
    for (const ins of doc.instructions()) {
      const problem = argumentProblem(doc, ins);
      if (problem) out.push({ message: `${problem} (line ${ins.getRange().start.line + 1})`, offset: doc.offset(ins.getRange().start) });
    }
    return out;
  },
};

// What BuildKit refuses before it runs anything (frontend/dockerfile/instructions/parse.go):
// instructions without the arguments they need, and FROM lines that are no image reference.
const NEEDS_ONE = new Set(['ARG', 'ENV', 'LABEL', 'WORKDIR', 'USER', 'MAINTAINER', 'STOPSIGNAL', 'EXPOSE', 'VOLUME', 'HEALTHCHECK', 'ONBUILD', 'SHELL']);
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
/** An image reference as the distribution/reference grammar defines it. */
const IMAGE_REF = new RegExp(
  `^(?:(?:${HOST}(?:\\.${HOST})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);

function argumentProblem(doc: DockerDoc, ins: Instruction): string | undefined {
  const kw = ins.getKeyword();
  const args = ins.getArguments();
  if (kw === 'FROM') {
    const n = args.length;
    if (n !== 1 && !(n === 3 && args[1].getValue().toLowerCase() === 'as')) return 'FROM needs an image and, optionally, AS <name>';
    if (n === 3 && !/^[a-z][a-z0-9-_.]*$/.test(args[2].getValue().toLowerCase())) return `"${args[2].getValue()}" is not a valid stage name`;
    const image = args[0].getValue().replace(/^(["'])(.*)\1$/, '$2');
    if (!image.includes('$') && !IMAGE_REF.test(image)) return `"${image}" is not a valid image reference`;
    return undefined;
  }
  if (kw === 'COPY' || kw === 'ADD') {
    if (args.length === 0) return `${kw} needs a source and a destination`;
    const first = doc.range(args[0].getRange()).start;
    const text = doc.text.slice(first, doc.range(args[args.length - 1].getRange()).end);
    let count = args.length;
    if (text.startsWith('[')) {
      try {
        const list = JSON.parse(text);
        if (Array.isArray(list)) count = list.length;
      } catch {
        // not JSON: the words count
      }
    }
    return count < 2 ? `${kw} needs a source and a destination` : undefined;
  }
  if (NEEDS_ONE.has(kw) && args.length === 0) return `${kw} needs an argument`;
  if (kw === 'ENV' && args.length === 1 && !args[0].getValue().includes('=')) return `ENV ${args[0].getValue()} has no value`;
  return undefined;
}
