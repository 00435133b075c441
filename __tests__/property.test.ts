// Property tests: every registered rule, on generated Dockerfiles, Python modules and Markdown.
// For any input: no rule throws, the fixed file still parses, a second run changes nothing,
// line endings and BOM survive, and every line that no finding or fix edit covered is still
// there, byte for byte and in order.
//
// Deterministic by default (fixed seed); explore with GUARDFIX_FC_SEED=<n> GUARDFIX_FC_RUNS=<n>.
// A counterexample worth keeping becomes a fixture case of the rule it broke.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from '../src/index.js';
import { decode } from '../src/engine/source-file.js';
import { languageFor, ensureLoaded } from '../src/languages/index.js';
import { dockerfile, pythonWithSeedPattern, markdown, fastapiService } from './helpers/arbitraries.js';
import { firstLost, targetedLines } from './helpers/preserved.js';
import { RULES } from '../src/transforms/index.js';
import type { LanguageId } from '../src/engine/types.js';

const SEED = Number(process.env.GUARDFIX_FC_SEED ?? 20261125);
const RUNS = Number(process.env.GUARDFIX_FC_RUNS ?? 100);

/** A small, valid service around the generated file, so cross-file rules have their context. */
const CONTEXT: Record<string, string> = {
  'svc/Dockerfile': 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nUSER 10001\nCMD ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "8007"]\n',
  'svc/service.py': 'import uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/health")\ndef health():\n    return {"status": "ok"}\n',
  'svc/README.md': '# svc\n\nA service.\n',
  'svc/requirements.txt': 'fastapi==0.110.0\nuvicorn==0.29.0\n',
  'svc/k8s/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc\n  namespace: guardian-services\nspec:\n  template:\n    spec:\n      serviceAccountName: svc-sa\n      containers:\n        - name: svc\n          livenessProbe:\n            httpGet:\n              path: /health\n              port: 8007\n',
  'svc/k8s/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n  namespace: guardian-services\n',
  'helm-charts/deploy.sh': '#!/usr/bin/env bash\nset -euo pipefail\ncd "$(dirname "$0")"\nhelm upgrade --install "$1" ./guardian-services -f "values-$2.yaml"\n',
  'helm-charts/guardian-services/Chart.yaml': 'apiVersion: v2\nname: guardian-services\nversion: 0.1.0\n',
};

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'guardfix-prop-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let n = 0;
function workspace(rel: string, content: string): string {
  const root = join(scratch, String(n++));
  for (const [p, t] of Object.entries({ ...CONTEXT, [rel]: content })) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), t);
  }
  return root;
}

function leftovers(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => /\.guardfix-.*\.tmp$/.test(p));
}

/** Runs whose file a fix changed, by file: a property over inputs no rule touches proves little. */
const changed = new Map<string, number>();

async function holds(rel: string, content: string, unsafe: boolean): Promise<void> {
  const root = workspace(rel, content);
  const path = join(root, rel);
  const original = readFileSync(path);
  const opts = { paths: [root], cwd: root, write: true, unsafe };
  const first = await run(opts);
  expect(first.internalErrors, 'no rule throws').toEqual([]);
  expect(leftovers(root), 'no temp file left').toEqual([]);
  const output = readFileSync(path);
  const outcome = first.outcomes.find((o) => o.file.path === path);
  const skipped = first.problems.some((p) => p.file.endsWith(rel));
  if (!outcome || skipped) {
    expect(output.equals(original), 'a skipped file is untouched').toBe(true);
    return;
  }

  const lang = languageFor(path)!;
  await ensureLoaded(lang);
  const after = decode(output);
  expect(lang.errors(lang.parse(after.text), after.text), 'the fixed file parses').toEqual([]);

  const before = decode(original);
  expect(after.bom, 'BOM kept').toBe(before.bom);
  if (before.crlf) expect(/(^|[^\r])\n/.test(output.toString('utf8')), 'CRLF kept').toBe(false);
  if (!output.equals(original)) changed.set(rel, (changed.get(rel) ?? 0) + 1);
  const lost = firstLost(original, output, targetedLines(before.text, outcome.findings));
  expect(lost, 'a line no finding or edit covered changed').toBeUndefined();

  const second = await run(opts);
  expect(second.internalErrors).toEqual([]);
  expect(readFileSync(path).equals(output), 'a second run changes nothing').toBe(true);
  const again = second.outcomes.find((o) => o.file.path === path);
  expect(again?.applied ?? [], 'no fix applies to fixed output').toEqual([]);
}

const params = { seed: SEED, numRuns: RUNS, endOnFailure: false, interruptAfterTimeLimit: 20_000 };

/** When a registered rule fixes this language, some generated inputs must have been fixed. */
function exercised(rel: string, lang: LanguageId) {
  if (RULES.some((r) => r.meta.languages.includes(lang) && r.meta.fix !== 'none')) {
    expect(changed.get(rel) ?? 0, `generated ${lang} files that a fix changed`).toBeGreaterThan(0);
  }
}

describe('properties of every registered rule', () => {
  it('Dockerfiles: no throw, still parses, idempotent, untouched lines kept', async () => {
    changed.clear();
    await fc.assert(fc.asyncProperty(dockerfile, fc.boolean(), (text, unsafe) => holds('svc/Dockerfile', text, unsafe)), params);
    exercised('svc/Dockerfile', 'dockerfile');
  }, 60_000);

  it('Python with prints: no throw, still parses, idempotent, untouched lines kept', async () => {
    changed.clear();
    await fc.assert(fc.asyncProperty(pythonWithSeedPattern, fc.boolean(), (text, unsafe) => holds('svc/service.py', text, unsafe)), params);
    exercised('svc/service.py', 'python');
  }, 60_000);

  it('FastAPI services (clients, lifespans, handlers): no throw, still parses, idempotent, untouched lines kept', async () => {
    changed.clear();
    await fc.assert(fc.asyncProperty(fastapiService, fc.boolean(), (text, unsafe) => holds('svc/service.py', text, unsafe)), params);
    exercised('svc/service.py', 'python');
  }, 60_000);

  it('Markdown with code blocks: no throw, idempotent, untouched lines kept', async () => {
    changed.clear();
    await fc.assert(fc.asyncProperty(markdown, fc.boolean(), (text, unsafe) => holds('svc/README.md', text, unsafe)), params);
    exercised('svc/README.md', 'markdown');
  }, 60_000);
});

describe('the "untouched lines kept" check itself', () => {
  const lost = (a: string, b: string, targeted: number[] = []) => firstLost(Buffer.from(a), Buffer.from(b), new Set(targeted));
  it('accepts an edit on a targeted line and an insertion', () => {
    expect(lost('FROM a\nRUN x\nCMD y\n', 'FROM b\nRUN x\nUSER 1\nCMD y\n', [0])).toBeUndefined();
  });
  it('catches a change, a lost CR and a lost BOM on lines nothing targeted', () => {
    expect(lost('FROM a\nRUN x\n', 'FROM b\nRUN  x\n', [0])).toEqual({ line: 2, text: 'RUN x' });
    expect(lost('FROM a\r\nRUN x\r\n', 'FROM b\r\nRUN x\n', [0])?.line).toBe(2);
    expect(lost('\uFEFFFROM a\nRUN x\n', 'FROM a\nRUN y\n', [1])?.line).toBe(1);
  });
  it('catches a reordering', () => {
    expect(lost('a\nb\nc\n', 'b\na\nc\n')).toBeDefined();
  });
  it('lets a blank line beside a removed line go, but not one elsewhere', () => {
    expect(lost('a\n\n\nprint(1)\n\nb\n', 'a\n\n\nb\n', [3])).toBeUndefined();
    expect(lost('a\n\nb\nprint(1)\nc\n', 'ab\nc\n', [3])).toBeDefined();
  });
});
