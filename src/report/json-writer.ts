// JSON written piece by piece, byte for byte what JSON.stringify(whole, null, 2) gives: a report's
// arrays are written item by item as the run reports files, never held as one value.
import type { Out } from '../engine/spool.js';

const pad = (depth: number) => '  '.repeat(depth);

/** JSON.stringify(value, null, 2) as it reads nested `depth` levels deep (a JSON string holds no raw newline). */
export function nested(value: unknown, depth: number): string {
  const s = JSON.stringify(value, null, 2);
  return depth ? s.replace(/\n/g, `\n${pad(depth)}`) : s;
}

/** `,\n  "key": value` — a property after the first, at `depth`. */
export function property(key: string, value: unknown, depth: number): string {
  return `,\n${pad(depth)}${JSON.stringify(key)}: ${nested(value, depth)}`;
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
