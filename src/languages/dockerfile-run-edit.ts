// Edits inside a RUN that follow the file's own shape: where `&&` sits on continued lines,
// how deep continuation lines are indented, which escape character continues a line.
import type { DockerDoc } from './dockerfile.js';
import type { RunScript, Word } from './dockerfile-shell.js';
import type { Edit } from '../engine/types.js';

/** Text inserted at `run.end` that runs `clause` after the script, `&&`-chained. */
export function appendClause(doc: DockerDoc, run: RunScript, clause: string): Edit {
  const at = run.end;
  const edit = (text: string): Edit => ({ start: at, end: at, text });
  if (run.form === 'heredoc') return edit(` && ${clause}`);
  const lines = doc.lines;
  const first = lines.lineOf(doc.offset(run.ins.getRange().start));
  const last = lines.lineOf(at);
  if (last === first) return edit(` && ${clause}`);
  const esc = doc.ast.getEscapeCharacter();
  let leading = 0;
  let trailing = 0;
  let leadingIndent: string | undefined;
  for (let l = first; l <= last; l++) {
    const text = doc.text.slice(lines.lineStart(l), lines.lineEnd(l));
    if (l > first && /^[ \t]*(&&|\|\|)/.test(text)) {
      leading++;
      leadingIndent = doc.indentOf(l);
    }
    const body = text.replace(new RegExp(`${escapeRe(esc)}[ \\t]*$`), '').trimEnd();
    if (l < last && /(&&|\|\|)$/.test(body)) trailing++;
  }
  const commandLine = lines.lineOf(run.lastCommandStart);
  const indent = commandLine > first ? doc.indentOf(commandLine) : firstContinuationIndent(doc, first, last);
  if (trailing > leading) return edit(` && ${esc}\n${indent}${clause}`);
  return edit(` ${esc}\n${leadingIndent ?? indent}&& ${clause}`);
}

function firstContinuationIndent(doc: DockerDoc, first: number, last: number): string {
  for (let l = first + 1; l <= last; l++) {
    const text = doc.text.slice(doc.lines.lineStart(l), doc.lines.lineEnd(l));
    if (text.trim() && !text.trim().startsWith('#')) return doc.indentOf(l);
  }
  return '    ';
}

/**
 * Edits that delete words from a RUN (package names), keeping its layout: a line left with
 * nothing but its continuation goes away whole; when the RUN's last line empties, the
 * continuation that led to it goes too, so the next instruction is not swallowed.
 */
export function removeWords(doc: DockerDoc, words: Word[]): Edit[] {
  const esc = escapeRe(doc.ast.getEscapeCharacter());
  const lines = doc.lines;
  const byLine = new Map<number, Word[]>();
  for (const w of words) {
    const l = lines.lineOf(w.start);
    byLine.set(l, [...(byLine.get(l) ?? []), w]);
  }
  const emptied = new Set<number>();
  for (const [l, ws] of byLine) {
    const ls = lines.lineStart(l);
    let rest = doc.text.slice(ls, lines.lineEnd(l));
    for (const w of [...ws].sort((a, b) => b.start - a.start)) rest = rest.slice(0, w.start - ls) + rest.slice(w.end - ls);
    if (new RegExp(`^[ \\t]*(${esc}[ \\t]*)?$`).test(rest)) emptied.add(l);
  }
  const edits: Edit[] = [];
  for (const [l, ws] of byLine) {
    const ls = lines.lineStart(l);
    const le = lines.lineEnd(l);
    if (emptied.has(l)) {
      const continued = new RegExp(`${esc}[ \\t]*$`).test(doc.text.slice(ls, le));
      if (continued) edits.push({ start: ls, end: Math.min(le + 1, doc.text.length), text: '' });
      else edits.push({ start: previousContentEnd(doc, l, esc, emptied), end: le, text: '' });
      continue;
    }
    let startsLine = true; // only removed words so far on this line
    let at = ls;
    for (const w of [...ws].sort((a, b) => a.start - b.start)) {
      // Take the spaces before the word, or after it when it starts what is left of the line.
      const before = doc.text.slice(ls, w.start);
      if (doc.text.slice(at, w.start).trim()) startsLine = false;
      at = w.end;
      const spaceBefore = /[ \t]+$/.exec(before);
      if (spaceBefore && !startsLine) edits.push({ start: w.start - spaceBefore[0].length, end: w.end, text: '' });
      else {
        const spaceAfter = /^[ \t]+/.exec(doc.text.slice(w.end, le));
        edits.push({ start: w.start, end: w.end + (spaceAfter ? spaceAfter[0].length : 0), text: '' });
      }
    }
  }
  return merge(edits);
}

export function escapeRe(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** End of the last content kept before `line`, before its continuation. */
function previousContentEnd(doc: DockerDoc, line: number, esc: string, emptied: Set<number>): number {
  for (let l = line - 1; l >= 0; l--) {
    const text = doc.text.slice(doc.lines.lineStart(l), doc.lines.lineEnd(l));
    if (emptied.has(l) || !text.trim() || text.trim().startsWith('#')) continue;
    const body = text.replace(new RegExp(`[ \\t]*${esc}[ \\t]*$`), '');
    return doc.lines.lineStart(l) + body.length;
  }
  return doc.lines.lineStart(line);
}

/** Overlapping or touching deletions become one. */
function merge(edits: Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of edits.sort((a, b) => a.start - b.start)) {
    const prev = out[out.length - 1];
    if (prev && e.start <= prev.end && !prev.text && !e.text) prev.end = Math.max(prev.end, e.end);
    else out.push({ ...e });
  }
  return out;
}

/** `text` with `edits` (non-overlapping, offsets into the whole file) applied to its slice [base, …). */
export function applyToSlice(text: string, base: number, edits: Edit[]): string {
  let out = '';
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, e.start - base) + e.text;
    at = e.end - base;
  }
  return out + text.slice(at);
}
