// The CLI as a fleet and a CI job use it (issue 17): the built binary on temp copies of the
// example fleet, every flag and behaviour of the report, the selection, the baseline and the
// places it can be started from.
import { describe, it, expect, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { BIN, cli, copyFleet } from './helpers/cli.js';
import { git, makeWorkspace } from './helpers/git-workspace.js';

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});
const fleet = () => {
  const d = copyFleet();
  temps.push(d);
  return d;
};
const workspace = (files: Record<string, string>) => {
  const d = makeWorkspace(files, 'guardfix-cli17-');
  temps.push(d);
  return d;
};
const OLD = 'FROM python:3.9-slim\nCMD ["python"]\n';
const json = (args: string[], cwd: string) => JSON.parse(cli([...args, '--format', 'json'], cwd).stdout);
/** finding lines: `path:line:col  severity  rule  message` */
const findingLines = (s: string) => s.split('\n').filter((l) => /^\S+:\d+:\d+ {2}/.test(l));

describe('the default text report', () => {
  const dir = fleet();
  const parent = dirname(dir);
  const name = basename(dir);
  const r = cli(['--dry-run', name], parent);

  it('one line per finding, within 160 columns, with paths relative to the current folder', () => {
    expect(r.code).toBe(1);
    const lines = findingLines(r.stdout);
    expect(lines.length).toBe(json(['.'], dir).findings.length);
    for (const l of lines) {
      expect(l.length, l).toBeLessThanOrEqual(160);
      expect(l).toMatch(new RegExp(`^${name}/\\S+:\\d+:\\d+ +(critical|high|medium|low|info) +[a-z-]+ +\\S`));
    }
    expect(r.stdout).toMatch(new RegExp(`^${name}/services/guardian-zero-service/Dockerfile:1:1 {2}critical {2}python-version +Base image python:3\\.9-slim`, 'm'));
  });

  it('groups the findings under a header per service, and the files outside services last', () => {
    const headers = r.stdout.split('\n').filter((l) => /^\S.*\/$|^Outside services/.test(l));
    expect(headers).toEqual([
      ...['abe', 'aeyon', 'john', 'lux', 'neuro', 'zero'].map((s) => `${name}/services/guardian-${s}-service/`),
      'Outside services (workspace files)',
    ]);
  });

  it('shows no diff unless asked (--diff), and the hint says how to see them', () => {
    expect(r.stdout).not.toMatch(/^diff --git/m);
    expect(r.stdout).toMatch(/Run with --write to apply \d+ fixes \(--diff shows the changes\)/);
    const d = cli(['--diff', '--only', 'python-version', '.'], dir);
    expect(d.stdout).toMatch(/^diff --git a\/services\/guardian-abe-service\/Dockerfile b\//m);
    expect(cli(['--write', '--diff'], dir).code).toBe(2);
  });

  it('counts services, not the workspace row or the reference service', () => {
    expect(r.stdout).toMatch(/^\d+ findings in 6 services: /m);
  });

  it('--verbose adds each finding\'s whole message and its fix', () => {
    const v = cli(['--verbose', '--only', 'python-version', 'services/guardian-zero-service'], dir);
    expect(v.stdout).toMatch(/^ {4}Base image python:3\.9-slim is Python 3\.9 \(end of life since \d{4}-\d\d\); the fleet runs 3\.11\. python:3\.11-slim is Debian trixie, while python:3\.9-slim has been Debian buster, bullseye, bookworm and trixie over time\.$/m);
    expect(v.stdout).toMatch(/^ {4}fix \(safe\): /m);
  });
});

describe('counts that agree', () => {
  it('the dry run\'s "apply N fixes" is --write\'s "N fixed"; --show-fixes lists them per file', () => {
    const dir = fleet();
    const dry = cli(['--show-fixes', '.'], dir);
    const n = Number(/Run with --write to apply (\d+) fixes/.exec(dry.stdout)![1]);
    expect(dry.stdout).toMatch(new RegExp(`^--write would apply ${n} fixes:$`, 'm'));
    const w = cli(['--write', '--show-fixes', '.'], dir);
    expect(w.stdout).toMatch(new RegExp(`^${n} fixed · `, 'm'));
    expect(w.stdout).toMatch(new RegExp(`^Applied ${n} fixes:$`, 'm'));
    expect(w.stdout).toMatch(/^services\/guardian-zero-service\/Dockerfile:\n( {4}\d+ × [a-z-]+: .*\n)* {4}\d+ × python-version: Use python:3\.11-slim$/m);
    // what the dry run said would be left is what is left
    const left = /(\d+ need --unsafe · \d+ without fix · 1 note)/.exec(dry.stdout)![1];
    expect(w.stdout).toContain(left);
  });

  it('with --unsafe the hint says --write --unsafe', () => {
    const dir = fleet();
    expect(cli(['--unsafe', '--only', 'http-pooling', '.'], dir).stdout).toMatch(/Run with --write --unsafe to apply \d+ fixes/);
  });

  it('an empty folder, or one without services, says so and gives no score', () => {
    const empty = workspace({});
    const e = cli(['.'], empty);
    expect(e.stdout).toBe('No files to check in . (no Dockerfile, Python, YAML, Terraform or Markdown).\n');
    expect(e.code).toBe(0);
    const docs = workspace({ 'README.md': '# notes\n' });
    const d = cli(['.'], docs);
    expect(d.stdout).toMatch(/^No services in \. \(a service is a folder with a Dockerfile\); nothing to report\.$/m);
    expect(d.stdout).not.toMatch(/Alignment score/);
  });
});

describe('--statistics, --format github, --exit-zero', () => {
  const dir = fleet();

  it('--statistics: a count per rule and severity, fixable or not, instead of the lines', () => {
    const s = cli(['--statistics', '.'], dir);
    expect(findingLines(s.stdout)).toEqual([]);
    expect(s.stdout).toMatch(/^ *6 {2}python-version +critical +6 fixable$/m);
    expect(s.stdout).toMatch(/^ *18 {2}middleware-stack +medium +18 need --unsafe$/m);
    expect(s.stdout).toMatch(/^ *\d+ {2}parallel-io +low +no fix$/m);
    const j = json(['.'], dir);
    expect(j.statistics).toContainEqual({ rule: 'python-version', severity: 'critical', count: 6, fixable: 6, unsafe: 0 });
  });

  it('--format github: a workflow command per finding, paths from the repository root', () => {
    const g = cli(['--format', 'github', '--only', 'python-version,terraform-backend', '.'], dir);
    const lines = g.stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(6);
    expect(lines).toContain(
      lines.find((l) => l.startsWith('::error file=services/guardian-abe-service/Dockerfile,line=1,col=1,endLine=1,endColumn=')),
    );
    expect(lines.find((l) => l.startsWith('::notice file=terraform/main.tf,'))).toMatch(/title=guardfix terraform-backend \(info\)::Terraform state in s3%3A|::Terraform state in s3:/);
    for (const l of lines.filter((x) => x.startsWith('::'))) expect(l).not.toMatch(/\n|\r/);
    expect(g.code).toBe(1);
  });

  it('--exit-zero: findings do not fail; errors still exit 2', () => {
    expect(cli(['--exit-zero', '--only', 'python-version', '.'], dir).code).toBe(0);
    expect(cli(['--exit-zero', '--only', 'no-such-rule', '.'], dir).code).toBe(2);
  });
});

describe('baselines', () => {
  it('--write-baseline records the findings and exits 0; --baseline reports only new ones, across line moves', () => {
    const dir = workspace({ 'a/Dockerfile': OLD, 'b/Dockerfile': 'FROM python:3.11-slim\nCMD ["python"]\n' });
    const w = cli(['--only', 'python-version', '--write-baseline', 'base.json', '.'], dir);
    expect(w.code).toBe(0);
    expect(w.stderr).toMatch(/1 finding written to the baseline base\.json/);
    const base = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8'));
    expect(base).toMatchObject({ version: 1, findings: [{ file: 'a/Dockerfile', rule: 'python-version', count: 1 }] });
    expect(base.findings[0].fingerprint).toMatch(/^[0-9a-f]{16}$/);

    expect(cli(['--only', 'python-version', '--baseline', 'base.json', '.'], dir)).toMatchObject({ code: 0 });
    // the finding moves down two lines: still known
    writeFileSync(join(dir, 'a/Dockerfile'), '# syntax=docker/dockerfile:1\n\n' + OLD);
    const moved = cli(['--only', 'python-version', '--baseline', 'base.json', '.'], dir);
    expect(moved.code, moved.stdout).toBe(0);
    // a new one is reported, alone
    writeFileSync(join(dir, 'b/Dockerfile'), 'FROM python:3.8-slim\n');
    const fresh = cli(['--only', 'python-version', '--baseline', 'base.json', '.'], dir);
    expect(fresh.code).toBe(1);
    expect(findingLines(fresh.stdout).map((l) => l.split(':')[0])).toEqual(['b/Dockerfile']);
  });

  it('a file that is not a baseline exits 2', () => {
    const dir = workspace({ 'a/Dockerfile': OLD, 'base.json': '{"findings": 3}' });
    const r = cli(['--baseline', 'base.json', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a guardfix baseline/);
  });
});

describe('selection by category', () => {
  const dir = fleet();

  it('--only dockerfile runs the Dockerfile rules; --skip kubernetes,python leaves those out', () => {
    const only = new Set(json(['--only', 'dockerfile', '.'], dir).findings.map((f: { rule: string }) => f.rule));
    expect([...only].sort()).toEqual(['healthcheck', 'multi-stage-build', 'non-root-user', 'python-version']);
    const skip = new Set(json(['--skip', 'kubernetes,python,docs', '.'], dir).findings.map((f: { rule: string }) => f.rule));
    expect([...skip].sort()).toEqual(['healthcheck', 'multi-stage-build', 'non-root-user', 'python-version', 'terraform-backend']);
  });

  it('a mistyped rule or category: exit 2 with "did you mean"', () => {
    const r = cli(['--only', 'pyhton-version', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown rule or category "pyhton-version"; did you mean "python-version"\?/);
    expect(cli(['--skip', 'kubernets', '.'], dir).stderr).toMatch(/did you mean "kubernetes"\?/);
    expect(cli(['explain', 'helthcheck'], dir).stderr).toMatch(/did you mean "healthcheck"\?/);
  });
});

describe('correct wherever it is started', () => {
  const service = 'services/guardian-abe-service';
  const key = (f: { rule: string; file: string; line: number; column: number; message: string }) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.message}`;

  it('one service folder, named or as the current folder, gives the findings a whole-repository scan gives it', () => {
    const dir = fleet();
    git(dir, 'init', '-q');
    const whole = json(['.'], dir).findings.filter((f: { file: string }) => f.file.startsWith(`${service}/`)).map(key);
    expect(whole.some((k: string) => k.includes('readme-helm'))).toBe(true); // needs helm-charts/ beside it
    expect(json([service], dir).findings.map(key)).toEqual(whole);
    expect(json(['.'], join(dir, service)).findings.map(key)).toEqual(whole);
    // the text report names them from where it was started
    expect(cli(['--only', 'python-version'], join(dir, service)).stdout).toMatch(/^Dockerfile:1:1 {2}critical/m);
  });

  it('--patch paths are from the repository root whatever the current folder, so git apply takes them', () => {
    const dir = fleet();
    git(dir, 'init', '-q');
    const elsewhere = mkdtempSync(join(tmpdir(), 'guardfix-cwd-'));
    temps.push(elsewhere);
    const patch = join(elsewhere, 'fix.patch');
    expect(cli(['--patch', patch, '--only', 'python-version', join(dir, service)], elsewhere).code).toBe(1);
    expect(readFileSync(patch, 'utf8')).toMatch(/^diff --git a\/services\/guardian-abe-service\/Dockerfile b\/services\/guardian-abe-service\/Dockerfile$/m);
    git(dir, 'apply', '--check', patch);
  });

  it('SARIF of a folder outside the current one: relative URIs under %SRCROOT%, no placeholder helpUri, plain help text', () => {
    const dir = fleet();
    const sarif = JSON.parse(cli(['--format', 'sarif', '--only', 'python-version,readme-helm', dir], tmpdir()).stdout);
    const run = sarif.runs[0];
    expect(run.originalUriBaseIds.SRCROOT.uri).toBe(`file://${dir}/`);
    for (const res of run.results) {
      const loc = res.locations[0].physicalLocation.artifactLocation;
      expect(loc).toMatchObject({ uriBaseId: '%SRCROOT%' });
      expect(loc.uri).toMatch(/^services\//);
    }
    for (const rule of run.tool.driver.rules) {
      expect(rule.helpUri).toBeUndefined();
      expect(rule.help.text).not.toMatch(/```|^#+ |`/m);
      expect(rule.help.markdown).toMatch(/^## What it does/m);
    }
  });

  it('a closed pipe ends the run quietly', () => {
    const dir = fleet();
    const r = spawnSync('bash', ['-c', `'${process.execPath}' '${BIN}' --diff . | head -1`], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout.split('\n')[0]).toBe('services/guardian-abe-service/');
    expect(r.stderr).toBe('');
  });

  it('a path that does not exist exits 2 with "no such file or directory"', () => {
    const r = cli(['services', 'no-such-dir'], fleet());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('guardfix: no-such-dir: no such file or directory\n');
  });

  it('--reference that is a folder of services, not one, exits 2', () => {
    const dir = fleet();
    const r = cli(['--reference', 'services', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--reference services: not a service \(no Dockerfile of its own\)/);
  });
});

describe('configuration files', () => {
  it('a YAML syntax error names the file and the line', () => {
    const dir = workspace({ 'a/Dockerfile': OLD, 'guardfix.config.yaml': 'rules:\n  apt-cleanup: off\n bad: [\n' });
    const r = cli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^guardfix: ${dir}/guardfix\\.config\\.yaml:3:1: YAML syntax error: `));
  });

  it('two configuration files in one folder: an error naming both', () => {
    const dir = workspace({ 'a/Dockerfile': OLD, 'guardfix.config.yaml': 'rules: {}\n', 'guardfix.config.json': '{}\n' });
    const r = cli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/guardfix\.config\.json and .*guardfix\.config\.yaml: two configuration files in one folder/);
  });
});

describe('unused-ignore is a rule like the others', () => {
  const files = { 'a/Dockerfile': '# guardfix-ignore python-version\nFROM python:3.11-slim\n' };

  it('is reported with its rule, skipped with --skip, turned off or re-rated in the configuration, explained', () => {
    const dir = workspace(files);
    expect(json(['--only', 'dockerfile,unused-ignore', '.'], dir).findings.map((f: { rule: string }) => f.rule)).toContain('unused-ignore');
    expect(json(['--skip', 'unused-ignore', '.'], dir).findings.map((f: { rule: string }) => f.rule)).not.toContain('unused-ignore');
    expect(json(['--skip', 'general', '.'], dir).findings.map((f: { rule: string }) => f.rule)).not.toContain('unused-ignore');
    writeFileSync(join(dir, 'guardfix.config.json'), '{ "rules": { "unused-ignore": "high" } }');
    expect(json(['.'], dir).findings.find((f: { rule: string }) => f.rule === 'unused-ignore').severity).toBe('high');
    writeFileSync(join(dir, 'guardfix.config.json'), '{ "rules": { "unused-ignore": "off" } }');
    expect(json(['.'], dir).findings.map((f: { rule: string }) => f.rule)).not.toContain('unused-ignore');
    unlinkSync(join(dir, 'guardfix.config.json'));
    const e = cli(['explain', 'unused-ignore'], dir);
    expect(e.code).toBe(0);
    expect(e.stdout).toMatch(/^## What it does/m);
  });
});

describe('terraform-backend offline', () => {
  it('is an info note that does not fail the run', () => {
    const dir = workspace({
      'svc/Dockerfile': 'FROM python:3.11-slim\nCMD ["python"]\n',
      'terraform/main.tf': 'terraform {\n  backend "s3" {\n    bucket = "b"\n    key    = "k"\n    region = "eu-west-1"\n  }\n}\n',
    });
    const r = cli(['--only', 'terraform-backend', '.'], dir);
    expect(r.stdout).toMatch(/^terraform\/main\.tf:3:5 {2}info {6}terraform-backend {2}Terraform state in s3:\/\/b\/k/m);
    expect(r.stdout).toMatch(/1 note/);
    expect(r.code).toBe(0);
  });

  it('a backend value that terraform init rejects is still critical', () => {
    const dir = workspace({ 'main.tf': 'terraform {\n  backend "s3" {\n    bucket = var.bucket\n  }\n}\n' });
    const r = cli(['--only', 'terraform-backend', '.'], dir);
    expect(r.stdout).toMatch(/critical {2}terraform-backend/);
    expect(r.code).toBe(1);
  });
});
