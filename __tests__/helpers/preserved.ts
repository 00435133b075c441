// "Nothing else touched": which lines of the original a run's fixes were allowed to change, and
// whether every other line survived byte for byte and in order.
import type { Finding } from '../../src/engine/types.js';

/** 0-based line of each offset of a normalized (LF, no BOM) text. */
function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Lines a finding or one of its fix's edits covers, in the normalized original text. An edit
 * that ends at the start of a line (a whole-line removal) does not claim that next line.
 */
export function targetedLines(text: string, findings: Finding[]): Set<number> {
  const out = new Set<number>();
  const claim = (start: number, end: number) => {
    const a = lineOf(text, start);
    let b = lineOf(text, end);
    if (end > start && text[end - 1] === '\n') b = Math.max(a, b - 1);
    for (let l = a; l <= b; l++) out.add(l);
  };
  for (const f of findings) {
    claim(f.start, f.end);
    for (const e of f.fix?.edits ?? []) claim(e.start, e.end);
  }
  return out;
}

/**
 * The original's lines outside `targeted`, as raw byte-lines (CR and BOM kept), must appear in
 * the output in the same order. Returns the first line that did not, or undefined.
 *
 * Two losses are allowed, both blank lines: one beside a targeted line (rules collapse the
 * blank lines a removal leaves, PEP 8's two at most), and trailing ones once every line after
 * them went (a file without a final newline cannot keep them; the engine keeps that convention).
 */
export function firstLost(original: Buffer, output: Buffer, targeted: Set<number>): { line: number; text: string } | undefined {
  const before = original.toString('latin1').split('\n');
  const after = output.toString('latin1').split('\n');
  // The output's last line has no terminator when the file ends without a newline: removing the
  // line after it rightly takes its CR along.
  const same = (i: number, k: number) => after[k] === before[i] || (k === after.length - 1 && after[k] + '\r' === before[i]);
  let j = 0;
  for (let i = 0; i < before.length; i++) {
    if (targeted.has(i)) continue;
    if (isBlank(before[i]) && besideTargeted(before, targeted, i)) {
      if (j < after.length && same(i, j)) j++;
      continue;
    }
    let k = j;
    while (k < after.length && !same(i, k)) k++;
    if (k === after.length) {
      if (before.slice(i).every((line, d) => targeted.has(i + d) || isBlank(line))) return undefined;
      return { line: i + 1, text: Buffer.from(before[i], 'latin1').toString('utf8') };
    }
    j = k + 1;
  }
  return undefined;
}

const isBlank = (line: string) => line.replace(/\r$/, '').trim() === '';

/** Whether the run of blank lines around line i touches a targeted line. */
function besideTargeted(lines: string[], targeted: Set<number>, i: number): boolean {
  let a = i;
  while (a > 0 && isBlank(lines[a - 1]) && !targeted.has(a - 1)) a--;
  let b = i;
  while (b < lines.length - 1 && isBlank(lines[b + 1]) && !targeted.has(b + 1)) b++;
  return targeted.has(a - 1) || targeted.has(b + 1);
}
