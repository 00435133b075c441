// Inline ignores. `# guardfix-ignore <id>[,<id>…]` (Dockerfile, Python, YAML, HCL, shell) or
// `<!-- guardfix-ignore <id> -->` (Markdown); HCL's and JavaScript's `//` work too. On its own line it covers
// the next line that is not blank or a comment; after code it covers its own line.
// `guardfix-ignore-file <id>` anywhere covers the whole file. No id means every rule.
import type { Finding, LanguageId } from './types.js';
import type { LineIndex } from './line-index.js';

export interface Directive {
  /** 0-based line of the comment */
  line: number;
  /** 0-based line covered, or 'file' */
  covers: number | 'file';
  /** rule ids, or '*' */
  rules: string[] | '*';
  start: number;
  end: number;
  used: boolean;
}

// ids are comma-separated; ` -- reason` may follow, as in ESLint.
const HASH = /(^|\s)(?:#|\/\/)\s*guardfix-ignore(-file)?(?:\s+([a-z][\w-]*(?:\s*,\s*[a-z][\w-]*)*))?(?:\s+--(?:\s.*)?)?\s*$/;
const HTML = /<!--\s*guardfix-ignore(-file)?(?:\s+([a-z][\w-]*(?:\s*,\s*[a-z][\w-]*)*))?(?:\s+--(?:\s[^]*?)?)?\s*-->/;

function isCommentLine(line: string, lang: LanguageId): boolean {
  const t = line.trim();
  if (lang === 'markdown') return /^<!--.*-->$/.test(t);
  if (t.startsWith('#')) return true;
  if (lang === 'terraform') return t.startsWith('//');
  return lang === 'javascript' && (t.startsWith('//') || t.startsWith('/*') || t.startsWith('*'));
}

export function parseDirectives(text: string, lang: LanguageId): Directive[] {
  if (!text.includes('guardfix-ignore')) return [];
  const lines = text.split('\n');
  const out: Directive[] = [];
  let offset = 0;
  lines.forEach((line, i) => {
    const lineStart = offset;
    offset += line.length + 1;
    if (!line.includes('guardfix-ignore')) return;
    const m = lang === 'markdown' ? HTML.exec(line) : HASH.exec(line);
    if (!m) return;
    const fileWide = lang === 'markdown' ? m[1] : m[2];
    const ids = (lang === 'markdown' ? m[2] : m[3])?.split(/\s*,\s*/).filter(Boolean);
    const ownLine = lang === 'markdown' ? line.trim().startsWith('<!--') : line.trim().startsWith('#') || line.trim().startsWith('//');
    let covers: number | 'file' = i;
    if (fileWide) covers = 'file';
    else if (ownLine) {
      covers = i + 1;
      while (covers < lines.length && (lines[covers].trim() === '' || isCommentLine(lines[covers], lang))) covers++;
    }
    const at = lineStart + (m.index ?? 0) + (lang === 'markdown' ? 0 : m[1].length);
    out.push({ line: i, covers, rules: ids?.length ? ids : '*', start: at, end: lineStart + line.length, used: false });
  });
  return out;
}

/** true when a directive covers the finding; marks that directive used */
export function suppress(f: Finding, directives: Directive[], lines: LineIndex): boolean {
  const startLine = lines.lineOf(f.start);
  const endLine = lines.lineOf(f.end);
  let hit = false;
  for (const d of directives) {
    if (d.rules !== '*' && !d.rules.includes(f.rule)) continue;
    if (d.covers === 'file' || (d.covers >= startLine && d.covers <= endLine)) {
      d.used = true;
      hit = true;
    }
  }
  return hit;
}
