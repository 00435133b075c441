// Inserting whole instructions into a Dockerfile the way its author writes them: keyword case,
// indentation, blank lines between instructions, the escape character of continuations.
import type { Instruction } from 'dockerfile-ast';
import type { DockerDoc } from './dockerfile.js';
import type { Edit } from '../engine/types.js';

/** `USER` or `user`, following the file's majority. */
export function keyword(doc: DockerDoc, kw: string): string {
  let lower = 0;
  let upper = 0;
  for (const ins of doc.instructions()) {
    const raw = ins.getInstruction();
    if (raw === raw.toLowerCase()) lower++;
    else upper++;
  }
  return lower > upper ? kw.toLowerCase() : kw.toUpperCase();
}

/** The line break of a continued instruction: the escape character, newline, the file's indent. */
export function continuation(doc: DockerDoc): string {
  const esc = doc.ast.getEscapeCharacter();
  const lines = doc.text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    if (lines[i].trimEnd().endsWith(esc) && /^[ \t]+\S/.test(lines[i + 1])) {
      return `${esc}\n${/^[ \t]+/.exec(lines[i + 1])![0]}`;
    }
  }
  return `${esc}\n    `;
}

function lineText(doc: DockerDoc, line: number): string {
  return doc.text.slice(doc.lines.lineStart(line), doc.lines.lineEnd(line));
}

const isBlank = (s: string) => /^[ \t]*$/.test(s);

/** First line of the comment block right above an instruction: the comment explains it. */
function leadingLine(doc: DockerDoc, ins: Instruction): number {
  let line = ins.getRange().start.line;
  while (line > 0 && /^[ \t]*#/.test(lineText(doc, line - 1))) line--;
  return line;
}

/** Whether instructions in this file are separated by blank lines (judged at `line`). */
function spaced(doc: DockerDoc, line: number): boolean {
  return line > 0 && isBlank(lineText(doc, line - 1));
}

/** Inserts `body` (one instruction, maybe several lines) before `ins` and its comments. */
export function insertBefore(doc: DockerDoc, ins: Instruction, body: string): Edit {
  const line = leadingLine(doc, ins);
  const at = doc.lines.lineStart(line);
  const indent = doc.indentOf(ins.getRange().start.line);
  return { start: at, end: at, text: `${indent}${body}\n${spaced(doc, line) ? '\n' : ''}` };
}

/** Inserts `body` on the line after `ins`. */
export function insertAfter(doc: DockerDoc, ins: Instruction, body: string): Edit {
  const at = doc.offset(ins.getRange().end);
  const indent = doc.indentOf(ins.getRange().start.line);
  return { start: at, end: at, text: `\n${spaced(doc, leadingLine(doc, ins)) ? '\n' : ''}${indent}${body}` };
}

/** Offset just after an instruction's keyword (to add a flag such as `--chown`). */
export function afterKeyword(doc: DockerDoc, ins: Instruction): number {
  return doc.offset(ins.getInstructionRange().end);
}
