// Edits inside a RUN that follow the file's own shape: where `&&` sits on continued lines,
// how deep continuation lines are indented, which escape character continues a line.
import type { DockerDoc } from './dockerfile.js';
import { blankContinuations, type Command, type RunScript, type Word } from './dockerfile-shell.js';
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

/** `words` replaced by `names` in place: the first word becomes the names, the rest go. */
export function replaceWords(doc: DockerDoc, words: Word[], names: string[]): Edit[] {
  if (!names.length) return removeWords(doc, words);
  const [head, ...rest] = [...words].sort((x, y) => x.start - y.start);
  return [{ start: head.start, end: head.end, text: names.join(separatorAt(doc, head)) }, ...removeWords(doc, rest)];
}

/** `text` as one more word after `w`, in the list's own layout. */
export function insertAfter(doc: DockerDoc, w: Word, text: string): Edit {
  return { start: w.end, end: w.end, text: `${separatorAt(doc, w)}${text}` };
}

/** Between two words of a list: a space, or a continued line when `w` has its line to itself. */
function separatorAt(doc: DockerDoc, w: Word): string {
  const l = doc.lines.lineOf(w.start);
  const before = doc.text.slice(doc.lines.lineStart(l), w.start);
  const after = doc.text.slice(w.end, doc.lines.lineEnd(l));
  const esc = doc.ast.getEscapeCharacter();
  const alone = !before.trim() && new RegExp(`^[ \\t]*${escapeRe(esc)}[ \\t]*$`).test(after);
  return alone ? ` ${esc}\n${before}` : ' ';
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

const GAP_PIECE = /^(?:(?:export|declare|local)\s+)?[A-Za-z_][A-Za-z0-9_]*=\S*$/;

/**
 * Edits that take `drop` out of a RUN whose script is a plain list — commands joined by `&&`,
 * `;` or (in a heredoc) newlines, with at most variable assignments between them — keeping the
 * operators, continuations and layout of what stays. 'empty' when no command would be left;
 * undefined when the script is not such a list (pipelines, `||`, `if` blocks, substitutions).
 */
export function removeCommands(doc: DockerDoc, run: RunScript, drop: Set<Command>): Edit[] | 'empty' | undefined {
  const cmds = run.commands;
  if (!cmds.length || cmds.some((c) => c.nested)) return undefined;
  const args = run.ins.getArgumentsRange();
  const base = run.form === 'shell' && args ? doc.offset(args.start) : 0;
  const script = run.form === 'shell' ? blankContinuations(doc, base, run.end) : doc.text.slice(0, run.end);
  let prevEnd = cmds[0].start;
  for (const c of cmds) {
    const gap = script.slice(prevEnd - base, c.start - base).replace(/(^|\s)#.*$/gm, '$1');
    if (!gap.split(/&&|;|\n/).every((p) => !p.trim() || GAP_PIECE.test(p.trim()))) return undefined;
    prevEnd = c.end;
  }
  const kept = cmds.filter((c) => !drop.has(c));
  if (!kept.length) return 'empty';
  const edits: Edit[] = [];
  for (let i = 0; i < cmds.length; i++) {
    if (!drop.has(cmds[i])) continue;
    let j = i;
    while (j + 1 < cmds.length && drop.has(cmds[j + 1])) j++;
    const before = [...kept].reverse().find((c) => c.end <= cmds[i].start);
    const after = kept.find((c) => c.start >= cmds[j].end);
    // After a kept command: from its end, so the operator that led to the dropped ones goes.
    // At the start: up to the next kept command, which then starts where the first one did.
    const edit = before ? { start: before.end, end: cmds[j].end, text: '' } : { start: cmds[i].start, end: after!.start, text: '' };
    // An assignment inside that span (`export X=1 &&`) would go with it: leave such scripts alone.
    if (/[^\s&;]/.test(blankCommands(script, base, edit, cmds))) return undefined;
    edits.push(edit);
    i = j;
  }
  return edits;
}


/** The text of [span.start, span.end) in `script` with the commands blanked: what lies between them. */
function blankCommands(script: string, base: number, span: { start: number; end: number }, cmds: Command[]): string {
  let text = script.slice(span.start - base, span.end - base);
  for (const c of cmds) {
    const a = Math.max(c.start, span.start) - span.start;
    const b = Math.min(c.end, span.end) - span.start;
    if (b > a) text = text.slice(0, a) + ' '.repeat(b - a) + text.slice(b);
  }
  return text.replace(/(^|\s)#.*$/gm, '$1');
}
