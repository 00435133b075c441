// The language-neutral half of duplicate-print: what makes two messages "the same", and which
// prints of one block repeat the message the user has just seen.

/** A print whose message can be compared. */
export interface Message {
  /** the message as written: literal text, `{expr}` for interpolations (whitespace removed) */
  template: string;
  /** everything else that shapes the output: destination, other arguments, separators */
  rest: string;
  /** names read by interpolations and non-literal arguments: the message is only the same while they are */
  names: Set<string>;
  /** reads object state (`{cfg.mode}`, `{items[0]}`), which any call may change */
  state: boolean;
}

/** One statement of a block, as the comparison needs it. */
export type Item<S> =
  | { kind: 'print'; stmt: S; message: Message }
  /** prints something we cannot compare (a banner `"=" * 60`, a logger call, a nested block that prints) */
  | { kind: 'output'; stmt: S }
  /** `names`: every name it mentions; `writes`: names it may rebind or modify; `calls`: whether it calls anything */
  | { kind: 'other'; stmt: S; names: Set<string>; writes: Set<string>; calls: boolean };

export interface Duplicate<S> {
  kept: S;
  dup: S;
  /** statements between the two */
  between: S[];
  /** false: the messages are identical; true: they match once normalized */
  near: boolean;
  keptTemplate: string;
}

// Emoji (with variation selectors, ZWJ sequences, keycaps) and punctuation that open a message
// as decoration: `ℹ️  `, `⚠️ `, `[✓] `, `-> `. A `{` stays: it opens an interpolation.
const LEADING = /^(?:[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0E\uFE0F\u200D\u20E3]|[^\p{L}\p{N}{])+/u;
// Trailing decoration, and one trailing parenthesised detail: "… mode (systems not available)".
const TRAILING_DECOR = /(?:[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0E\uFE0F\u200D\u20E3]|[^\p{L}\p{N})}])+$/u;
const TRAILING_DETAIL = /\s*\([^()]*\)$/;
const WORD = /[\p{L}\p{N}_]+/gu;

/**
 * The core of a message: leading emoji/symbols and a trailing parenthesised detail set aside,
 * whitespace collapsed, case folded. "ℹ️  Running in standalone mode (consciousness integration
 * disabled)" and "⚠️  Running in standalone mode (consciousness systems not available)" both
 * give "running in standalone mode".
 */
export function core(template: string): string {
  let s = template.replace(/\\[nrt]/g, ' ').trim().replace(LEADING, '');
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(TRAILING_DECOR, '').replace(TRAILING_DETAIL, '');
  }
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Near-duplicates need a core of at least this many words. Below it the core says too little for
 * the decoration to be noise: "Done (step 1)" / "Done (step 2)", "Error (retrying)" / "Error
 * (giving up)", "✅ OK" / "❌ OK" are different messages that share one or two words.
 */
export const NEAR_MIN_WORDS = 3;

export function words(s: string): number {
  return s.match(WORD)?.length ?? 0;
}

/** Whether a message has text worth comparing: `print("=" * 60)`-style rules and `"..."` do not. */
export function hasWords(template: string): boolean {
  return words(template.replace(/\{[^{}]*\}/g, '')) > 0;
}

/** identical, near (same core of ≥ NEAR_MIN_WORDS words), or undefined */
export function sameMessage(a: Message, b: Message): 'identical' | 'near' | undefined {
  if (a.rest !== b.rest) return undefined;
  if (a.template === b.template) return 'identical';
  const ca = core(a.template);
  return ca !== '' && ca === core(b.template) && words(ca) >= NEAR_MIN_WORDS ? 'near' : undefined;
}

/**
 * Duplicates in one block. A print is a duplicate when it repeats the message of the last thing
 * the block printed: nothing printed in between (any output in between — even one we cannot
 * read — and the repeat is news again: "Loading…", "Done", "Training…", "Done"), and, for a
 * message with interpolations, nothing in between rebinds a name it reads. A message that reads
 * object state (`{cfg.mode}`) is stricter: nothing in between may mention its names or call
 * anything, since `reload_config()` can change `cfg.mode` but cannot rebind `port`.
 * The kept print stays the reference for later copies (a third copy repeats it too).
 */
export function duplicatesInBlock<S>(items: Item<S>[]): Duplicate<S>[] {
  const out: Duplicate<S>[] = [];
  let last: { stmt: S; message: Message } | undefined;
  let between: Item<S>[] = [];
  for (const it of items) {
    if (it.kind === 'other') {
      between.push(it);
      continue;
    }
    if (it.kind === 'output') {
      last = undefined;
      between = [];
      continue;
    }
    const same = last ? sameMessage(last.message, it.message) : undefined;
    if (last && same && stable(it.message, between)) {
      out.push({ kept: last.stmt, dup: it.stmt, between: between.map((b) => b.stmt), near: same === 'near', keptTemplate: last.message.template });
      continue; // the copy goes: the kept print stays the last output
    }
    last = { stmt: it.stmt, message: it.message };
    between = [];
  }
  return out;
}

function stable(m: Message, between: Item<unknown>[]): boolean {
  if (m.names.size === 0) return true;
  for (const b of between) {
    if (b.kind !== 'other') return false;
    if (m.state && b.calls) return false;
    for (const n of m.state ? b.names : b.writes) if (m.names.has(n)) return false;
  }
  return true;
}

/** A message for a finding: one line, at most 60 characters. */
export function quote(template: string): string {
  const one = template.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}
