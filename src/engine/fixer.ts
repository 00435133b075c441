// Applies fixes to a text with one MagicString over the original, ESLint style: fixes are taken
// in order of position and a fix that overlaps (or touches) one already taken waits for the
// next pass, when it is recomputed on the new text.
import MagicString from 'magic-string';
import type { Edit, Fix } from './types.js';

export interface Applied<F extends { fix?: Fix }> {
  output: string;
  applied: F[];
  deferred: F[];
}

function span(fix: Fix): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const e of fix.edits) {
    lo = Math.min(lo, e.start);
    hi = Math.max(hi, e.end);
  }
  return [lo, hi];
}

/** A fix whose own edits overlap, or fall outside the text, is malformed. */
export function validFix(fix: Fix, length: number): boolean {
  if (fix.edits.length === 0) return false;
  const edits = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 0; i < edits.length; i++) {
    const e = edits[i];
    if (!(e.start >= 0 && e.end >= e.start && e.end <= length)) return false;
    if (i > 0 && e.start < edits[i - 1].end) return false;
  }
  return true;
}

function overlaps(a: [number, number], taken: [number, number][]): boolean {
  // Touching counts: two insertions at one point have no defined order.
  return taken.some(([s, e]) => a[0] <= e && s <= a[1]);
}

export function applyFixes<F extends { fix?: Fix }>(text: string, items: F[]): Applied<F> {
  const ordered = items.filter((i) => i.fix).sort((a, b) => span(a.fix!)[0] - span(b.fix!)[0]);
  const taken: [number, number][] = [];
  const applied: F[] = [];
  const deferred: F[] = [];
  for (const item of ordered) {
    const s = span(item.fix!);
    if (overlaps(s, taken)) deferred.push(item);
    else {
      taken.push(s);
      applied.push(item);
    }
  }
  const ms = new MagicString(text);
  for (const item of applied) for (const e of item.fix!.edits) applyEdit(ms, e);
  return { output: ms.toString(), applied, deferred };
}

function applyEdit(ms: MagicString, e: Edit): void {
  if (e.start === e.end) {
    if (e.text) ms.appendLeft(e.start, e.text);
  } else if (e.text) ms.overwrite(e.start, e.end, e.text);
  else ms.remove(e.start, e.end);
}
