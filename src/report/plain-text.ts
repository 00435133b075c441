// A rule's markdown docs as plain text, for SARIF's help.text (viewers that show text show it
// as it is): headings as lines of their own, code blocks indented, no backticks, emphasis marks
// or link syntax.
export function plainText(md: string): string {
  const out: string[] = [];
  let fence = false;
  for (const line of md.replace(/\r\n/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      fence = !fence;
      continue;
    }
    if (fence) {
      out.push(`    ${line}`);
      continue;
    }
    out.push(
      line
        .replace(/^#{1,6}\s+(.*)$/, (_, h: string) => `${h.replace(/[?:]$/, '')}:`)
        .replace(/!?\[([^\]]*)\]\(([^)\s]+)\)/g, (_, text: string, url: string) => (text && text !== url ? `${text} (${url})` : url))
        .replace(/`([^`]*)`/g, '$1')
        .replace(/(\*\*|__)(\S(?:.*?\S)?)\1/g, '$2')
        .replace(/(^|[\s(])[*_](\S(?:.*?\S)?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
        .replace(/<!--.*?-->/g, ''),
    );
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
