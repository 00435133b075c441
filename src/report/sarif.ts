// SARIF 2.1.0 for GitHub code scanning and other consumers. GitHub needs tool.driver.name,
// rules (id, short/full description, help), results with ruleId, message, a physical location
// and partialFingerprints; fixes[] is ignored by GitHub but valid and useful elsewhere. Compact:
// GitHub takes at most 10 MB (gzipped) per upload, and a tenth of a pretty log was indentation.
import { createHash } from 'node:crypto';
import type { Log, ReportingDescriptor, Result, Fix as SarifFix } from 'sarif';
import type { Finding, Fix, Severity } from '../engine/types.js';
import type { Rule } from '../engine/rule.js';
import type { RunResult } from '../engine/run.js';
import type { FileOutcome } from '../engine/fix-loop.js';
import { Spool, type Out } from '../engine/spool.js';
import { JsonArray } from './json-writer.js';
import { replay, type Renderer } from './ledger.js';
import { sameFixes } from './same-fix.js';
import { LineIndex } from '../engine/line-index.js';
import { plainText } from './plain-text.js';
import { VERSION } from '../version.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
// GitHub sorts security alerts by this 0–10 score.
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.0', high: '7.0', medium: '5.0', low: '3.0', info: '0.0' };

function descriptor(rule: Rule): ReportingDescriptor {
  const m = rule.meta;
  const what = /## What it does\s+([\s\S]*?)(?=\n## |$)/.exec(m.docs)?.[1].trim() ?? m.summary;
  return {
    id: m.id,
    name: m.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: m.summary },
    fullDescription: { text: what.replace(/\s+/g, ' ') },
    help: { text: plainText(m.docs), markdown: m.docs },
    defaultConfiguration: { level: LEVEL[m.severity] },
    properties: { tags: ['guardfix', m.category], 'security-severity': SECURITY_SEVERITY[m.severity], precision: 'high' },
  };
}

function region(f: Finding) {
  return { startLine: f.startPos.line, startColumn: f.startPos.column, endLine: f.endPos.line, endColumn: f.endPos.column };
}

function fingerprint(f: Finding, lines: LineIndex): string {
  // Stable across unrelated edits: the rule, the file and the text of the finding's first line.
  const line = lines.text.slice(lines.lineStart(f.startPos.line - 1), lines.lineEnd(f.startPos.line - 1)).trim();
  return createHash('sha256').update(`${f.rule}\0${f.file}\0${line}`).digest('hex').slice(0, 32);
}

function sarifFix(f: Finding & { fix: Fix }, lines: LineIndex): SarifFix {
  return {
    description: { text: `${f.fix.title} (${f.fix.applicability})` },
    artifactChanges: [
      {
        artifactLocation: artifact(f.file),
        replacements: f.fix.edits.map((e) => {
          const s = lines.position(e.start);
          const x = lines.position(e.end);
          return { deletedRegion: { startLine: s.line, startColumn: s.column, endLine: x.line, endColumn: x.column }, insertedContent: { text: e.text } };
        }),
      },
    ],
  };
}

/** Where the results go in the log: they are written as the run goes, to a spool, and put here at the end. */
const RESULTS_HOLE = '@@guardfix-results@@';

export class SarifReport implements Renderer {
  private readonly rules: ReportingDescriptor[];
  private readonly index: Map<string, number>;
  private readonly spool = new Spool();
  // the results array sits in runs[0], three levels deep
  private readonly results = new JsonArray(this.spool, 'compact');
  /** results written so far: the index of the next one */
  private count = 0;

  constructor(
    private readonly out: Out,
    r: RunResult,
  ) {
    this.rules = r.rules.map(descriptor);
    this.index = new Map(this.rules.map((d, i) => [d.id, i]));
  }

  file(o: FileOutcome): void {
    const lines = new LineIndex(o.file.text);
    // A fix shared by findings of the file is written once (same-fix.ts); the other results name
    // that result in their properties (SARIF has no way to share a fix object).
    const firstWith = sameFixes();
    for (const f of o.findings) {
      const index = this.count++;
      const first = f.fix && firstWith(f.fix, index);
      const result: Result = {
        ruleId: f.rule,
        ruleIndex: this.index.get(f.rule),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: artifact(f.file), region: region(f) } }],
        partialFingerprints: { 'guardfix/v1': fingerprint(f, lines) },
        ...(first === index ? { fixes: [sarifFix(f as Finding & { fix: Fix }, lines)] } : {}),
        properties: { severity: f.severity, ...(f.fix ? { applicability: f.fix.applicability } : {}), ...(first !== undefined && first !== index ? { sameFixAs: first } : {}) },
      };
      this.results.push(result);
    }
  }

  end(r: RunResult): void {
    const notifications = [...r.problems, ...r.writeProblems].map((p) => ({
      level: 'error' as const,
      message: { text: `${p.file}: ${p.reason}` },
      locations: [{ physicalLocation: { artifactLocation: artifact(p.file) } }],
    }));
    const log: Log = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'guardfix', version: VERSION, semanticVersion: VERSION, informationUri: 'https://github.com/guardfix/guardfix', rules: this.rules } },
          originalUriBaseIds: { SRCROOT: { uri: pathToUri(r.workspace.displayRoot) } },
          invocations: [{ executionSuccessful: r.internalErrors.length === 0, toolExecutionNotifications: notifications }],
          results: RESULTS_HOLE as unknown as Result[],
          columnKind: 'utf16CodeUnits',
        },
      ],
    };
    const [head, tail] = JSON.stringify(log).split(JSON.stringify(RESULTS_HOLE));
    this.out.write(head);
    this.spool.copyTo(this.out);
    this.results.close(this.out);
    this.spool.close();
    this.out.write(tail + '\n');
  }
}

export function renderSarif(r: RunResult): string {
  return replay(r, (out) => new SarifReport(out, r));
}

/**
 * A file below the repository root is a relative URI under %SRCROOT%; one outside it (its display
 * path is absolute: a second repository named on the command line) an absolute file: URI.
 */
function artifact(display: string): { uri: string; uriBaseId?: string } {
  if (display.startsWith('/') || /^[A-Za-z]:[\\/]/.test(display)) return { uri: new URL(`file://${display.startsWith('/') ? '' : '/'}${display.split('\\').join('/')}`).href };
  return { uri: display.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function pathToUri(p: string): string {
  const u = new URL(`file://${p.split('\\').join('/')}`).href;
  return u.endsWith('/') ? u : `${u}/`;
}
