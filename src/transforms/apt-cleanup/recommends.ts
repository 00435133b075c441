// What `--no-install-recommends` takes away from a compiler install: gcc only *recommends*
// libc6-dev (the C library's headers and crt files), so without it `#include <stdio.h>` fails and
// no C extension builds; g++, build-essential, clang and others depend on it for real. From
// src/data/apt-recommends.json (Debian's Packages indices, bullseye to trixie).
import data from '../../data/apt-recommends.json' with { type: 'json' };

const recommendsOnly = new Set(data.rows.filter((r) => r.libc6_dev === 'recommends').map((r) => r.package));
const pullsIn = new Set(data.rows.filter((r) => r.libc6_dev === 'depends').map((r) => r.package));

/**
 * The compiler among `packages` that needs libc6-dev named once recommends are off, or undefined
 * when none does or another package already depends on libc6-dev.
 */
export function compilerWithoutLibc(packages: string[]): string | undefined {
  const names = packages.map((p) => p.split(/[=:]/)[0].toLowerCase());
  if (names.some((n) => pullsIn.has(n) || n === 'libc-dev')) return undefined;
  return names.find((n) => recommendsOnly.has(n));
}
