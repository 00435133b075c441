// A report is written while the run goes: the run hands each file to the ledger as soon as it is
// checked (and, with --write, written), in file order; the ledger passes the file's outcome to
// the report's renderers and keeps only what the end of a report needs (the summary's counts,
// the alignment tables' counts and facts). The outcome is then dropped.
import type { FileSink, RunResult } from '../engine/run.js';
import type { FileOutcome } from '../engine/fix-loop.js';
import type { SourceFile } from '../engine/source-file.js';
import { StringOut, type Out } from '../engine/spool.js';
import { Tally } from './summary.js';
import { AlignmentTally, type Alignment } from './alignment.js';

export interface Totals {
  tally: Tally;
  /** before the fixes (`findings`) and after them (`remaining`) */
  alignment: Record<'findings' | 'remaining', Alignment>;
}

/** One output of a run (a report format, the patch). */
export interface Renderer {
  /** the outcome of each file that has one, in file order */
  file(outcome: FileOutcome, written: boolean): void;
  /** the rest, once every file is in */
  end(r: RunResult, totals: Totals): void;
}

export interface LedgerOptions {
  /** --unsafe: which fixes count as applicable in the statistics */
  unsafe?: boolean;
  /** the outcome as the reports and the summary see it (--baseline leaves known findings out) */
  filter?: (o: FileOutcome) => FileOutcome;
  /** renderers that see every finding, --baseline or not (--write-baseline) */
  unfiltered?: Renderer[];
}

export class Ledger implements FileSink {
  readonly tally: Tally;
  private readonly alignment: AlignmentTally;

  constructor(
    r: RunResult,
    private readonly renderers: Renderer[],
    private readonly o: LedgerOptions = {},
  ) {
    this.tally = new Tally(o.unsafe);
    this.alignment = new AlignmentTally(r.workspace, r.rules, r.reference);
  }

  file(file: SourceFile, outcome: FileOutcome | undefined, written: boolean): void {
    // The alignment table shows where the fleet stands, baseline or not.
    this.alignment.add(file, outcome);
    if (!outcome) return;
    for (const r of this.o.unfiltered ?? []) r.file(outcome, written);
    const shown = this.o.filter ? this.o.filter(outcome) : outcome;
    this.tally.add(shown, written);
    for (const r of this.renderers) r.file(shown, written);
  }

  end(r: RunResult): Totals {
    const totals: Totals = { tally: this.tally, alignment: this.alignment.tables() };
    for (const x of [...(this.o.unfiltered ?? []), ...this.renderers]) x.end(r, totals);
    return totals;
  }
}

/** The report as one string, from a run that kept its outcomes (a run without a sink: the programmatic API). */
export function replay(r: RunResult, renderer: (out: Out) => Renderer): string {
  const out = new StringOut();
  const ledger = new Ledger(r, [renderer(out)]);
  const byFile = new Map(r.outcomes.map((o) => [o.file, o]));
  const written = new Set(r.written);
  for (const file of r.workspace.files) ledger.file(file, byFile.get(file), written.has(file.rel));
  ledger.end(r);
  return out.toString();
}
