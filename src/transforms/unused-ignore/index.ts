// The engine reads the ignore comments and reports, for this rule, those that suppressed nothing
// (engine/fix-loop.ts): only it knows which findings each comment covered. Registering it makes
// it a rule like the others: `guardfix explain`, --only/--skip, its severity in the configuration.
import { defineTransform } from '../define.js';
import { docs } from './docs.js';

export default defineTransform({
  meta: {
    id: 'unused-ignore',
    languages: ['dockerfile', 'python', 'yaml', 'terraform', 'markdown', 'javascript'],
    // An ignore comment means something only in a file another rule checks.
    alongside: true,
    severity: 'low',
    category: 'Code Quality',
    summary: 'A guardfix-ignore comment that suppresses nothing, or names an unknown rule',
    fix: 'none',
    sources: ["ruff's RUF100 (unused-noqa), ESLint's --report-unused-disable-directives"],
    docs,
  },
  check() {},
});
