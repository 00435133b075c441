// The alignment table never contradicts itself: a value that says "No"/"None" or counts findings
// is not ALIGNED, "n/a" goes with N/A (and out of the score), and the fleet's status fits its count.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cli, copyFleet } from './helpers/cli.js';
import { fleetTable, type Alignment } from '../src/report/alignment.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'guardfix-align-'));
  dirs.push(dir);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

function tables(dir: string): { before: Alignment; after: Alignment } {
  const r = cli(['--dry-run', '--unsafe', '--format', 'json', '.'], dir);
  return JSON.parse(r.stdout).alignment;
}

function contradictions(a: Alignment): string[] {
  const out: string[] = [];
  for (const row of a.rows) {
    for (const c of row.cells) {
      const where = `${row.name} ${c.category} "${c.value}" ${c.status}`;
      if (c.status === 'ALIGNED' && (/^(No|None|n\/a|\?|—)$/.test(c.value) || /finding/.test(c.value) || c.findings > 0)) out.push(where);
      if ((c.value === 'n/a' || c.value === 'not checked') !== (c.status === 'N/A')) out.push(where);
      if (c.status !== 'ALIGNED' && c.status !== 'N/A' && c.findings === 0) out.push(where);
    }
    const applicable = row.cells.filter((c) => c.status !== 'N/A');
    if (row.applicable !== applicable.length || row.aligned !== applicable.filter((c) => c.status === 'ALIGNED').length) out.push(`${row.name}: ${row.aligned}/${row.applicable}`);
  }
  for (const f of fleetTable(a)) {
    if ((f.status === 'ALIGNED') !== (f.applicable > 0 && f.aligned === f.applicable)) out.push(`fleet ${f.category}: ${f.status} (${f.aligned}/${f.applicable})`);
    if ((f.status === 'N/A') !== (f.applicable === 0)) out.push(`fleet ${f.category}: ${f.status} (${f.aligned}/${f.applicable})`);
    if (/(^| \/ )n\/a( \/ |$)/.test(f.values)) out.push(`fleet ${f.category}: values ${f.values}`);
  }
  return out;
}

describe('alignment cells', () => {
  it('on the example fleet, before and after the fixes', () => {
    const t = tables(copyFleet());
    expect(contradictions(t.before)).toEqual([]);
    expect(contradictions(t.after)).toEqual([]);
    // Offline, the S3 bucket is not checked: the table says so instead of "OK, ALIGNED".
    expect(fleetTable(t.before).find((f) => f.category === 'Terraform Backend')).toMatchObject({ values: 'not checked', status: 'N/A' });
  });

  it('categories that do not apply are n/a: no HTTP client, no app, not a Python image, no deploy docs', () => {
    const dir = workspace({
      'api/Dockerfile': 'FROM python:3.11-slim\nCOPY . .\nCMD ["uvicorn", "main:app", "--timeout-graceful-shutdown", "20"]\n',
      'api/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/health")\ndef health():\n    return {"ok": True}\n',
      'web/Dockerfile': 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n',
      'web/site/index.html': '<p>hi</p>\n',
      'README.md': '# Demo\n\nRun `docker compose up`.\n',
    });
    const { before } = tables(dir);
    expect(contradictions(before)).toEqual([]);
    const cell = (row: string, category: string) => before.rows.find((r) => r.name === row)?.cells.find((c) => c.category === category);
    expect(cell('api', 'Connection Pooling')).toMatchObject({ value: 'n/a', status: 'N/A' });
    expect(cell('api', 'Python Version')).toMatchObject({ value: '3.11', status: 'ALIGNED' });
    expect(cell('web', 'Python Version')).toMatchObject({ value: 'n/a', status: 'N/A' });
    // The root README deploys nothing: no row for the workspace rather than "0/0".
    expect(before.rows.map((r) => r.name)).not.toContain('(workspace)');
    // A service with an HTTP client that the rule has nothing against is pooled.
    const pooled = workspace({
      'svc/Dockerfile': 'FROM python:3.11-slim\nCOPY . .\nCMD ["uvicorn", "main:app"]\n',
      'svc/main.py': 'import httpx\nfrom fastapi import FastAPI\n\napp = FastAPI()\nclient = httpx.Client()\n\n\n@app.get("/x")\ndef x():\n    return client.get("http://up/x").json()\n',
    });
    const p = tables(pooled).before;
    expect(contradictions(p)).toEqual([]);
    expect(p.rows[0].cells.find((c) => c.category === 'Connection Pooling')).toMatchObject({ value: 'Yes', status: 'ALIGNED' });
  });
});
