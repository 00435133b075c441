// Regenerates the python-version rule's data tables in src/data/ from the researched tables
// (python-image-tags.json, apt/apt-moves.json, wheels/python-support.json: each built from
// public sources, with the source of every fact). Only what the rule reads is kept, and every
// row keeps its source.
//
//   node scripts/data-tables.mjs <research-data-dir>
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
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
// Names common in Python Dockerfiles that the research list leaves out; each is kept for a
// release only when that release's Packages index has it (real, or provided by one package).
const EXTRA = `bash zsh fish tmux screen coreutils findutils grep sed gawk util-linux bsdmainutils bsdextrautils
man-db ed diffutils zstd lz4 netbase inotify-tools entr x11-utils x11-apps dbus dbus-x11 xdg-utils
texlive texlive-latex-extra texlive-latex-recommended texlive-fonts-extra texlive-lang-european
lmodern latexmk dvipng cm-super apache2-utils postgresql-common tcptraceroute whois mtr-tiny iperf3
aria2 httpie gpg-agent emacs-nox vim-nox neovim mercurial subversion openssh-sftp-server
yarnpkg nodejs-doc maven gradle ant ruby ruby-dev golang-go rustc cargo php-cli
libice6 libx11-xcb1 libxcb-xinerama0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libfontconfig1-dev libfreetype6-dev
libjpeg62-turbo-dev libpng-dev libopenjp2-7-dev libtiff-dev libwebp-dev liblcms2-dev libharfbuzz-dev
libfribidi-dev libxcb1-dev libzbar0 libsqlite3-dev libspatialite-dev libgeos-c1v5 libhdf5-dev
libnetcdf-dev libblas-dev liblapack-dev libatlas-base-dev libsuitesparse-dev libeigen3-dev
libboost-all-dev libprotobuf-dev protobuf-compiler libgrpc-dev libsnappy-dev libleveldb-dev
librocksdb-dev liblz4-dev libzstd-dev libbrotli-dev libev-dev libuv1-dev libevent-dev libcap-dev
libseccomp-dev libacl1-dev libattr1-dev libkrb5-dev libgssapi-krb5-2 krb5-config libsasl2-modules-gssapi-mit
libxmlsec1-dev libxmlsec1-openssl pkgconf-bin unixodbc odbcinst tdsodbc freetds-common
default-libmysqlclient-dev libmariadb-dev mariadb-client postgresql-client-common libpq-dev
sqlite3 redis-tools memcached rabbitmq-server mosquitto-clients nginx-light apache2-dev
libapache2-mod-wsgi-py3 gunicorn uwsgi uwsgi-plugin-python3 supervisor cron anacron logrotate rsyslog
tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra poppler-utils qpdf ghostscript imagemagick
libmagickwand-dev libvips-dev ffmpeg libavcodec-extra libsndfile1 libportaudio2 portaudio19-dev
espeak-ng-data festival alsa-utils pulseaudio libasound2-dev libgl1 libegl1 libgles2 libglvnd0
libglx0 libopengl0 libxkbcommon-x11-0 libdbus-1-3 libnss3 libatk1.0-0 libcups2 libdrm2 libgbm1
libxcomposite1 libxdamage1 libxrandr2 libxss1 libxtst6 libpangocairo-1.0-0 libcairo2-dev
libgirepository1.0-dev gir1.2-gtk-3.0 fonts-noto-cjk fonts-ipafont fonts-wqy-microhei fonts-freefont-ttf
chromium chromium-driver firefox-esr xvfb xauth x11vnc fluxbox openbox novnc websockify
iproute2 iputils-ping dnsutils bind9-host net-tools netcat-openbsd netcat-traditional ncat socat
telnet traceroute tcpdump nmap openssl ca-certificates tzdata locales locales-all gettext-base
sudo gosu tini dumb-init procps psmisc htop lsof strace gdb valgrind time bc jq yq
git git-lfs openssh-client openssh-server sshpass rsync curl wget unzip zip p7zip-full xz-utils bzip2
gnupg gnupg2 dirmngr lsb-release apt-transport-https apt-utils software-properties-common
build-essential gcc g++ make cmake ninja-build meson autoconf automake libtool pkg-config swig
nasm yasm ccache clang llvm lld gfortran libc6-dev libc-dev linux-libc-dev python3-dev
python3-pip python3-venv python3-setuptools python3-wheel python3-distutils`.split(/\s+/).filter(Boolean);

/** name → 'real' | provider names, from the research's per-release index extracts */
function suiteIndex(suite) {
  const lines = (f) => gunzipSync(readFileSync(join(dir, 'apt/debian-suites', `${suite}.${f}.gz`))).toString('utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const real = new Set(lines('packages.txt'));
  const provided = new Map(lines('provides.tsv').map((l) => l.split('\t')).map(([n, , p]) => [n, p.split(',')]));
  return (name) => (real.has(name) ? 'real' : provided.get(name));
}

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
    const has = suiteIndex(suite);
    for (const name of EXTRA) {
      if (seen.has(name)) continue;
      seen.add(name);
      const found = has(name);
      if (found === 'real' || (Array.isArray(found) && found.length === 1)) installs.push(name);
    }
    rows.unshift({ suite, installs: installs.sort(), source: `${where}: each name is a real package there, or a virtual one with a single provider (apt installs it)` });
  }
  rows.sort((x, y) => (x.installs ? 0 : 1) - (y.installs ? 0 : 1) || x.suite.localeCompare(y.suite) || (x.package ?? '').localeCompare(y.package ?? ''));
  write(
    'debian-packages.json',
    `What installs on the Debian releases python images move to, for the packages common in Python Dockerfiles: one row per release listing the names that install as they are, then one row per name that does not (absent: replace = the package(s) to install instead, choices = pick one; virtual with several providers: pick one). Built from the releases' Packages indices (amd64, main).`,
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
  // Facts found for this table (not in the research file), each with the page that states it.
  const found = [
    { package: 'uwsgi', python: '3.11', min: '2.0.21', belowMin: 'fails', source: 'https://github.com/unbit/uwsgi/issues/2501' },
    { package: 'pyodbc', python: '3.11', min: '4.0.35', belowMin: 'fails', source: 'https://github.com/mkleehammer/pyodbc/issues/1096' },
    { package: 'pyodbc', python: '3.13', min: '5.2.0', belowMin: 'fails', source: 'https://github.com/mkleehammer/pyodbc/issues/1382' },
    { package: 'typed-ast', python: '3.11', min: '1.5.1', belowMin: 'fails', source: 'https://github.com/python/typed_ast/pull/181' },
    // A backport of the 3.9 standard library module: its C extension does not build on 3.11.
    { package: 'backports-zoneinfo', maxPython: '3.8', versions: '', source: 'https://github.com/pganssle/zoneinfo/issues/133' },
    // Wheels per CPython release, added after each final release: which regex first had cp311 is not stated.
    { package: 'regex', compiled: true, source: 'https://github.com/mrabarnett/mrab-regex/issues/476' },
  ];
  const rows = w.map((r) =>
    'maxPython' in r
      ? { package: r.package, maxPython: r.maxPython, versions: r.forVersions, source: r.source }
      : { package: r.package, python: r.python, min: r.minVersion, belowMin: LOWER_BOUND_ONLY.has(r.package) ? 'unknown' : 'fails', source: r.source },
  );
  rows.push(...found);
  rows.sort((a, b) => a.package.localeCompare(b.package));
  write(
    'python-support.json',
    'First release of packages with compiled extensions (or Python caps) that installs on a CPython minor: rows {package, python, min, belowMin} say that versions below `min` have no wheel for `python` (belowMin "fails": the source build fails or needs a toolchain the image lacks; "unknown": an abi3/py3-none wheel or a pure-Python fallback may still install); rows {package, maxPython, versions} say the releases in `versions` (empty: all) do not support Python above `maxPython`; rows {package, compiled} name packages with compiled extensions whose first release for a Python is not known.',
    rows,
  );
}
