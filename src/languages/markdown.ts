import type { Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Language } from '../engine/types.js';

export interface MarkdownDoc {
  /** positions carry UTF-16 offsets into the text */
  root: Root;
}

export const markdown: Language<MarkdownDoc> = {
  id: 'markdown',
  matches: (base) => base.endsWith('.md') || base.endsWith('.markdown'),
  parse: (text) => ({ root: fromMarkdown(text) }),
  // CommonMark has no syntax errors: every text is a document.
  errors: () => [],
};
