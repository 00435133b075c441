import { defineTransform } from '../define.js';
import type { Fix } from '../../engine/types.js';
import type { PythonDoc } from '../../languages/python.js';
import type { JsDoc } from '../../languages/javascript.js';
import { pythonDuplicates } from './python.js';
import { javascriptDuplicates } from './javascript.js';
import { aloneOnLines, removeLines, type Span } from './removal.js';
import { quote } from './core.js';
import { LineIndex } from '../../engine/line-index.js';
import { docs } from './docs.js';

interface Found {
  kept: Span;
  dup: Span;
  near: boolean;
  keptTemplate: string;
  /** why the line cannot simply be removed */
  blocker?: string;
}

const PY_COMMENT = /^#/;
const JS_COMMENT = /^(?:\/\/|\/\*.*\*\/$)/;


export default defineTransform<PythonDoc | JsDoc>({
  meta: {
    id: 'duplicate-print',
    languages: ['python', 'javascript'],
    // Only services' JavaScript: tooling scripts and front-ends elsewhere in the repository are
    // not what the review is about, and parsing them would cost time for nothing.
    serviceOnly: ['javascript'],
    severity: 'low',
    category: 'Code Quality',
    summary: 'Remove a print that repeats the message printed just before it in the same block',
    fix: 'sometimes',
    applicability: 'safe',
    sources: ['seed issue 8 (duplicate print statements)', 'Ruff T201 (removes every print; this removes only repeats)'],
    docs,
  },
  check(ctx) {
    const text = ctx.text;
    let found: Found[];
    let comment: RegExp;
    let callee: (s: Span) => string;
    if (ctx.language === 'python') {
      comment = PY_COMMENT;
      callee = () => 'print(…)';
      found = pythonDuplicates(ctx.doc as PythonDoc).map((d) => ({
        kept: { start: d.kept.startIndex, end: d.kept.endIndex },
        dup: { start: d.dup.startIndex, end: d.dup.endIndex },
        near: d.near,
        keptTemplate: d.keptTemplate,
      }));
    } else if (ctx.language === 'javascript' && ctx.service) {
      comment = JS_COMMENT;
      callee = (s) => `${/^console\.\w+/.exec(text.slice(s.start, s.end))?.[0] ?? 'console'}(…)`;
      found = javascriptDuplicates(ctx.doc as JsDoc).map((d) => ({
        kept: d.kept,
        dup: d.dup,
        near: d.near,
        keptTemplate: d.keptTemplate,
        blocker: d.asiHazard ? 'without a semicolon, removing the line would join the statements around it' : undefined,
      }));
    } else return;

    const lines = found.length ? new LineIndex(text) : undefined;
    for (const d of found) {
      const blocker = d.blocker ?? (aloneOnLines(text, d.dup, comment) ? undefined : 'it shares its line with other code');
      const line = lines!.lineOf(d.kept.start) + 1;
      const how = d.near
        ? `repeats the message of line ${line} ("${quote(d.keptTemplate)}") with only its emoji or parenthesised detail changed`
        : `repeats line ${line} word for word ("${quote(d.keptTemplate)}")`;
      const fix: Fix | undefined = blocker
        ? undefined
        : { title: 'Remove the repeated print', applicability: 'safe', edits: removeLines(text, d.dup, d.kept, comment) };
      ctx.report({
        start: d.dup.start,
        end: d.dup.end,
        message: `${callee(d.dup)} ${how}; the second copy only doubles the output. Remove it.${blocker ? ` Not fixed automatically: ${blocker}.` : ''}`,
        fix,
      });
    }
  },
});
