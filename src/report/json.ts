// The JSON shape is documented in README.md ("JSON output"); `version` changes when it breaks.
import type { Finding } from '../engine/types.js';
import type { RunResult } from '../engine/run.js';
import { fileDiff } from './diff.js';
import { summarize } from './summary.js';
import { VERSION } from '../version.js';
import { alignment } from './alignment.js';

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
    fix: f.fix ? { title: f.fix.title, applicability: f.fix.applicability, edits: f.fix.edits } : null,
  };
}

export function renderJson(r: RunResult, o: { write: boolean; unsafe: boolean }): string {
  return (
    JSON.stringify(
      {
        version: 1,
        tool: { name: 'guardfix', version: VERSION },
        mode: o.write ? 'write' : 'dry-run',
        findings: r.outcomes.flatMap((oc) => oc.findings.map(finding)),
        remaining: r.outcomes.flatMap((oc) => oc.remaining.map(finding)),
        files: r.outcomes
          .filter((oc) => oc.output !== oc.file.text)
          .map((oc) => ({ file: oc.file.rel, applied: oc.applied, dropped: oc.dropped, diff: fileDiff(oc), written: r.written.includes(oc.file.rel) })),
        problems: [...r.problems, ...r.writeProblems],
        internalErrors: r.internalErrors,
        summary: summarize(r, o.unsafe),
        alignment: { before: alignment(r, 'findings', r.reference?.facts), after: alignment(r, 'remaining', r.reference?.facts) },
      },
      null,
      2,
    ) + '\n'
  );
}
