// Regenerates the python-version rule's data tables in src/data/ from the researched tables
// (python-image-tags.json, apt/apt-moves.json, wheels/python-support.json: each built from
// public sources, with the source of every fact). Only what the rule reads is kept, and every
// row keeps its source.
//
//   node scripts/data-tables.mjs <research-data-dir>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/data-tables.mjs <research-data-dir>');
  process.exit(2);
}
const read = (p) => JSON.parse(readFileSync(join(dir, p), 'utf8'));
const out = (name) => new URL(`../src/data/${name}`, import.meta.url);

/** One row a line: small diffs, and the file stays readable. */
function write(name, about, rows) {
  const body = rows.map((r) => '    ' + JSON.stringify(r)).join(',\n');
  writeFileSync(out(name), `{\n  "about": ${JSON.stringify(about)},\n  "rows": [\n${body}\n  ]\n}\n`);
  console.log(`src/data/${name}: ${rows.length} rows`);
}

// `docker-library/official-images@<sha>:library/python (2023-06-14)` → `@<sha12> (2023-06-14)`
const ref = (r) => {
  const m = /@([0-9a-f]{40}):library\/python \((\d{4}-\d{2}-\d{2})/.exec(r ?? '');
  return m ? `@${m[1].slice(0, 12)} (${m[2]})` : undefined;
};

// ---- python image tags -------------------------------------------------------------------
{
  const t = read('python-image-tags.json');
  const rows = [];
  const suiteOf = (pointsTo, alias) => {
    // `slim-bookworm` → bookworm; the unsuffixed entries of 2016 name no release
    if (alias === 'alpine') return pointsTo === 'alpine' ? null : pointsTo;
    const s = alias && pointsTo.startsWith(alias + '-') ? pointsTo.slice(alias.length + 1) : alias ? undefined : pointsTo;
    return s || null;
  };
  for (const [minor, m] of Object.entries(t.minors)) {
    for (const [variant, v] of Object.entries(m.variants)) {
      if (!v.minor_tag || !v.patches.length) continue; // pre-releases only
      const first = ref(v.source.first_listed);
      const last = ref(v.source.last_listed);
      if (!first || !last) throw new Error(`no source for ${minor}-${variant}`);
      const row = { minor, variant, patches: [v.patches[0], v.patches[v.patches.length - 1]], listed: v.listed_at_snapshot };
      let source = `official-images library/python ${first}..${last}`;
      const moving = m.moving_tag_defaults[variant];
      if (moving) {
        // What the short alias (3.X, 3.X-slim, 3.X-alpine) pointed at, from which patch on.
        row.os = moving.history.map((h) => [Number(h.from_version.split('.')[2]?.replace(/\D.*$/, '') ?? 0), suiteOf(h.points_to, variant)]);
        source += `; points at ${moving.history.map((h) => `${h.points_to} from ${h.from_version} ${ref(h.since).split(' ')[0]}`).join(', ')}`;
      }
      row.source = source;
      rows.push(row);
    }
  }
  write(
    'python-image-tags.json',
    `Tags of the official python image: for each minor and variant whose 3.X-<variant> tag was listed in ${t.source_snapshot.repo}:${t.source_snapshot.path} (first-parent history to ${t.source_snapshot.commit.slice(0, 12)}, ${t.source_snapshot.date}), the first and last patch listed (3.X.Z-<variant> exists for Z in that range), whether it was still listed then, and for the short aliases ('', slim, alpine) the Debian or Alpine release they pointed at from which patch on. Delisted tags stay on Docker Hub (official-images README).`,
    rows,
  );
}

// ---- Debian packages ---------------------------------------------------------------------
{
  const a = read('apt/apt-moves.json');
  const rows = [];
  for (const suite of ['bookworm', 'trixie']) {
    const rel = a.meta.suites[suite];
    const date = new Date(rel.Date).toISOString().slice(0, 10);
    const where = `deb.debian.org ${suite} ${rel.Version} (${date}) main Packages`;
    const seen = new Set();
    const installs = [];
    for (const r of a.rows) {
      if (r.to !== suite || seen.has(r.package)) continue;
      seen.add(r.package);
      if (r.status === 'same' || (r.status === 'virtual' && r.installable_as_is)) {
        installs.push(r.package);
        continue;
      }
      const row = { suite, package: r.package, status: r.status };
      const repl = r.replacement ?? [];
      const transitional = /transitional/i.test(r.source.evidence) && /Depends:/.test(r.source.evidence);
      if (r.status === 'virtual') row.providers = repl;
      else if (repl.length === 1 || (transitional && repl.length)) row.replace = repl;
      else if (repl.length) row.choices = repl;
      const facts = [];
      if (r.status === 'virtual') facts.push(`${r.package} is only provided, by ${repl.join(' and ')}`);
      else facts.push(`${r.package} absent`);
      if (r.status !== 'virtual' && repl.length) facts.push(`${repl.join(', ')} present`);
      if (transitional) {
        const dep = /Depends: ([^;]+)/.exec(r.source.evidence)?.[1]?.trim();
        const was = /(\w+) Packages: \S+ [^;]*transitional/.exec(r.source.evidence)?.[1];
        if (dep && was) facts.push(`${was}: ${r.package} is a transitional package, Depends: ${dep}`);
      }
      row.source = `${where}: ${facts.join('; ')}`;
      rows.push(row);
    }
    rows.unshift({ suite, installs: installs.sort(), source: `${where}: each name is a real package there, or a virtual one with a single provider (apt installs it)` });
  }
  rows.sort((x, y) => (x.installs ? 0 : 1) - (y.installs ? 0 : 1) || x.suite.localeCompare(y.suite) || (x.package ?? '').localeCompare(y.package ?? ''));
  write(
    'debian-packages.json',
    `What installs on the Debian releases python images move to, for ${new Set(a.rows.map((r) => r.package)).size} packages common in Python Dockerfiles: one row per release listing the names that install as they are, then one row per name that does not (absent: replace = the package(s) to install instead, choices = pick one; virtual with several providers: pick one). Built from the releases' Packages indices (amd64, main).`,
    rows,
  );
}

// ---- Python support of packages with compiled wheels or caps ------------------------------
{
  const w = read('wheels/python-support.json');
  // Versions below the first supporting one still install when the package ships wheels not
  // tied to one CPython (abi3, py3-none) or a pure-Python fallback: the table can only say
  // "not checked" for those.
  const LOWER_BOUND_ONLY = new Set(['bcrypt', 'cryptography', 'psutil', 'opencv-python', 'opencv-python-headless', 'protobuf', 'lightgbm', 'pydantic', 'markupsafe', 'psycopg']);
  const rows = w.map((r) =>
    'maxPython' in r
      ? { package: r.package, maxPython: r.maxPython, versions: r.forVersions, source: r.source }
      : { package: r.package, python: r.python, min: r.minVersion, belowMin: LOWER_BOUND_ONLY.has(r.package) ? 'unknown' : 'fails', source: r.source },
  );
  write(
    'python-support.json',
    'First release of packages with compiled extensions (or Python caps) that installs on a CPython minor: rows {package, python, min, belowMin} say that versions below `min` have no wheel for `python` (belowMin "fails": the source build fails or needs a toolchain the image lacks; "unknown": an abi3/py3-none wheel or a pure-Python fallback may still install); rows {package, maxPython, versions} say the releases in `versions` do not support Python above `maxPython`.',
    rows,
  );
}
