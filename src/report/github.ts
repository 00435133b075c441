// --format github: GitHub Actions workflow commands, one annotation per finding
// (`::error file=…,line=…::message`), shown on the pull request's diff. Paths are relative to the
// repository root, which is where Actions checks the repository out.
import type { Finding, Severity } from '../engine/types.js';
import type { RunResult } from '../engine/run.js';
import type { FileOutcome } from '../engine/fix-loop.js';
import type { Out } from '../engine/spool.js';
import { summarize } from './summary.js';
import { summaryLine } from './text.js';
import { replay, type Renderer, type Totals } from './ledger.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { critical: 'error', high: 'error', medium: 'warning', low: 'warning', info: 'notice' };

/** The escaping of the Actions toolkit (@actions/core): a message, and a property value. */
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function annotation(f: Finding): string {
  const props = [`file=${prop(f.file)}`, `line=${f.startPos.line}`, `col=${f.startPos.column}`, `endLine=${f.endPos.line}`];
  if (f.endPos.line === f.startPos.line) props.push(`endColumn=${f.endPos.column}`);
  props.push(`title=${prop(`guardfix ${f.rule} (${f.severity})`)}`);
  const fix = f.fix && f.fix.applicability !== 'display-only' ? ` Fix (${f.fix.applicability}): ${f.fix.title}.` : '';
  return `::${COMMAND[f.severity]} ${props.join(',')}::${data(f.message + fix)}`;
}

export class GithubReport implements Renderer {
  constructor(
    private readonly out: Out,
    private readonly o: { write: boolean; unsafe: boolean },
  ) {}

  file(oc: FileOutcome): void {
    for (const f of this.o.write ? oc.remaining : oc.findings) this.out.write(annotation(f) + '\n');
  }

  end(r: RunResult, t: Totals): void {
    for (const p of [...r.problems, ...r.writeProblems]) this.out.write(`::error file=${prop(p.file)},title=guardfix::${data(p.reason)}\n`);
    for (const e of r.internalErrors) this.out.write(`::error title=guardfix internal error::${data(e)}\n`);
    this.out.write(`guardfix: ${summaryLine(summarize(r, t.tally, this.o.unsafe, this.o.write), this.o.write)}\n`);
  }
}

export function renderGithub(r: RunResult, o: { write: boolean; unsafe: boolean }): string {
  return replay(r, (out) => new GithubReport(out, o));
}
