import { RULES, RULE_IDS, CATEGORIES, ruleById, categoryOf } from '../transforms/index.js';
import { closest } from '../engine/run.js';

export function rules(args: string[]): number {
  if (args.includes('--format') && args[args.indexOf('--format') + 1] === 'json') {
    const list = RULES.map((r) => ({ id: r.meta.id, category: categoryOf(r), severity: r.meta.severity, alignment: r.meta.category, fix: r.meta.fix, summary: r.meta.summary }));
    process.stdout.write(JSON.stringify(list, null, 2) + '\n');
    return 0;
  }
  const rows = RULES.map((r) => [r.meta.id, categoryOf(r), r.meta.severity, r.meta.fix === 'none' ? 'no fix' : r.meta.fix === 'always' ? 'fix' : 'fix (sometimes)', r.meta.summary]);
  const head = ['rule', 'category', 'severity', 'fix', 'summary'];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i].length), head[i].length));
  const line = (row: string[]) => row.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c)).join('  ');
  const categories = Object.entries(CATEGORIES).map(([name, ids]) => `  ${name.padEnd(12)} ${ids.join(', ')}`);
  process.stdout.write(
    [line(head), ...rows.map(line), '', 'Categories (--only and --skip take them as well as rule ids):', ...categories].join('\n') + '\n',
  );
  return 0;
}

export function explain(args: string[]): number {
  const id = args[0];
  const rule = id ? ruleById(id) : undefined;
  if (!rule) {
    const guess = id ? closest(id, RULE_IDS) : undefined;
    const why = id ? `unknown rule "${id}"${guess ? `; did you mean "${guess}"?` : ''}` : 'explain needs a rule id';
    process.stderr.write(`guardfix: ${why} (see \`guardfix rules\`)\n`);
    return 2;
  }
  const m = rule.meta;
  process.stdout.write(
    `# ${m.id}\n\n${m.summary}\n\nSeverity: ${m.severity} · Fix: ${m.fix}${m.applicability ? ` (${m.applicability})` : ''} · Category: ${categoryOf(rule)} · Alignment row: ${m.category}\n\n${m.docs.trim()}\n`,
  );
  return 0;
}
