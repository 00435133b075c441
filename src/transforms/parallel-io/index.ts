import { defineTransform } from '../define.js';
import type { PythonDoc } from '../../languages/python.js';
import { moduleFunctions } from '../../languages/python-ast.js';
import { pyTree } from '../../languages/python-tree.js';
import { requestPath } from './handlers.js';
import { sequentialLoops, ioDefs } from './loops.js';
import { docs } from './docs.js';

const short = (s: string, max = 40) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

export default defineTransform<PythonDoc>({
  meta: {
    id: 'parallel-io',
    languages: ['python'],
    severity: 'low',
    // The alignment table has no performance row; the seed files issue 11 under low-priority quality.
    category: 'Code Quality',
    summary: 'Await independent I/O of a loop concurrently in request handlers (asyncio.gather + a semaphore)',
    fix: 'none',
    sources: ["seed issue 11 (Ben's gateway: parallel_execute, batch_process)"],
    docs,
  },
  check(ctx) {
    // Only async handlers are read: a module without `async` has none (checked before the tree is read).
    if (!ctx.text.includes('async')) return;
    const root = pyTree(ctx.doc).rootNode;
    const reached = requestPath(root);
    if (!reached.length) return;
    const io = ioDefs(root, moduleFunctions(root));
    const reported = new Set<number>();
    for (const r of reached) {
      for (const s of sequentialLoops(r.fn, io)) {
        if (reported.has(s.loop.startIndex)) continue;
        reported.add(s.loop.startIndex);
        const call = `${short(ctx.text.slice(s.calls[0].startIndex, s.calls[0].childForFieldName('arguments')?.startIndex ?? s.calls[0].endIndex))}(…)`;
        const route = [r.handler.methods.join('/'), r.handler.path].filter(Boolean).join(' ');
        const where =
          r.fn.startIndex === r.handler.fn.startIndex
            ? `route handler ${r.name}()${route ? ` (${route})` : ''}`
            : `${r.name}(), awaited on the request path of ${r.handler.name}()${route ? ` (${route})` : ''}`;
        const what = s.loop.type === 'for_statement' ? 'This loop' : 'This comprehension';
        // Point at the loop header, not its whole body.
        const colon = s.loop.type === 'for_statement' ? s.loop.children.find((c) => c?.type === ':') : undefined;
        ctx.report({
          start: s.loop.startIndex,
          end: colon ? colon.endIndex : s.loop.endIndex,
          message:
            `${what} in ${where} awaits ${call} once per item of ${short(s.iterable)}, one after the other; ` +
            `the calls do not depend on each other, so the request waits for the sum of their latencies. ` +
            `Run them concurrently with asyncio.gather(…), bounded by an asyncio.Semaphore so a long list cannot open unbounded connections. ` +
            `No autofix: error handling and the concurrency limit are choices to make by hand.`,
        });
      }
    }
  },
});
