// The JSON shape is documented in README.md ("JSON output"); `version` changes when it breaks.
// Written as the run goes: `findings` straight to the output, `remaining` and `files` to spools
// that follow it at the end, then the summary and the alignment tables.
import type { Finding } from '../engine/types.js';
import type { RunResult } from '../engine/run.js';
import type { AppliedFix, FileOutcome } from '../engine/fix-loop.js';
import { Spool, type Out } from '../engine/spool.js';
import { fileDiff } from './diff.js';
import { summarize } from './summary.js';
import { VERSION } from '../version.js';
import { JsonArray, property } from './json-writer.js';
import { replay, type Renderer, type Totals } from './ledger.js';

function finding(f: Finding) {
  return {
    rule: f.rule,
    severity: f.severity,
    file: f.file,
    line: f.startPos.line,
    column: f.startPos.column,
    endLine: f.endPos.line,
    endColumn: f.endPos.column,
    message: f.message,
    fix: f.fix ? { title: f.fix.title, applicability: f.fix.applicability, edits: f.fix.edits, ...(f.fix.group && { group: f.fix.group.key }) } : null,
  };
}

export class JsonReport implements Renderer {
  private readonly later = { remaining: new Spool(), files: new Spool() };
  private readonly findings: JsonArray;
  private readonly remaining = new JsonArray(this.later.remaining, 1);
  private readonly files = new JsonArray(this.later.files, 1);

  constructor(
    private readonly out: Out,
    private readonly o: { write: boolean; unsafe: boolean },
  ) {
    const head = JSON.stringify({ version: 1, tool: { name: 'guardfix', version: VERSION }, mode: o.write ? 'write' : 'dry-run' }, null, 2);
    out.write(`${head.slice(0, -'\n}'.length)},\n  "findings": `);
    this.findings = new JsonArray(out, 1);
  }

  file(oc: FileOutcome, written: boolean): void {
    for (const f of oc.findings) this.findings.push(finding(f));
    for (const f of oc.remaining) this.remaining.push(finding(f));
    if (oc.output !== oc.file.text) this.files.push({ file: oc.file.rel, applied: oc.applied.map(groupKey), dropped: oc.dropped.map(groupKey), diff: fileDiff(oc), written });
  }

  end(r: RunResult, t: Totals): void {
    const out = this.out;
    this.findings.close();
    for (const key of ['remaining', 'files'] as const) {
      out.write(`,\n  "${key}": `);
      this.later[key].copyTo(out);
      this[key].close(out);
      this.later[key].close();
    }
    property(out, 'problems', [...r.problems, ...r.writeProblems], 1);
    property(out, 'internalErrors', r.internalErrors, 1);
    property(out, 'summary', summarize(r, t.tally, this.o.unsafe, this.o.write), 1);
    property(out, 'statistics', t.tally.statistics(this.o.write), 1);
    property(out, 'alignment', { before: t.alignment.findings, after: t.alignment.remaining }, 1);
    out.write('\n}\n');
  }
}

export function renderJson(r: RunResult, o: { write: boolean; unsafe: boolean }): string {
  return replay(r, (out) => new JsonReport(out, o));
}

/** A part of a fix over several files is named by its group's key (the files are in `findings`). */
function groupKey<T extends AppliedFix>({ group, ...rest }: T): Omit<T, 'group'> & { group?: string } {
  return group ? { ...rest, group: group.key } : rest;
}
