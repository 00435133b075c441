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
    return out;
  },
};
