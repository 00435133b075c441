// FROM images through global ARG defaults, each character traced back to where it is written, so
// that a fix edits the ARG default when that is where the version lives.
import type { Arg } from 'dockerfile-ast';
import type { DockerDoc } from '../../languages/dockerfile.js';

/** A string whose every character remembers where it came from (-1: nowhere editable). */
export interface Traced {
  text: string;
  at: number[];
}

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Substitutes the global ARG defaults into a FROM image; undefined when one has no default. */
export function resolve(raw: string, rawStart: number, args: Map<string, Traced>): Traced | undefined {
  const out: Traced = { text: '', at: [] };
  let last = 0;
  for (const m of raw.matchAll(VAR)) {
    const idx = m.index!;
    for (let i = last; i < idx; i++) push(out, raw[i], rawStart + i);
    const name = m[1] ?? m[4];
    const value = args.get(name);
    if (value && value.text !== '' && m[2] !== '+') {
      out.text += value.text;
      out.at.push(...value.at);
    } else if (m[2] === '-') {
      const defStart = idx + m[0].indexOf(m[2]) + 1;
      for (let i = 0; i < m[3].length; i++) push(out, m[3][i], rawStart + defStart + i);
    } else {
      return undefined; // no default: the image is decided at build time
    }
    last = idx + m[0].length;
  }
  for (let i = last; i < raw.length; i++) push(out, raw[i], rawStart + i);
  return out;
}

function push(t: Traced, ch: string, at: number) {
  t.text += ch;
  t.at.push(at);
}

/** The source range of traced[start, end) when it is one contiguous run, else undefined. */
export function sourceRange(t: Traced, start: number, end: number): { start: number; end: number } | undefined {
  if (end <= start) return undefined;
  for (let i = start; i < end; i++) {
    if (t.at[i] < 0 || (i > start && t.at[i] !== t.at[i - 1] + 1)) return undefined;
  }
  return { start: t.at[start], end: t.at[end - 1] + 1 };
}

export function globalArgs(doc: DockerDoc): Map<string, Traced> {
  const args = new Map<string, Traced>();
  for (const arg of doc.ast.getInitialARGs() as Arg[]) {
    const prop = arg.getProperty();
    const value = prop?.getValue();
    const range = prop?.getValueRange();
    if (!prop || value == null || !range) continue;
    const { start, end } = doc.range(range);
    const rawValue = doc.text.slice(start, end);
    const at = rawValue.indexOf(value);
    args.set(prop.getName(), {
      text: value,
      at: [...value].map((_, i) => (at < 0 ? -1 : start + at + i)),
    });
  }
  return args;
}
