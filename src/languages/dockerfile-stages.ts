// How the stages of a Dockerfile relate: which one a stage is built FROM, which are only copied
// from (their layers never reach a running image), and the units of text instructions occupy.
import type { Instruction } from 'dockerfile-ast';
import type { DockerDoc, Stage } from './dockerfile.js';

/** The earlier stage `stage` is built on (`FROM <name>`), if any. */
export function parentStage(stages: Stage[], stage: Stage): Stage | undefined {
  const img = stage.from.getImage()?.toLowerCase();
  if (!img) return undefined;
  return stages.find((s) => s.index < stage.index && (s.name === img || String(s.index) === img));
}

/** Names (and indexes) of stages other instructions read with `--from=`. */
function copiedFrom(doc: DockerDoc, stages: Stage[]): Set<string> {
  const out = new Set<string>();
  for (const st of stages) {
    for (const ins of st.instructions) {
      const kw = ins.getKeyword();
      if (kw !== 'COPY' && kw !== 'RUN' && kw !== 'ADD') continue;
      const args = doc.slice(ins.getRange());
      for (const m of args.matchAll(/--(?:from|mount=[^\s]*?\bfrom)=([^\s,]+)/gi)) out.add(m[1].toLowerCase());
    }
  }
  return out;
}

/**
 * Stages whose layers end up in an image someone runs: the final stage, stages nothing refers to
 * (reachable with `--target`), and every stage those are built FROM. A stage only copied from is
 * a builder: what it leaves on disk is thrown away.
 */
export function shippedStages(doc: DockerDoc, stages: Stage[]): Set<number> {
  const copied = copiedFrom(doc, stages);
  const parents = new Set(stages.map((s) => parentStage(stages, s)?.index).filter((i): i is number => i !== undefined));
  const shipped = new Set<number>();
  for (const st of stages) {
    const referenced = parents.has(st.index) || (st.name !== undefined && copied.has(st.name)) || copied.has(String(st.index));
    if (!st.isFinal && referenced) continue;
    for (let cur: Stage | undefined = st; cur && !shipped.has(cur.index); cur = parentStage(stages, cur)) shipped.add(cur.index);
  }
  return shipped;
}

/** Stages built (transitively) FROM `stage`, in file order. */
export function descendants(stages: Stage[], stage: Stage): Stage[] {
  const out: Stage[] = [];
  const family = new Set([stage.index]);
  for (const s of stages) {
    const p = parentStage(stages, s);
    if (p && family.has(p.index)) {
      family.add(s.index);
      out.push(s);
    }
  }
  return out;
}

/** An instruction with the comment lines directly above it (no blank line between). */
export interface Unit {
  ins: Instruction;
  /** offset of the first line of the unit (its first comment, or the instruction's line) */
  start: number;
  /** offset just past the instruction's last line, its newline included when there is one */
  end: number;
  /** the line before the unit is blank */
  blankBefore: boolean;
}

export function unitOf(doc: DockerDoc, ins: Instruction, floor = 0): Unit {
  const lines = doc.lines;
  const r = ins.getRange();
  let first = r.start.line;
  const isComment = (l: number) => /^[ \t]*#/.test(doc.text.slice(lines.lineStart(l), lines.lineEnd(l)));
  while (first - 1 >= 0 && lines.lineStart(first - 1) >= floor && isComment(first - 1)) first--;
  const lastLine = r.end.line;
  const end = Math.min(lines.lineEnd(lastLine) + 1, doc.text.length);
  const blankBefore = first > 0 && !doc.text.slice(lines.lineStart(first - 1), lines.lineEnd(first - 1)).trim();
  return { ins, start: lines.lineStart(first), end, blankBefore };
}

/** Lower-case keywords when the file writes its FROM that way. */
export function keywordCase(stage: Stage): (kw: string) => string {
  const written = stage.from.getInstruction();
  return written === written.toLowerCase() ? (kw) => kw.toLowerCase() : (kw) => kw;
}
