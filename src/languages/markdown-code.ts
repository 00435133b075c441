// Code blocks of a Markdown document, line by line, with the source offsets of each line's
// content. mdast gives a block's value with container prefixes (list indentation, `> `) and the
// fence indentation removed; editing by offsets needs to know where each value line sits in
// the source, so a block whose lines cannot be matched back is marked `mappable: false`.
import type { Code, Nodes } from 'mdast';
import { LineIndex } from '../engine/line-index.js';
import type { MarkdownDoc } from './markdown.js';

export interface CodeLine {
  /** the line as mdast gives it (no container prefix) */
  text: string;
  /** source offsets of `text` */
  start: number;
  end: number;
  /** what precedes `text` on its source line: list indentation, `> `, fence indentation */
  prefix: string;
  /** source offset of the start of the line */
  lineStart: number;
}

export interface CodeBlock {
  node: Code;
  kind: 'fenced' | 'indented';
  /** ``` or ~~~ (the opening fence's characters) */
  fence?: string;
  lang?: string;
  /** fenced blocks: whether a closing fence ends it (CommonMark runs an unclosed one to the end) */
  closed: boolean;
  lines: CodeLine[];
  /** every line was located in the source */
  mappable: boolean;
}

function collect(n: Nodes, out: Code[]) {
  if (n.type === 'code') out.push(n);
  if ('children' in n) for (const c of n.children) collect(c as Nodes, out);
}

export function codeBlocks(doc: MarkdownDoc, text: string): CodeBlock[] {
  const nodes: Code[] = [];
  collect(doc.root, nodes);
  const li = new LineIndex(text);
  const src = (l: number) => text.slice(li.lineStart(l), li.lineEnd(l));
  return nodes.map((node) => {
    const s = node.position!.start.offset!;
    const e = node.position!.end.offset!;
    const first = li.lineOf(s);
    const last = li.lineOf(e);
    const open = /^(`{3,}|~{3,})/.exec(text.slice(s, s + 200));
    const block: CodeBlock = { node, kind: open ? 'fenced' : 'indented', lang: node.lang ?? undefined, closed: true, lines: [], mappable: true };
    let from = first;
    let to = last;
    if (open) {
      block.fence = open[1];
      const closing = src(last).replace(/^[ \t>]*/, '');
      const m = /^(`{3,}|~{3,})[ \t]*$/.exec(closing);
      block.closed = last > first && !!m && m[1][0] === open[1][0] && m[1].length >= open[1].length;
      from = first + 1;
      to = block.closed ? last - 1 : last;
    }
    const values = node.value.split('\n');
    const count = to - from + 1;
    if (count <= 0) return block;
    if (values.length !== count && block.closed) block.mappable = false;
    for (let i = 0; i < Math.min(count, values.length); i++) {
      const l = from + i;
      const line = src(l);
      let v = values[i];
      if (!line.endsWith(v)) {
        // CommonMark expands a tab when it strips indentation ("\tx" can become "  x"): the
        // line still maps when only its leading whitespace differs.
        const t = v.trimStart();
        if (t === '' || !line.endsWith(t) || !/^[ \t>]*$/.test(line.slice(0, line.length - t.length))) {
          block.mappable = false; // a lazy continuation line, or text mdast changed
          break;
        }
        v = t;
      }
      const lineStart = li.lineStart(l);
      const prefix = line.slice(0, line.length - v.length);
      block.lines.push({ text: v, start: lineStart + prefix.length, end: lineStart + line.length, prefix, lineStart });
    }
    return block;
  });
}
