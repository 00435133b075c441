// The image a FROM names, with the global ARG defaults substituted.
import type { Arg, From } from 'dockerfile-ast';
import type { DockerDoc } from '../../languages/dockerfile.js';

export interface ImageRef {
  /** repository path without registry and without `library/`, lower-cased */
  path: string;
  registry?: string;
  tag?: string;
  digest?: string;
}

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export function globalArgs(doc: DockerDoc): Map<string, string> {
  const out = new Map<string, string>();
  for (const arg of doc.ast.getInitialARGs() as Arg[]) {
    const p = arg.getProperty();
    if (p && p.getValue() != null) out.set(p.getName(), p.getValue()!);
  }
  return out;
}

/** undefined when a variable has no value (the image is chosen at build time). */
export function imageOf(from: From, args: Map<string, string>): ImageRef | undefined {
  const raw = from.getImage();
  if (!raw) return undefined;
  let unknown = false;
  const ref = raw.replace(VAR, (_m, braced?: string, op?: string, alt?: string, bare?: string) => {
    const v = args.get((braced ?? bare)!);
    if (op === '-') return v ? v : alt ?? '';
    if (op === '+') return v ? alt ?? '' : '';
    if (v === undefined) unknown = true;
    return v ?? '';
  });
  if (unknown) return undefined;
  const at = ref.indexOf('@');
  const noDigest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = noDigest.lastIndexOf(':');
  const hasTag = colon > noDigest.lastIndexOf('/');
  const parts = (hasTag ? noDigest.slice(0, colon) : noDigest).toLowerCase().split('/');
  const registry = parts.length > 1 && /[.:]|^localhost$/.test(parts[0]) ? parts.shift() : undefined;
  if (parts[0] === 'library' && parts.length === 2) parts.shift();
  return {
    path: parts.join('/'),
    registry,
    tag: hasTag ? noDigest.slice(colon + 1).toLowerCase() : undefined,
    digest: at >= 0 ? ref.slice(at + 1) : undefined,
  };
}

/**
 * The official python image (Docker Hub, or a mirror of it): CPython in /usr/local, pip in
 * /usr/local/lib/pythonX.Y/site-packages. Vendor images named python (Chainguard, Bitnami, UBI)
 * lay files out differently, and so do the image's own Windows tags.
 */
export function isOfficialPython(img: ImageRef): boolean {
  const segs = img.path.split('/');
  if (segs[segs.length - 1] !== 'python') return false;
  if (/chainguard|bitnami|ubi\d*|redhat|cgr\.dev|devcontainers|mcr\.microsoft\.com/.test(`${img.registry ?? ''}/${img.path}`)) return false;
  if (/windowsservercore|nanoserver/.test(img.tag ?? '')) return false; // C:\Python, no /usr/local
  return segs.length === 1 || segs[segs.length - 2] === 'library' || (img.registry !== undefined && segs.length <= 3);
}

/** `3.9` from `3.9-slim`, `3.9.18-bookworm`; undefined for `3`, `slim`, `latest`. */
export function pythonMinor(img: ImageRef): string | undefined {
  const m = /^(\d+)\.(\d+)(?:\.\d+)?(?:-|$)/.exec(img.tag ?? '');
  return m ? `${m[1]}.${m[2]}` : undefined;
}

/**
 * slim and alpine images hold only what runs Python; the full image (buildpack-deps) already has
 * compilers and the common headers, so a builder stage can drop nothing of them from it.
 */
export function variantOf(img: ImageRef): 'slim' | 'alpine' | 'full' {
  const tag = img.tag ?? 'latest';
  if (/(^|-)alpine/.test(tag)) return 'alpine';
  return /(^|-)slim(-|$)/.test(tag) ? 'slim' : 'full';
}
