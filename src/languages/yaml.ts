import { parseAllDocuments, type Document } from 'yaml';
import type { Language } from '../engine/types.js';

export interface YamlDoc {
  /** every document of the file, with CST ranges (UTF-16 offsets) and comments kept */
  docs: Document.Parsed[];
  /** Helm templates (`{{ … }}`) are not YAML until rendered: rules skip them */
  templated: boolean;
}

export const yaml: Language<YamlDoc> = {
  id: 'yaml',
  matches: (base) => base.endsWith('.yaml') || base.endsWith('.yml'),
  parse: (text) => {
    const templated = /\{\{[\s\S]*?\}\}/.test(text);
    return { docs: templated ? [] : parseAllDocuments(text, { keepSourceTokens: false }) as Document.Parsed[], templated };
  },
  errors: (doc) =>
    doc.docs.flatMap((d) => d.errors.map((e) => ({ message: e.message.split('\n')[0], offset: e.pos[0] }))),
};

/**
 * Whether a YAML text can hold any of `words` (a key, or a value such as a `kind`) in its parse:
 * it holds one as written, or it has a backslash, with which a double-quoted scalar can spell one
 * (`"\x6bind"`). Aliases, tags and block scalars keep the word in the text. Lets a reader skip
 * the parse of a file that cannot matter to it; a comment naming a word only costs the parse.
 */
export function mayHold(text: string, words: readonly string[]): boolean {
  return text.includes('\\') || words.some((w) => text.includes(w));
}
