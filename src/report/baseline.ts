// --baseline FILE / --write-baseline FILE: adopt guardfix on a repository with findings, and fail
// CI only on new ones. A finding is known when the baseline has an entry with its rule, its file
// and its fingerprint: a hash of the text of the finding's line with its whitespace collapsed.
// Not the line number, so edits above it do not make it new; not the message, which names line
// numbers and changes between guardfix versions. Findings alike in all three (one rule reporting
// one line more than once) are counted: the baseline knows how many there were.
//
// The format (version 1), in file order, then by rule and fingerprint, so that it diffs well:
//   { "version": 1, "tool": "guardfix",
//     "findings": [{ "file", "rule", "fingerprint", "count", "message" }] }
// `file` is relative to the repository root; `message` (the first line's short form) is for
// people reading the file, never matched.
import { createHash } from 'node:crypto';
import { readFileSync, openSync, writeSync, closeSync, renameSync, unlinkSync } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import type { Finding } from '../engine/types.js';
import type { FileOutcome } from '../engine/fix-loop.js';
import { LineIndex } from '../engine/line-index.js';
import { UsageError } from '../engine/errors.js';
import { describeError } from '../engine/source-file.js';
import type { Renderer } from './ledger.js';
import type { Out } from '../engine/spool.js';
import { JsonArray } from './json-writer.js';

export interface BaselineEntry {
  file: string;
  rule: string;
  fingerprint: string;
  count: number;
  message?: string;
}

export function fingerprint(f: Finding, lines: LineIndex): string {
  const i = f.startPos.line - 1;
  const line = lines.text.slice(lines.lineStart(i), lines.lineEnd(i)).replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${f.rule}\0${f.file}\0${line}`).digest('hex').slice(0, 16);
}

const keyOf = (file: string, rule: string, fp: string) => `${file}\0${rule}\0${fp}`;

/** A baseline read from its file: which findings are known. */
export class Baseline {
  private readonly counts = new Map<string, number>();
  private readonly files = new Set<string>();

  constructor(entries: BaselineEntry[]) {
    for (const e of entries) {
      const k = keyOf(e.file, e.rule, e.fingerprint);
      this.counts.set(k, (this.counts.get(k) ?? 0) + e.count);
      this.files.add(e.file);
    }
  }

  static read(path: string): Baseline {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new UsageError(`--baseline ${path}: ${e instanceof SyntaxError ? `not JSON (${e.message})` : describeError(e)}`);
    }
    const d = data as { version?: unknown; findings?: unknown };
    const ok = (x: unknown): x is BaselineEntry => {
      const e = x as BaselineEntry;
      return !!e && typeof e.file === 'string' && typeof e.rule === 'string' && typeof e.fingerprint === 'string' && Number.isInteger(e.count) && e.count > 0;
    };
    if (d?.version !== 1 || !Array.isArray(d.findings) || !d.findings.every(ok)) {
      throw new UsageError(`--baseline ${path}: not a guardfix baseline (version 1: {"version": 1, "findings": [{file, rule, fingerprint, count}]}; write one with --write-baseline)`);
    }
    return new Baseline(d.findings);
  }

  /** the findings of one view of a file (its findings, or those left) that the baseline does not know */
  unknown(findings: Finding[], text: string): Finding[] {
    if (!findings.length || !this.files.has(findings[0].file)) return findings;
    const lines = new LineIndex(text);
    const budget = new Map<string, number>();
    return findings.filter((f) => {
      const k = keyOf(f.file, f.rule, fingerprint(f, lines));
      const left = budget.get(k) ?? this.counts.get(k) ?? 0;
      if (left <= 0) return true;
      budget.set(k, left - 1);
      return false;
    });
  }

  /** the outcome as the reports see it: known findings left out */
  filter(o: FileOutcome): FileOutcome {
    const findings = this.unknown(o.findings, o.file.text);
    const remaining = this.unknown(o.remaining, o.output);
    return findings.length === o.findings.length && remaining.length === o.remaining.length ? o : { ...o, findings, remaining };
  }
}

/**
 * Records the run's findings as a baseline (a dry run: what was found; --write: what is left),
 * written file by file as the run reports them (files come in path order), to a temp file renamed
 * into place at the end: memory does not grow with the findings.
 */
export class BaselineWriter implements Renderer {
  count = 0;
  private readonly abs: string;
  private readonly tmp: string;
  private readonly fd: number;
  private readonly out: Out;
  private readonly items: JsonArray;

  constructor(
    private readonly path: string,
    private readonly write: boolean,
    private readonly short: (message: string) => string,
  ) {
    this.abs = resolve(path);
    this.tmp = join(dirname(this.abs), `.${basename(this.abs)}.guardfix-${process.pid}.tmp`);
    try {
      this.fd = openSync(this.tmp, 'w');
    } catch (e) {
      throw new UsageError(`--write-baseline ${path}: ${describeError(e)}`);
    }
    const fd = this.fd;
    this.out = { write: (chunk) => void (typeof chunk === 'string' ? writeSync(fd, chunk) : writeSync(fd, chunk)) };
    this.out.write('{\n  "version": 1,\n  "tool": "guardfix",\n  "findings": ');
    this.items = new JsonArray(this.out, 1);
  }

  file(o: FileOutcome): void {
    const findings = this.write ? o.remaining : o.findings;
    if (!findings.length) return;
    const lines = new LineIndex(this.write ? o.output : o.file.text);
    const byKey = new Map<string, BaselineEntry>();
    for (const f of findings) {
      const fp = fingerprint(f, lines);
      const k = keyOf(f.file, f.rule, fp);
      const e = byKey.get(k);
      if (e) e.count++;
      else byKey.set(k, { file: f.file, rule: f.rule, fingerprint: fp, count: 1, message: this.short(f.message) });
      this.count++;
    }
    const sorted = [...byKey.values()].sort((a, b) => a.rule.localeCompare(b.rule) || a.fingerprint.localeCompare(b.fingerprint));
    for (const e of sorted) this.items.push(e);
  }

  end(): void {
    try {
      this.items.close();
      this.out.write('\n}\n');
      closeSync(this.fd);
      renameSync(this.tmp, this.abs);
    } catch (e) {
      this.discard();
      throw new UsageError(`--write-baseline ${this.path}: ${describeError(e)}`);
    }
  }

  /** a run that failed leaves no temp file */
  discard(): void {
    try {
      closeSync(this.fd);
    } catch {
      // closed already
    }
    try {
      unlinkSync(this.tmp);
    } catch {
      // renamed or never made
    }
  }
}
