import { RULES, ruleById } from '../transforms/index.js';

export function rules(args: string[]): number {
  if (args.includes('--format') && args[args.indexOf('--format') + 1] === 'json') {
    process.stdout.write(JSON.stringify(RULES.map((r) => ({ id: r.meta.id, severity: r.meta.severity, category: r.meta.category, fix: r.meta.fix, summary: r.meta.summary })), null, 2) + '\n');
    return 0;
  }
  const rows = RULES.map((r) => [r.meta.id, r.meta.severity, r.meta.fix === 'none' ? 'no fix' : r.meta.fix === 'always' ? 'fix' : 'fix (sometimes)', r.meta.summary]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length), ['rule', 'severity', 'fix'][i].length));
  const line = (row: string[]) => row.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join('  ');
  process.stdout.write([line(['rule', 'severity', 'fix', 'summary']), ...rows.map(line)].join('\n') + '\n');
  return 0;
}

export function explain(args: string[]): number {
  const id = args[0];
  const rule = id ? ruleById(id) : undefined;
  if (!rule) {
    process.stderr.write(`guardfix: ${id ? `unknown rule "${id}"` : 'explain needs a rule id'} (see \`guardfix rules\`)\n`);
    return 2;
  }
  const m = rule.meta;
  process.stdout.write(`# ${m.id}\n\n${m.summary}\n\nSeverity: ${m.severity} · Fix: ${m.fix}${m.applicability ? ` (${m.applicability})` : ''} · Category: ${m.category}\n\n${m.docs.trim()}\n`);
  return 0;
}
