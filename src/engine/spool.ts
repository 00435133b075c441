// A temporary file that a run appends to and reads back once, so that what it must keep until
// the end (report sections that come after the one being written, outcomes waiting for --write)
// sits on disk rather than in memory. Two uses, never mixed in one spool: text appended and
// later copied out whole (`write`, `copyTo`), or records appended and later read back in order
// (`push`, `shift`).
import { mkdtempSync, openSync, writeSync, readSync, closeSync, unlinkSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where report text goes: the output stream, a spool, or a string (the programmatic API). */
export interface Out {
  write(chunk: string | Uint8Array): void;
}

/** Appended text is buffered up to this size: one write(2) per finding line would be slow. */
const BUFFER = 1 << 16;
const CHUNK = 1 << 20;

export class Spool implements Out {
  private fd: number;
  private path?: string;
  private dir: string;
  private pending: (string | Uint8Array)[] = [];
  private pendingBytes = 0;
  private readAt = 0;
  /** bytes written so far */
  size = 0;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'guardfix-'));
    this.path = join(this.dir, 'spool');
    this.fd = openSync(this.path, 'w+', 0o600);
    // Unlinked while open (POSIX): nothing is left behind, even if the process is killed.
    try {
      this.forget();
    } catch {
      // Windows: removed by close()
    }
  }

  write(chunk: string | Uint8Array): void {
    this.pending.push(chunk);
    this.pendingBytes += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    if (this.pendingBytes >= BUFFER) this.flush();
  }

  /** Appends one record (read back by `shift`, in the same order). */
  push(record: Uint8Array): void {
    const head = Buffer.alloc(4);
    head.writeUInt32LE(record.byteLength);
    this.write(head);
    this.write(record);
  }

  /** The next record, or undefined after the last. */
  shift(): Buffer | undefined {
    this.flush();
    if (this.readAt >= this.size) return undefined;
    const head = this.read(this.readAt, 4);
    const body = this.read(this.readAt + 4, head.readUInt32LE());
    this.readAt += 4 + body.byteLength;
    return body;
  }

  /** Everything written, to `out`, in chunks. */
  copyTo(out: Out): void {
    this.flush();
    for (let at = 0; at < this.size; at += CHUNK) out.write(this.read(at, Math.min(CHUNK, this.size - at)));
  }

  close(): void {
    closeSync(this.fd);
    this.forget();
  }

  private flush(): void {
    if (!this.pending.length) return;
    const data = Buffer.concat(this.pending.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
    this.pending = [];
    this.pendingBytes = 0;
    writeSync(this.fd, data, 0, data.byteLength, this.size);
    this.size += data.byteLength;
  }

  private read(at: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) got += readSync(this.fd, buf, got, length - got, at + got);
    return buf;
  }

  private forget(): void {
    if (!this.path) return;
    unlinkSync(this.path);
    rmdirSync(this.dir);
    this.path = undefined;
  }
}

/** Collects what is written, for callers that want the report as a string. */
export class StringOut implements Out {
  private parts: Buffer[] = [];
  write(chunk: string | Uint8Array): void {
    this.parts.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  }
  toString(): string {
    return Buffer.concat(this.parts).toString('utf8');
  }
}
