// The JSON shape is documented in README.md ("JSON output"); `version` changes when it breaks.
// Written as the run goes: `findings` straight to the output, `remaining` and `files` to spools
// that follow it at the end, then the summary and the alignment tables. Compact: read by programs.
//
// Each fix's edits are written once (same-fix.ts): the first finding with a fix carries its edits,
// later ones with the same fix name it (`sameFixAs`). A finding still there
// after the fixes is named too (`remaining[]` `{finding, …}`), with where it now is; the fixes of
// `remaining` carry no edits (offsets into a text the report does not hold: `files[].diff` makes it).
import type { Finding, Fix } from '../engine/types.js';
import type { RunResult } from '../engine/run.js';
import type { AppliedFix, FileOutcome } from '../engine/fix-loop.js';
import { Spool, type Out } from '../engine/spool.js';
import { fileDiff } from './diff.js';
import { summarize } from './summary.js';
import { VERSION } from '../version.js';
import { JsonArray, property } from './json-writer.js';
import { replay, type Renderer, type Totals } from './ledger.js';
import { sameFixes } from './same-fix.js';

/** 2: fixes carried once (`sameFixAs`), `remaining` without edits and naming unchanged findings, compact. */
export const JSON_VERSION = 2;

const position = (f: Finding) => ({ line: f.startPos.line, column: f.startPos.column, endLine: f.endPos.line, endColumn: f.endPos.column });

function entry(f: Finding, fix: Record<string, unknown> | null) {
  return { rule: f.rule, severity: f.severity, file: f.file, ...position(f), message: f.message, fix };
}

const head = (fix: Fix) => ({ title: fix.title, applicability: fix.applicability });
const group = (fix: Fix) => fix.group && { group: fix.group.key };

/** What a finding is apart from where it is: a remaining finding alike in all of it is the original one, moved. */
function identity(f: Finding, text: string): string {
  return [f.rule, f.severity, f.message, f.fix ? `${f.fix.title}\0${f.fix.applicability}\0${f.fix.group?.key ?? ''}` : '', text.slice(f.start, f.end)].join('\0');
}

export class JsonReport implements Renderer {
  private readonly later = { remaining: new Spool(), files: new Spool() };
  private readonly findings: JsonArray;
  private readonly remaining = new JsonArray(this.later.remaining, 'compact');
  private readonly files = new JsonArray(this.later.files, 'compact');
  /** findings written so far: the index of the next one */
  private count = 0;

  constructor(
    private readonly out: Out,
    private readonly o: { write: boolean; unsafe: boolean },
  ) {
    const head = JSON.stringify({ version: JSON_VERSION, tool: { name: 'guardfix', version: VERSION }, mode: o.write ? 'write' : 'dry-run' });
    out.write(`${head.slice(0, -1)},"findings":`);
    this.findings = new JsonArray(out, 'compact');
  }

  file(oc: FileOutcome, written: boolean): void {
    const firstWith = sameFixes();
    /** a finding's identity → its index; null when two findings share it (no telling which one remains) */
    const found = new Map<string, number | null>();
    const original = oc.file.text;
    for (const f of oc.findings) {
      const index = this.count++;
      const id = identity(f, original);
      found.set(id, found.has(id) ? null : index);
      if (!f.fix) {
        this.findings.push(entry(f, null));
        continue;
      }
      const first = firstWith(f.fix, index);
      const fix = first === index ? { ...head(f.fix), edits: f.fix.edits, ...group(f.fix) } : { ...head(f.fix), ...group(f.fix), sameFixAs: first };
      this.findings.push(entry(f, fix));
    }
    const left = new Map<string, Finding | null>();
    for (const f of oc.remaining) {
      const id = identity(f, oc.output);
      left.set(id, left.has(id) ? null : f);
    }
    for (const f of oc.remaining) {
      const id = identity(f, oc.output);
      const was = found.get(id);
      if (was != null && left.get(id) === f) this.remaining.push({ finding: was, ...position(f) });
      else this.remaining.push(entry(f, f.fix ? { ...head(f.fix), ...group(f.fix) } : null));
    }
    if (oc.output !== oc.file.text) this.files.push({ file: oc.file.rel, applied: oc.applied.map(groupKey), dropped: oc.dropped.map(groupKey), diff: fileDiff(oc), written });
  }

  end(r: RunResult, t: Totals): void {
    const out = this.out;
    this.findings.close();
    for (const key of ['remaining', 'files'] as const) {
      out.write(`,"${key}":`);
      this.later[key].copyTo(out);
      this[key].close(out);
      this.later[key].close();
    }
    property(out, 'problems', [...r.problems, ...r.writeProblems], 'compact');
    property(out, 'internalErrors', r.internalErrors, 'compact');
    property(out, 'summary', summarize(r, t.tally, this.o.unsafe, this.o.write), 'compact');
    property(out, 'statistics', t.tally.statistics(this.o.write), 'compact');
    property(out, 'alignment', { before: t.alignment.findings, after: t.alignment.remaining }, 'compact');
    out.write('}\n');
  }
}

export function renderJson(r: RunResult, o: { write: boolean; unsafe: boolean }): string {
  return replay(r, (out) => new JsonReport(out, o));
}

/** A part of a fix over several files is named by its group's key (the files are in `findings`). */
function groupKey<T extends AppliedFix>({ group, ...rest }: T): Omit<T, 'group'> & { group?: string } {
  return group ? { ...rest, group: group.key } : rest;
}
