// The official python image's tags (src/data/python-image-tags.json): which `3.X[.Z]-<variant>`
// tags were ever published, and which Debian or Alpine release each one is. The rule writes no
// tag outside this table.
import imageTags from '../../data/python-image-tags.json' with { type: 'json' };

interface Row {
  minor: string;
  variant: string;
  /** first and last patch published with this variant */
  patches: [number, number];
  /** still published at the table's snapshot (a delisted tag stays pullable, frozen) */
  listed: boolean;
  /** short aliases ('', slim, alpine): the release they pointed at from a patch on; null = unnamed */
  os?: [number, string | null][];
  source: string;
}

let rows: Map<string, Row> | undefined;

function table(): Map<string, Row> {
  if (!rows) {
    const data = imageTags as unknown as { rows: Row[] };
    rows = new Map(data.rows.map((r) => [`${r.minor}-${r.variant}`, r]));
  }
  return rows;
}

export const DEBIAN = ['wheezy', 'jessie', 'stretch', 'buster', 'bullseye', 'bookworm', 'trixie', 'forky'];

/** A variant, taken apart: `slim-bookworm` → { slim, debian: bookworm }; `alpine3.12` → { alpine: 3.12 }. */
export interface Variant {
  text: string;
  slim: boolean;
  debian?: string;
  /** '' for the moving `alpine` */
  alpine?: string;
  windows?: string;
}

const variants = new Map<string, Variant>();

export function parseVariant(text: string): Variant {
  let v = variants.get(text);
  if (!v) variants.set(text, (v = readVariant(text)));
  return v;
}

function readVariant(text: string): Variant {
  const v: Variant = { text, slim: false };
  const parts = text ? text.split('-') : [];
  if (parts[0] === 'slim') {
    v.slim = true;
    parts.shift();
  }
  if (parts.length === 1 && DEBIAN.includes(parts[0])) v.debian = parts[0];
  else if (!v.slim && parts.length === 1 && /^alpine(3\.\d+)?$/.test(parts[0])) v.alpine = parts[0].slice(6);
  else if (!v.slim && parts[0] === 'windowsservercore') v.windows = parts.slice(1).join('-');
  return v;
}

export function row(minor: string, variant: string): Row | undefined {
  return table().get(`${minor}-${variant}`);
}

/** `python:<minor>[.<patch>]-<variant>` was published. */
export function exists(minor: string, variant: string, patch?: number): boolean {
  const r = row(minor, variant);
  return !!r && (patch === undefined || (patch >= r.patches[0] && patch <= r.patches[1]));
}

/** Variants published for a minor. */
export function variantsOf(minor: string): Row[] {
  return [...table().values()].filter((r) => r.minor === minor);
}

/**
 * The OS releases (`bookworm`, `alpine3.19`, `windows`) a tag may be. A suite-qualified tag is one
 * release; a short alias (`3.9-slim`) was several over time, so a Dockerfile written against it
 * may have been built on any of them: `now` asks only what a pull gets today.
 * `unknown` stands for a release the table cannot name.
 */
export function releasesOf(minor: string, variant: string, patch: number | undefined, now: boolean): Set<string> {
  const v = parseVariant(variant);
  if (v.debian) return new Set([v.debian]);
  if (v.alpine) return new Set([`alpine${v.alpine}`]);
  if (v.windows !== undefined) return new Set(['windows']);
  const os = row(minor, variant)?.os;
  if (!os?.length) return new Set(['unknown']);
  let picked: [number, string | null][];
  if (patch !== undefined) {
    const from = Math.max(...os.filter(([p]) => p <= patch).map(([p]) => p));
    picked = os.filter(([p]) => p === from);
  } else picked = now ? [os[os.length - 1]] : os;
  return new Set(picked.length ? picked.map(([, s]) => s ?? 'unknown') : ['unknown']);
}

/** "Debian bookworm", "Alpine 3.19" */
export function releaseName(release: string): string {
  if (release.startsWith('alpine')) return `Alpine ${release.slice(6)}`;
  if (release === 'windows') return 'Windows Server Core';
  if (release === 'unknown') return 'an unnamed release';
  return `Debian ${release}`;
}
