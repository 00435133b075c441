import type { Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Language } from '../engine/types.js';

/**
 * A Markdown text and its mdast tree, built on first use. CommonMark has no syntax errors, so
 * nothing needs the tree to accept a text; the one rule that reads it (readme-helm) only does
 * for texts that mention kubectl, and most READMEs and their fixed texts never need it.
 */
export class MarkdownDoc {
  #root?: Root;
  constructor(readonly text: string) {}
  /** positions carry UTF-16 offsets into the text */
  get root(): Root {
    return (this.#root ??= fromMarkdown(this.text));
  }
}

export const markdown: Language<MarkdownDoc> = {
  id: 'markdown',
  matches: (base) => base.endsWith('.md') || base.endsWith('.markdown'),
  parse: (text) => new MarkdownDoc(text),
  // CommonMark has no syntax errors: every text is a document.
  errors: () => [],
};
