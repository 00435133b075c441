// python-version: what each finding says and how sure its fix is. The fixtures check the text
// the fixes write; these check that a fix that is unsafe or absent names the reason.
import { describe, it, expect } from 'vitest';
import { loadCases, runCase } from './helpers/fixtures.js';
import { planTag } from '../src/transforms/python-version/target-tag.js';
import { markerApplies, pythonAdmits, supportProblems } from '../src/service/python-support.js';
import { parseSpecifiers } from '../src/languages/pep440.js';

const cases = new Map(loadCases('python-version').map((c) => [c.name, c]));

async function findingsOf(name: string) {
  const c = cases.get(name);
  if (!c) throw new Error(`no fixture ${name}`);
  const { result } = await runCase(c);
  return result.outcomes.flatMap((o) => o.findings).filter((f) => f.rule === 'python-version');
}

describe('python-version findings', () => {
  it.each([
    // [fixture, applicability of the first finding's fix ('none': no fix), what the message names]
    ['slim', 'safe', /python:3\.11-slim is Debian trixie, while python:3\.9-slim has been Debian buster, bullseye, bookworm and trixie over time/],
    ['buster-moves-to-bookworm', 'safe', /python:3\.11-buster is no longer updated, so the fix moves to Debian bookworm/],
    ['bookworm-keeps-libgl1-mesa-glx', 'safe', /\(libgl1-mesa-glx, libglib2\.0-0\) install on Debian bookworm/],
    ['trixie-libgl1-mesa-glx-renamed', 'unsafe', /unsafe: it renames libgl1-mesa-glx to libgl1 libglx-mesa0, which Debian trixie has instead/],
    ['unknown-package-unsafe', 'unsafe', /cannot tell whether tesseract-ocr-ukr installs on Debian trixie/],
    ['packages-from-build-arg', 'unsafe', /\$PACKAGES are only known at build time/],
    ['old-release-named', 'unsafe', /line 2 names Debian buster/],
    ['archived-buster-sources', 'unsafe', /line 2 edits apt's sources, written for the old release/],
    ['netcat-virtual', 'none', /No fix: netcat is a virtual package on Debian bookworm.*netcat-openbsd or netcat-traditional/],
    ['descendant-stage-installs', 'none', /No fix: netcat is a virtual package on Debian trixie/],
    ['apt-version-pin', 'none', /No fix: apt installs gcc=4:8\.3\.0-1/],
    ['pinned-scipy-no-wheels', 'none', /No fix: requirements\.txt:2 pins scipy==1\.7\.3, and scipy supports Python 3\.11 only from 1\.9\.2/],
    ['pinned-psycopg2-binary-constraints', 'none', /constraints\.txt:1 pins psycopg2-binary==2\.9\.1.*only from 2\.9\.5/],
    ['inline-pip-pin', 'none', /Dockerfile:2 pins numpy==1\.19\.5.*only from 1\.23\.2/],
    ['poetry-lock-old-pin', 'none', /poetry\.lock:2 pins asyncpg==0\.26\.0/],
    ['requirements-above-dockerfile', 'none', /requirements\.txt:1 pins pandas==1\.3\.5.*only from 1\.5\.0/],
    ['framework-caps-python', 'none', /rasa==3\.4\.2, and rasa >=3\.4,<3\.5 supports Python only up to 3\.10/],
    ['pipfile-python-version', 'none', /Pipfile:5 declares python_version = "3\.8", which excludes Python 3\.11/],
    ['poetry-python-tilde', 'none', /python = "~3\.9", which excludes Python 3\.11 \(poetry install stops on it\)/],
    ['requires-python-upper-bound', 'none', /requires-python = ">=3\.7,<3\.11"/],
    ['pydantic-v1-unsafe', 'unsafe', /pydantic==1\.8\.2, and pydantic supports Python 3\.11 from 1\.10\.0/],
    ['requirements-not-in-workspace', 'unsafe', /pip install -r requirements\.txt \(line 4\) reads a file guardfix did not find beside the Dockerfile or above it/],
    ['alpine-apk-unsafe', 'unsafe', /no package table for Alpine: check that libpq installs on Alpine 3\.23/],
    ['alpine-compiled-pin-unsafe', 'unsafe', /numpy==1\.26\.4, and on Alpine pip needs a musllinux wheel/],
    ['pull-through-cache-unsafe', 'unsafe', /assumes registry\.example\.com mirrors Docker Hub's python image/],
    ['digest-pinned', 'none', /pinned by digest.*python:3\.11-slim@<its digest>/],
    ['private-registry', 'none', /dkr\.ecr\.us-east-1\.amazonaws\.com\/python is not Docker Hub's python image/],
    ['third-party-python-image', 'none', /bitnami\/python is not Docker Hub's python image/],
    ['windowsservercore-host-version', 'none', /there is no python:3\.11-windowsservercore-ltsc2016/],
    ['onbuild-discontinued', 'none', /onbuild images were discontinued/],
    ['patch-pinned-profile-patch-not-published', 'none', /there is no python:3\.11\.3-slim-bookworm/],
    ['stretch-patch-pinned', 'safe', /3\.11\.16 is the newest 3\.11 patch guardfix knows of/],
    ['lock-above-dockerfile', 'none', /poetry\.lock:2 pins httptools==0\.1\.1.*only from 0\.5\.0/],
    ['distroless-runtime-keeps-its-python', 'none', /line 4 copies Python packages between the new Python and gcr\.io\/distroless\/python3-debian11, which keeps its own Python/],
    ['partial-pins-drift', 'unsafe', /requirements\.txt:1 pins pandas==1\.5\.3 while requirements\.txt:2 leaves numpy open: on Python 3\.11 pip may pick newer releases of what is open than on 3\.8/],
    ['partial-pins-from-3-9', 'safe', /python:3\.11-slim is Debian trixie/],
    ['old-python-pins-unlocked', 'unsafe', /pins Flask==2\.0\.0, but nothing locks what the pins depend on: pip resolves those for Python 3\.11 to releases Python 3\.7 never got/],
    ['unpinned-requirements', 'safe', /python:3\.11-slim is Debian trixie/],
    ['uv-lock-not-read', 'unsafe', /line 5 installs from uv\.lock, which guardfix does not read/],
    ['setup-py-not-read', 'unsafe', /RUN pip install \/src \(line 3\) installs a setup\.py project, whose install_requires guardfix does not read/],
  ])('%s: %s', async (name, applicability, message) => {
    const [first] = await findingsOf(name);
    expect(first.fix?.applicability ?? 'none').toBe(applicability);
    expect(first.message).toMatch(message);
  });

  it('one fix per Dockerfile: a second FROM points at the first', async () => {
    const [build, run] = await findingsOf('arg-shared-by-stages');
    expect(build.fix?.edits).toHaveLength(1); // the shared ARG, once
    expect(run.fix).toBeUndefined();
    expect(run.message).toMatch(/The fix reported on line 2 changes this image too/);
  });
});

describe('the tag the fix writes', () => {
  const plan = (minor: string, variant: string, patch?: number, target: { minor: string; patch?: number } = { minor: '3.11' }) => planTag({ minor, variant, patch }, target);

  it.each([
    ['3.9', 'slim', undefined, '3.11-slim', 'trixie'],
    ['3.9', 'slim-bookworm', undefined, '3.11-slim-bookworm', 'bookworm'],
    ['3.9', 'slim-buster', undefined, '3.11-slim-bookworm', 'bookworm'],
    ['3.10', 'bullseye', undefined, '3.11-bookworm', 'bookworm'],
    ['3.7', 'slim-stretch', 3, '3.11.16-slim-bookworm', 'bookworm'],
    ['3.8', 'alpine3.12', undefined, '3.11-alpine3.23', 'alpine3.23'],
    ['3.9', 'alpine', 2, '3.11.16-alpine', 'alpine3.24'],
    ['3.9', '', undefined, '3.11', 'trixie'],
  ])('python:%s-%s (patch %s) → python:%s on %s', (minor, variant, patch, tag, to) => {
    const p = plan(minor, variant, patch);
    expect(p.tag).toBe(tag);
    expect(p.to).toBe(to);
  });

  it('a patch pin takes the profile patch, on a variant published with it', () => {
    expect(plan('3.9', 'slim-bullseye', 7, { minor: '3.11', patch: 9 }).tag).toBe('3.11.9-slim-bookworm');
    expect(plan('3.9', 'slim-bookworm', 7, { minor: '3.11', patch: 3 }).tag).toBeUndefined();
  });

  it('targets newer than 3.11 never get a release they were not built on', () => {
    expect(plan('3.9', 'slim-bullseye', undefined, { minor: '3.14' }).tag).toBe('3.14-slim-bookworm');
    expect(plan('3.9', 'slim-buster', undefined, { minor: '3.12' }).tag).toBe('3.12-slim-bookworm');
  });

  it('the releases a short alias has been', () => {
    expect([...plan('3.8', 'slim').from]).toEqual(['buster', 'bullseye', 'bookworm']);
    expect([...plan('3.9', 'slim', 10).from]).toEqual(['bullseye']);
  });
});

describe('Python support of requirements', () => {
  const pin = (text: string, marker?: string) => {
    const [, name, spec] = /^([a-z0-9-]+)(.*)$/.exec(text)!;
    return { name, text, clauses: parseSpecifiers(spec), marker, where: 'requirements.txt:1' };
  };
  it('a pin below the first release with wheels fails; at or above it, or unpinned, passes', () => {
    expect(supportProblems([pin('scipy==1.7.3')], '3.11', false).map((p) => p.kind)).toEqual(['fails']);
    expect(supportProblems([pin('scipy==1.9.2'), pin('scipy>=1.5'), pin('scipy')], '3.11', false)).toEqual([]);
    expect(supportProblems([pin('scipy==1.9.2')], '3.12', false).map((p) => p.kind)).toEqual(['fails']);
  });
  it('a backport of a module newer Pythons have fails there, pinned or not; a compiled package without data is unchecked', () => {
    expect(supportProblems([pin('backports-zoneinfo')], '3.11', false).map((p) => p.message)).toEqual(['requirements.txt:1 requires backports-zoneinfo, and backports-zoneinfo supports Python only up to 3.8']);
    expect(supportProblems([pin('backports-zoneinfo', 'python_version < "3.9"')], '3.11', false)).toEqual([]);
    expect(supportProblems([pin('regex==2021.4.4')], '3.11', false).map((p) => p.kind)).toEqual(['unknown']);
    expect(supportProblems([pin('regex>=2021.4.4')], '3.11', false)).toEqual([]);
    // markupsafe's speedups fall back to pure Python: no 3.11 row is no doubt
    expect(supportProblems([pin('markupsafe==1.1.1')], '3.11', false)).toEqual([]);
  });
  it('a pin behind a marker that excludes the target does not count', () => {
    expect(supportProblems([pin('numpy==1.19.5', 'python_version < "3.10"')], '3.11', false)).toEqual([]);
    expect(supportProblems([pin('numpy==1.19.5', 'python_version >= "3.8" and sys_platform == "linux"')], '3.11', false)).toHaveLength(1);
  });
  it('reads markers on the target Python', () => {
    expect(markerApplies('python_version < "3.10"', '3.11')).toBe(false);
    expect(markerApplies("python_version >= '3.11' and platform_system == 'Linux'", '3.11')).toBe(true);
    expect(markerApplies('(python_version < "3.8" or sys_platform == "win32")', '3.11')).toBe(false);
    expect(markerApplies('extra == "dev"', '3.11')).toBeUndefined();
  });
  it('declared Python constraints', () => {
    expect(pythonAdmits(parseSpecifiers('>=3.7,<3.11')!, '3.11')).toBe(false);
    expect(pythonAdmits(parseSpecifiers('^3.8', 'poetry')!, '3.11')).toBe(true);
    expect(pythonAdmits(parseSpecifiers('==3.8.*')!, '3.11')).toBe(false);
    expect(pythonAdmits(parseSpecifiers('>=3.11.4')!, '3.11')).toBe(true);
    expect(pythonAdmits(parseSpecifiers('>=3.11.4')!, '3.11.2')).toBe(false);
  });
});
