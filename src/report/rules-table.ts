// The README's rule table, generated from the registry (`npm run docs`; a test keeps it in sync).
import { RULES } from '../transforms/index.js';

export function rulesTable(): string {
  const rows = RULES.map((r) => {
    const m = r.meta;
    const fix = m.fix === 'none' ? '—' : `${m.fix}${m.applicability ? ` (${m.applicability})` : ''}`;
    return `| [\`${m.id}\`](src/transforms/${m.id}/) | ${m.severity} | ${m.category} | ${fix} | ${m.summary.replace(/\|/g, '\\|')} |`;
  });
  return ['| Rule | Severity | Category | Fix | What it checks |', '|------|----------|----------|-----|----------------|', ...rows].join('\n');
}

export const TABLE_START = '<!-- rules-table:start -->';
export const TABLE_END = '<!-- rules-table:end -->';

/** The README with its rule table replaced. */
export function withRulesTable(readme: string): string {
  const a = readme.indexOf(TABLE_START);
  const b = readme.indexOf(TABLE_END);
  if (a < 0 || b < a) throw new Error('README.md has no rules-table markers');
  return `${readme.slice(0, a + TABLE_START.length)}\n${rulesTable()}\n${readme.slice(b)}`;
}
