// What an OS package in a Python image is for: needed only to build wheels (compilers, headers),
// or at run time. Read from the tables in src/data/ (every row with its source): Debian's
// Packages indices for bullseye/bookworm/trixie, Alpine APKBUILDs, and the official python image
// Dockerfiles, which keep the libraries CPython itself links.
//
// A -dev package's runtime library is named per Debian release (libssl1.1 → libssl3 → libssl3t64),
// so the answer depends on the image's release; when that is unknown and the releases disagree,
// the mapping comes with a reason it cannot be relied on.
import aptData from '../data/apt-build-packages.json' with { type: 'json' };
import apkData from '../data/apk-build-packages.json' with { type: 'json' };
import imageData from '../data/python-image-os.json' with { type: 'json' };

export type Tool = 'apt' | 'apk';

export interface OsRelease {
  family: 'debian' | 'alpine';
  /** Debian codename (bookworm), when the tag says or implies it */
  suite?: string;
  /** Alpine release ("3.18"), when the tag says or implies it */
  alpine?: string;
}

export type PackageRole =
  /**
   * Only needed to build: drop it from a runtime stage and install `runtime` instead (empty:
   * nothing, the image has what built code loads). `unsure` says why that mapping cannot be relied
   * on for this image (no source for it, or the release is unknown and the name differs).
   */
  | { kind: 'build'; runtime: string[]; unsure?: string }
  /** a -dev package the tables do not know: keep it */
  | { kind: 'unknown-dev' }
  | { kind: 'other' };

/** `gcc=4:12.2.0-3` → `gcc`; `libpq-dev:amd64` → `libpq-dev`; `gcc~12` (apk) → `gcc`. */
export function packageName(spec: string): string {
  return spec.split(/[=:<>~]/)[0].toLowerCase();
}

const DEBIAN_SUITES = ['bullseye', 'bookworm', 'trixie'];

interface DevRow {
  dev: string;
  runtime?: Record<string, string[]>;
  provided_by?: Record<string, string[]>;
}
const debBuild = new Set(aptData.build_only.map((r) => r.package));
const debInImage = new Set(aptData.in_python_image.map((r) => r.dev));
const debDev = new Map<string, DevRow>((aptData.dev_runtime as DevRow[]).map((r) => [r.dev, r]));

interface ApkRow {
  sourced: boolean | string;
  runtime?: string[];
  runtime_of_built_code?: string[];
  note?: string;
}
const apkBuild = new Map<string, ApkRow>(apkData.build_only.map((r) => [r.package, r as ApkRow]));
const apkInImage = new Set(apkData.in_python_image.map((r) => r.dev));
const apkDev = new Map<string, ApkRow & { dev: string }>(apkData.dev_runtime.map((r) => [r.dev, r as ApkRow & { dev: string }]));

/** What `pkg` is for, installed with `tool` in an official python image of release `os`. */
export function packageRole(spec: string, tool: Tool, os: OsRelease | undefined): PackageRole {
  const name = packageName(spec);
  return tool === 'apt' ? debianRole(name, os?.family === 'debian' ? os.suite : undefined) : alpineRole(name, os?.alpine);
}

function debianRole(name: string, suite: string | undefined, seen = new Set<string>()): PackageRole {
  if (debBuild.has(name) || debInImage.has(name)) return { kind: 'build', runtime: [] };
  const row = debDev.get(name);
  if (!row) return name.endsWith('-dev') ? { kind: 'unknown-dev' } : { kind: 'other' };
  const known = suite && DEBIAN_SUITES.includes(suite) ? [suite] : DEBIAN_SUITES;
  if (row.provided_by) {
    // A virtual -dev name: apt installs its only provider.
    const providers = new Set(known.map((s) => (row.provided_by![s] ?? []).join(' ')));
    const [only] = providers;
    if (providers.size !== 1 || !only || only.includes(' ') || seen.has(only)) return { kind: 'unknown-dev' };
    return debianRole(only, suite, seen.add(name));
  }
  const names = new Set(known.map((s) => (row.runtime?.[s] ?? []).join(' ')));
  const [first] = names;
  if (!first) return { kind: 'unknown-dev' };
  if (names.size === 1 && (!suite || DEBIAN_SUITES.includes(suite))) return { kind: 'build', runtime: first.split(' ') };
  const newest = [...known].reverse().find((s) => row.runtime?.[s]?.length)!;
  const why = suite
    ? `guardfix's Debian tables cover bullseye, bookworm and trixie, not ${suite}, where ${name}'s runtime library may have another name`
    : `the image tag names no Debian release and ${name}'s runtime library is named differently between releases (${[...names].filter(Boolean).join(' / ')})`;
  return { kind: 'build', runtime: row.runtime![newest], unsure: why };
}

/** Alpine releases before this named libpq's package postgresql-libs (APKBUILD of postgresql17). */
const ALPINE_LIBPQ_SINCE = [3, 15];

function alpineRole(name: string, release: string | undefined): PackageRole {
  if (apkInImage.has(name) || name === 'musl-dev') return { kind: 'build', runtime: [] };
  const tool = apkBuild.get(name);
  if (tool) {
    const runtime = tool.runtime_of_built_code ?? [];
    return tool.sourced === true ? { kind: 'build', runtime } : { kind: 'build', runtime, unsure: `what ${name} is has no source in guardfix's Alpine table` };
  }
  const row = apkDev.get(name);
  if (!row) return name.endsWith('-dev') ? { kind: 'unknown-dev' } : { kind: 'other' };
  const runtime = row.runtime ?? [];
  if (row.sourced !== true) return { kind: 'build', runtime, unsure: `${name} → ${runtime.join(', ')} is not sourced (Alpine's index was not reachable; the name follows Alpine's -dev convention)` };
  if (runtime.includes('libpq')) {
    const [maj, min] = (release ?? '').split('.').map(Number);
    if (!release) return { kind: 'build', runtime, unsure: `libpq has its own package only since Alpine ${ALPINE_LIBPQ_SINCE.join('.')}, and the tag names no Alpine release` };
    if (maj < ALPINE_LIBPQ_SINCE[0] || (maj === ALPINE_LIBPQ_SINCE[0] && min < ALPINE_LIBPQ_SINCE[1])) {
      // postgresql-libs, which later releases keep as a compatibility name, held libpq before.
      return { kind: 'build', runtime: ['postgresql-libs'], unsure: `on Alpine ${release} libpq came in postgresql-libs (inferred from the APKBUILD's compatibility note, not read from that release)` };
    }
  }
  return { kind: 'build', runtime };
}

// ---- which release an official python image tag is built on -------------------------------

interface MinorRow {
  debian: { from: string; suite: string }[];
  alpine: { from: string; release: string }[];
}
const minors = imageData.minors as Record<string, MinorRow>;
const SUITE_IN_TAG = /(?:^|-)(jessie|stretch|buster|bullseye|bookworm|trixie|forky)(?:-|$)/;

const cmpVersion = (a: string, b: string) => {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

/**
 * The OS release behind an official python image tag: written in it (`3.11-slim-bookworm`,
 * `3.9-alpine3.18`), or what the tag pointed to (a patch tag: when that patch came out; a minor
 * tag: now). Windows tags and unknown shapes give undefined.
 */
export function releaseOfPythonTag(tag: string | undefined): OsRelease | undefined {
  const t = (tag ?? 'latest').toLowerCase();
  if (/windowsservercore|nanoserver/.test(t)) return undefined;
  const alpine = /(?:^|-)alpine(\d+\.\d+)?(?:-|$)/.exec(t);
  const suite = SUITE_IN_TAG.exec(t)?.[1];
  const v = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?=-|$)/.exec(t);
  const minor = v?.[2] !== undefined ? `${v[1]}.${v[2]}` : imageData.newest_minor.minor;
  const row = minors[minor];
  const patch = v?.[3] !== undefined ? `${minor}.${v[3]}` : undefined;
  const pick = <T extends { from: string }>(list: T[] | undefined): T | undefined =>
    list?.filter((h) => !patch || cmpVersion(h.from, patch) <= 0).pop();
  if (alpine) return { family: 'alpine', alpine: alpine[1] ?? pick(row?.alpine)?.release };
  return { family: 'debian', suite: suite ?? pick(row?.debian)?.suite };
}
