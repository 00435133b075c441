// Removing a statement with its lines, and the blank lines around it, so that the result reads
// as if the statement had never been written.
import type { Edit } from '../../engine/types.js';

export interface Span {
  start: number;
  end: number;
}

const lineStart = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
const nextLine = (text: string, at: number) => {
  const nl = text.indexOf('\n', at);
  return nl === -1 ? text.length : nl + 1;
};
const isBlank = (line: string) => /^[ \t\r]*$/.test(line);
/** the line starting at `at`, without its newline */
const lineAt = (text: string, at: number) => text.slice(at, nextLine(text, at)).replace(/\n$/, '');

/** Whether only indentation precedes `s` on its line and only blanks or a comment follow it. */
export function aloneOnLines(text: string, s: Span, trailingComment: RegExp): boolean {
  const before = text.slice(lineStart(text, s.start), s.start);
  // A stray `;` after the statement (Python written by JavaScript hands) goes with it.
  const after = lineAt(text, s.end).replace(/^[ \t]*;/, '');
  return /^[ \t]*$/.test(before) && (isBlank(after) || trailingComment.test(after.trim()));
}

/** Blank lines directly above the line starting at `at`: their start offset and count. */
function blanksAbove(text: string, at: number): { start: number; count: number } {
  let start = at;
  let count = 0;
  while (start > 0) {
    const prev = lineStart(text, start - 1);
    if (!isBlank(text.slice(prev, start - 1))) break;
    start = prev;
    count++;
  }
  return { start, count };
}

/** Blank lines directly below: their count, and whether the text ends after them. */
function blanksBelow(text: string, at: number): { count: number; eof: boolean } {
  let count = 0;
  let pos = at;
  while (pos < text.length && isBlank(lineAt(text, pos))) {
    count++;
    pos = nextLine(text, pos);
  }
  return { count, eof: pos >= text.length };
}

/** The start offset of every line of [from, to). */
function lineStarts(text: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (let p = from; p < to; p = nextLine(text, p)) out.push(p);
  return out;
}

/**
 * Edits removing `dup` with its lines. Blank lines that the removal would double up lose one
 * copy: "a / blank / dup / blank / b" becomes "a / blank / b", and a dup between one blank line
 * and the two before a top-level def does not leave three. When `kept` (the print that stays)
 * closed a paragraph and the dup closed the next one — the seed's shape:
 *
 *     print("ℹ️  … (… disabled)")
 *
 *     FULL_INTEGRATION = False
 *     print("⚠️  … (… not available)")
 *
 * — the blank line only set the second announcement apart from the first; without it, what is
 * left joins the kept print's paragraph (the seed's own Fix 3 output).
 */
export function removeLines(text: string, dup: Span, kept: Span, commentLine: RegExp): Edit[] {
  const from = lineStart(text, dup.start);
  const to = nextLine(text, dup.end);
  const above = blanksAbove(text, from);
  const below = blanksBelow(text, to);
  const drop = below.eof ? above.count : Math.min(above.count, below.count);
  const edits: Edit[] = [];
  // Remove the blank lines nearest to the dup, from above.
  const dropFrom = drop ? lineStarts(text, above.start, from)[above.count - drop] : from;

  const keptEnd = nextLine(text, kept.end);
  const dupClosesParagraph = below.count > 0 || below.eof || startsDedent(text, to, from);
  if (above.count === 0 && dupClosesParagraph && keptEnd < from) {
    const gap = blanksBelow(text, keptEnd);
    const paraStart = lineStarts(text, keptEnd, from)[gap.count];
    const rest = paraStart === undefined ? [] : lineStarts(text, paraStart, from);
    // One blank gap right after the kept print, then a paragraph of code (no comment heading it,
    // no other blank line) that the dup ends.
    if (gap.count > 0 && rest.length > 0 && !commentLine.test(lineAt(text, paraStart).trim()) && !rest.some((p) => isBlank(lineAt(text, p)))) {
      edits.push({ start: keptEnd, end: paraStart, text: '' });
    }
  }
  edits.push({ start: dropFrom, end: to, text: '' });
  return edits;
}

/** Whether the line at `at` is indented less than the line at `ref` (the block ends there). */
function startsDedent(text: string, at: number, ref: number): boolean {
  if (at >= text.length) return true;
  const indent = (p: number) => /^[ \t]*/.exec(lineAt(text, p))![0].length;
  return indent(at) < indent(ref);
}
