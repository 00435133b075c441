// The one way the engine parses a text: timed under a label (GUARDFIX_TIMING), and a parse with
// syntax errors released at once, since nothing reads it (see Language.release).
import type { Language, ParseError } from './types.js';
import { start, record } from './timing.js';

/** The parse of `text`, or its syntax errors. Throws what the parser throws. */
export function parseText<Doc>(lang: Language<Doc>, text: string, label: string): { doc: Doc } | { errors: ParseError[] } {
  const t = start();
  const doc = lang.parse(text);
  const errors = lang.errors(doc, text);
  record(label, t);
  if (!errors.length) return { doc };
  lang.release?.(doc);
  return { errors };
}
