// SARIF output checked against the official 2.1.0 schema (ajv) and Microsoft's validator.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { cli, copyFleet, ROOT } from './helpers/cli.js';
import { officialSarifSchema } from './helpers/sarif-schema.js';

let sarif: any;
let file: string;
let dir: string;

beforeAll(() => {
  dir = copyFleet();
  const r = cli(['--format', 'sarif', '.'], dir);
  expect(r.code).toBe(1);
  sarif = JSON.parse(r.stdout);
  file = join(mkdtempSync(join(tmpdir(), 'guardfix-sarif-')), 'guardfix.sarif');
  writeFileSync(file, r.stdout);
  return () => rmSync(dir, { recursive: true, force: true });
});

describe('--format sarif', () => {
  it('validates against the official SARIF 2.1.0 schema', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile(officialSarifSchema());
    const ok = validate(sarif);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 5), null, 1)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('a deliberately broken log fails the same schema (the check can fail)', () => {
    const ajv = new Ajv2020({ strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile(officialSarifSchema());
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].level = 'severe';
    expect(validate(broken)).toBe(false);
  });

  it("passes Microsoft's SARIF multitool validate with zero errors", () => {
    const out = `${file}.validation.sarif`;
    const r = spawnSync(join(ROOT, 'node_modules/.bin/sarif-multitool'), ['validate', file, '-o', out], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const errors = report.runs[0].results.filter((x: { level?: string }) => x.level === 'error');
    expect(errors.map((e: { message: { text?: string; id?: string } }) => e.message.text ?? e.message.id)).toEqual([]);
  });

  it('a folder outside the current one: relative URIs under %SRCROOT%, and the multitool still finds no error', () => {
    const outside = `${file}.outside.sarif`;
    const r = cli(['--format', 'sarif', '--only', 'python-version,readme-helm,terraform-backend', dir], tmpdir());
    writeFileSync(outside, r.stdout);
    const log = JSON.parse(r.stdout);
    expect(log.runs[0].originalUriBaseIds.SRCROOT.uri).toBe(`file://${dir}/`);
    for (const res of log.runs[0].results) expect(res.locations[0].physicalLocation.artifactLocation).toMatchObject({ uri: expect.stringMatching(/^[^/.]/), uriBaseId: '%SRCROOT%' });
    const out = `${outside}.validation.sarif`;
    const v = spawnSync(join(ROOT, 'node_modules/.bin/sarif-multitool'), ['validate', outside, '-o', out], { encoding: 'utf8', timeout: 120_000 });
    expect(v.status, v.stdout + v.stderr).toBe(0);
    const errors = JSON.parse(readFileSync(out, 'utf8')).runs[0].results.filter((x: { level?: string }) => x.level === 'error');
    expect(errors).toEqual([]);
  });

  it('has what GitHub code scanning needs', () => {
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('guardfix');
    for (const rule of run.tool.driver.rules) {
      expect(rule.id).toBeTruthy();
      expect(rule.shortDescription.text).toBeTruthy();
      expect(rule.fullDescription.text).toBeTruthy();
      expect(rule.help.text).toBeTruthy();
    }
    expect(run.results.length).toBeGreaterThan(0);
    for (const res of run.results) {
      expect(res.ruleId).toBeTruthy();
      expect(res.message.text).toBeTruthy();
      expect(res.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^(services|terraform|reference|helm-charts)\//);
      expect(res.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
      expect(Object.values(res.partialFingerprints)[0]).toMatch(/^[0-9a-f]{32}$/);
    }
    const fixed = run.results.find((x: { fixes?: unknown[] }) => x.fixes?.length);
    expect(fixed.fixes[0].artifactChanges[0].replacements[0].insertedContent.text).toBeTypeOf('string');
  });
});
