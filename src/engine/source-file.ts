// One file on disk, read once. Rules see `text`: the BOM removed and, when every line ends
// in CRLF, the CRLFs read as LF. `encode` puts both back, so a fix never changes them.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { LanguageId } from './types.js';
import { interner } from './interner.js';
import { touch } from './reads.js';

const BOM = '\uFEFF';
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }) // keep the BOM: we strip and restore it;

export interface Decoded {
  text: string;
  bom: boolean;
  crlf: boolean;
  finalNewline: boolean;
}

export class FileError extends Error {}

export function decode(raw: Buffer): Decoded {
  if (raw.includes(0)) throw new FileError('binary file (contains NUL bytes)');
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new FileError('not valid UTF-8');
  }
  const bom = text.startsWith(BOM);
  if (bom) text = text.slice(1);
  const lf = countChar(text, '\n');
  const crlf = lf > 0 && countSubstring(text, '\r\n') === lf;
  if (crlf) text = text.replace(/\r\n/g, '\n');
  return { text, bom, crlf, finalNewline: text.endsWith('\n') };
}

/** The bytes for `text` in the original file's conventions. */
export function encode(text: string, like: Decoded): Buffer {
  let out = text;
  if (like.finalNewline && !out.endsWith('\n') && out.length > 0) out += '\n';
  if (!like.finalNewline) out = out.replace(/\n+$/, '');
  if (like.crlf) out = out.replace(/\r?\n/g, '\r\n');
  if (like.bom) out = BOM + out;
  return Buffer.from(out, 'utf8');
}

function countChar(s: string, c: string): number {
  let n = 0;
  for (let i = s.indexOf(c); i !== -1; i = s.indexOf(c, i + 1)) n++;
  return n;
}
function countSubstring(s: string, sub: string): number {
  let n = 0;
  for (let i = s.indexOf(sub); i !== -1; i = s.indexOf(sub, i + sub.length)) n++;
  return n;
}

// File names repeat across a fleet (10k `Dockerfile`s, in every thread): one string for each.
const intern = interner();

export class SourceFile {
  readonly base: string;
  private loaded?: { raw: Buffer; decoded: Decoded; mode: number } | { error: string };

  constructor(
    /** absolute path */
    readonly path: string,
    /** display path (repository-relative, forward slashes) */
    readonly rel: string,
    readonly language: LanguageId,
    private readonly maxBytes: number,
  ) {
    this.base = intern(basename(path));
  }

  private load() {
    touch(this);
    if (this.loaded) return this.loaded;
    try {
      // stat, not lstat: a path named on the command line may be a symlink, whose own size is
      // the length of its target's name. A FIFO or a device would block or never end.
      const st = statSync(this.path);
      if (st.isDirectory()) throw new FileError('is a directory');
      if (!st.isFile()) throw new FileError('not a regular file (a FIFO, socket or device)');
      if (st.size > this.maxBytes) {
        throw new FileError(`too large (${(st.size / 1048576).toFixed(1)} MB; the limit is ${(this.maxBytes / 1048576).toFixed(1)} MB)`);
      }
      const raw = readFileSync(this.path);
      this.loaded = { raw, decoded: decode(raw), mode: st.mode & 0o7777 };
    } catch (e) {
      this.loaded = { error: describeError(e) };
    }
    return this.loaded;
  }

  /** What another thread read (parallel.ts): both then work on the same bytes. */
  adopt(read: { raw: Uint8Array; mode: number } | { error: string }): void {
    if ('error' in read) {
      this.loaded = { error: read.error };
      return;
    }
    const raw = Buffer.from(read.raw.buffer, read.raw.byteOffset, read.raw.byteLength);
    this.loaded = { raw, decoded: decode(raw), mode: read.mode };
  }

  /** What was read, to hand to another thread. */
  get read(): { raw: Uint8Array; mode: number } | { error: string } {
    const l = this.load();
    return 'error' in l ? { error: l.error } : { raw: l.raw, mode: l.mode };
  }

  /** Forgets the content (a worker thread, once the file is done); read again if asked. */
  unload(): void {
    this.loaded = undefined;
  }

  /** why the file cannot be used, or undefined */
  get error(): string | undefined {
    const l = this.load();
    return 'error' in l ? l.error : undefined;
  }
  /** normalized text; '' when unreadable (check `error` first) */
  get text(): string {
    const l = this.load();
    return 'error' in l ? '' : l.decoded.text;
  }
  get decoded(): Decoded | undefined {
    const l = this.load();
    return 'error' in l ? undefined : l.decoded;
  }
  get raw(): Buffer | undefined {
    const l = this.load();
    return 'error' in l ? undefined : l.raw;
  }
  get mode(): number | undefined {
    const l = this.load();
    return 'error' in l ? undefined : l.mode;
  }
}

export function describeError(e: unknown): string {
  if (e instanceof FileError) return e.message;
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no such file (deleted?)';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'symbolic link loop';
    default:
      return err?.message ?? String(e);
  }
}
