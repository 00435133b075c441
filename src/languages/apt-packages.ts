// What a Debian package is for in a Python image: needed only to build wheels, or at run time.
// Used by multi-stage-build to keep compilers and headers in the builder stage.
//
// Runtime names are Debian's since bullseye (python:*-slim images are Debian); on trixie the t64
// renames (libpng16-16t64, libcurl4t64) provide the old names, so apt resolves them. Libraries
// CPython itself links (OpenSSL, libffi, zlib, bz2, lzma, sqlite, readline, ncurses, uuid, expat,
// gdbm) ship in every python image, so their -dev packages need nothing at run time — and their
// runtime names differ between Debian releases (libssl1.1/libssl3, libffi7/libffi8).

/** Compilers and build tools: never needed by the running service. */
const BUILD_TOOLS = new Set([
  'build-essential', 'gcc', 'g++', 'cpp', 'clang', 'make', 'cmake', 'ninja-build', 'meson', 'autoconf',
  'automake', 'libtool', 'pkg-config', 'pkgconf', 'gfortran', 'swig', 'bison', 'flex', 'cargo', 'rustc',
  'dpkg-dev', 'binutils', 'libc6-dev', 'libc-dev', 'linux-libc-dev',
]);

/** Tools pip itself may need while installing (VCS requirements, TLS to a private index). */
const FETCH_TOOLS = new Set(['git', 'git-lfs', 'mercurial', 'subversion', 'openssh-client', 'ca-certificates']);

/** -dev package → the runtime library a wheel built against it loads ('' = in every python image). */
const RUNTIME_OF_DEV: Record<string, string> = {
  'libpq-dev': 'libpq5',
  'libjpeg-dev': 'libjpeg62-turbo',
  'libjpeg62-turbo-dev': 'libjpeg62-turbo',
  'libxml2-dev': 'libxml2',
  'libxslt1-dev': 'libxslt1.1',
  'libxslt-dev': 'libxslt1.1',
  'default-libmysqlclient-dev': 'libmariadb3',
  'libmariadb-dev': 'libmariadb3',
  'libmariadb-dev-compat': 'libmariadb3',
  'libpng-dev': 'libpng16-16',
  'libfreetype6-dev': 'libfreetype6',
  'libfreetype-dev': 'libfreetype6',
  'libgeos-dev': 'libgeos-c1v5',
  'libmagic-dev': 'libmagic1',
  'libyaml-dev': 'libyaml-0-2',
  'libsasl2-dev': 'libsasl2-2',
  'libcurl4-openssl-dev': 'libcurl4',
  'libzmq3-dev': 'libzmq5',
  'libsnappy-dev': 'libsnappy1v5',
  'libopenblas-dev': 'libopenblas0',
  'liblapack-dev': 'liblapack3',
  'libblas-dev': 'libblas3',
  'libgmp-dev': 'libgmp10',
  'libsodium-dev': 'libsodium23',
  'libcairo2-dev': 'libcairo2',
  'python3-dev': '',
  'python-dev': '',
  'libpython3-dev': '',
  'libssl-dev': '',
  'libffi-dev': '',
  'zlib1g-dev': '',
  'libbz2-dev': '',
  'liblzma-dev': '',
  'libsqlite3-dev': '',
  'libreadline-dev': '',
  'libncurses-dev': '',
  'libncurses5-dev': '',
  'libncursesw5-dev': '',
  'uuid-dev': '',
  'libexpat1-dev': '',
  'libgdbm-dev': '',
};

export type AptRole =
  /** build-only; `runtime` is what the running image needs instead ('' = nothing) */
  | { kind: 'build'; runtime: string }
  /** a -dev package guardfix has no runtime name for */
  | { kind: 'unknown-dev' }
  /** needed to fetch requirements (git+https://…): in the builder, and kept where it was */
  | { kind: 'fetch' }
  | { kind: 'runtime' };

/** `gcc=4:12.2.0-3` → `gcc`; `libpq-dev:amd64` → `libpq-dev`. */
export function packageName(spec: string): string {
  return spec.split(/[=:]/)[0].toLowerCase();
}

export function aptRole(spec: string): AptRole {
  const name = packageName(spec);
  if (BUILD_TOOLS.has(name) || /^(gcc|g\+\+|clang|cpp)-\d+$/.test(name)) return { kind: 'build', runtime: '' };
  if (name in RUNTIME_OF_DEV) return { kind: 'build', runtime: RUNTIME_OF_DEV[name] };
  if (name.endsWith('-dev')) return { kind: 'unknown-dev' };
  if (FETCH_TOOLS.has(name)) return { kind: 'fetch' };
  return { kind: 'runtime' };
}
