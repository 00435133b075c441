// JSON written piece by piece, byte for byte what JSON.stringify(whole, null, 2) gives: a report's
// arrays are written item by item as the run reports files, never held as one value.
import type { Out } from '../engine/spool.js';

const pad = (depth: number) => '  '.repeat(depth);

/** JSON.stringify(value, null, 2) as it reads nested `depth` levels deep (a JSON string holds no raw newline). */
export function nested(value: unknown, depth: number): string {
  const s = JSON.stringify(value, null, 2);
  return depth ? s.replace(/\n/g, `\n${pad(depth)}`) : s;
}

/**
 * Writes `,\n  "key": value` — a property after the first, at `depth` — to `out`, in pieces:
 * objects member by member and arrays item by item, so that a fleet-sized value (the alignment
 * table has a row per service: ~70 MB of JSON at 10k services) never becomes one string.
 */
export function property(out: Out, key: string, value: unknown, depth: number): void {
  out.write(`,\n${pad(depth)}${JSON.stringify(key)}: `);
  writeNested(out, value, depth);
}

/** What JSON.stringify leaves out of an object, and writes as null in an array. */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function writeNested(out: Out, value: unknown, depth: number): void {
  if (Array.isArray(value)) {
    // Items are small (a row, a problem): each is one string.
    const items = new JsonArray(out, depth);
    for (const v of value) items.push(omitted(v) ? null : v);
    items.close();
    return;
  }
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    const entries = Object.entries(value).filter(([, v]) => !omitted(v));
    if (entries.length) {
      entries.forEach(([k, v], i) => {
        out.write(`${i ? ',' : '{'}\n${pad(depth + 1)}${JSON.stringify(k)}: `);
        writeNested(out, v, depth + 1);
      });
      out.write(`\n${pad(depth)}}`);
      return;
    }
  }
  out.write(nested(value, depth));
}

/** An array whose key sits at `depth`: `push` writes each item as it comes, `close` the end. */
export class JsonArray {
  private n = 0;
  constructor(
    private readonly out: Out,
    private readonly depth: number,
  ) {}

  push(item: unknown): void {
    this.out.write(`${this.n++ ? ',' : '['}\n${pad(this.depth + 1)}${nested(item, this.depth + 1)}`);
  }

  /** The closing bracket (`[]` when empty), written to `out`: the items may have gone to a spool. */
  close(out: Out = this.out): void {
    out.write(this.n ? `\n${pad(this.depth)}]` : '[]');
  }
}
