// One worker thread of a parallel run (parallel.ts): checks the chunks of files it is sent with
// the same code as a single-threaded run (check-file.ts) and sends each file's bytes and outcome
// back. It imports the run's plugin (its rules and shared facts) by URL: functions cannot cross
// threads.
import { parentPort, workerData } from 'node:worker_threads';
import type { Finding } from './types.js';
import type { Plugin } from './plugin.js';
import { toWire, type FromWorker, type ToWorker, type WireResult, type WorkerInit, type SharedValues } from './parallel-wire.js';
import { Workspace } from './workspace.js';
import { applies, checkFile } from './check-file.js';
import type { Env } from './fix-loop.js';
import { timingEntries } from './timing.js';
import { enableReads, recordReads } from './reads.js';
import { entryOf, Fingerprints } from './cache.js';
import { languageById, ensureLoaded } from '../languages/index.js';

const init = workerData as WorkerInit;
const workspace = new Workspace(init.files, init.displayRoot, init.roots, init.maxBytes);
const plugin = ((await import(init.plugin)) as { default: Plugin }).default;
const rules = plugin.rules.filter((r) => init.ruleIds.includes(r.meta.id));
const env: Env = {
  workspace,
  profile: init.profile,
  options: init.check,
  severity: init.severity,
  knownRules: new Set(plugin.rules.map((r) => r.meta.id)),
  accept: (f: Finding) => applies(f, init.unsafe),
};
const ready = (async () => {
  for (const r of rules) {
    for (const id of [...r.meta.languages, ...(r.meta.context ?? [])]) {
      const lang = languageById(id);
      if (lang) await ensureLoaded(lang);
    }
  }
})();

const send = (m: FromWorker) => parentPort!.postMessage(m);
/** hashes of what checks read, for cache entries: kept for the whole run (files are unloaded) */
let prints: Fingerprints | undefined;
if (init.cache) enableReads();

function seed(values: SharedValues) {
  for (const fact of plugin.shared) if (fact.id in values) fact.seed(workspace, values[fact.id]);
}

// The prelude works out the shared facts for the other workers (null when one cannot be: they
// work them out themselves), then checks the files those facts read, which it is sent.
if (init.prelude) {
  const facts = plugin.shared.filter((f) => init.prelude!.includes(f.id));
  // Facts first: the other workers wait for them before their first chunk.
  void (async () => {
    const values: SharedValues = {};
    for (const fact of facts) {
      await ensureLoaded(languageById(fact.language)!);
      const value = fact.compute(workspace);
      if (value === undefined) return null;
      values[fact.id] = value;
    }
    return values;
  })()
    .catch(() => null) // the prelude's own checks report what went wrong
    .then((values) => {
      // Its own checks too: they would otherwise work the facts out again.
      if (values) seed(values);
      send({ shared: values });
    });
}

parentPort!.on('message', async (m: ToWorker) => {
  await ready;
  if ('shared' in m) {
    seed(m.shared);
    return;
  }
  if ('done' in m) {
    send({ timing: timingEntries() });
    return;
  }
  const results: WireResult[] = [];
  for (let k = 0; k < m.chunk.length; k++) {
    const index = m.chunk[k];
    const file = workspace.files[index];
    const refused = m.refused[k] ?? undefined;
    // A turn of the event loop now and then, so FinalizationRegistry callbacks free the wasm
    // memory of the tree-sitter trees already dropped (see run.ts); a chunk is up to 200 files.
    if (k % 32 === 31) await new Promise((resolve) => setImmediate(resolve));
    if (init.cache) {
      const { value: r, reads } = await recordReads(() => checkFile(file, rules, workspace, env, () => refused));
      // A file left alone (uncommitted changes) was checked without its fixes: not a result to keep.
      const entry = refused ? undefined : entryOf(workspace, (prints ??= new Fingerprints(workspace)), file, r, reads);
      results.push({ ...toWire(index, file, r), entry });
    } else results.push(toWire(index, file, await checkFile(file, rules, workspace, env, () => refused)));
  }
  send({ results });
  // The main thread keeps the bytes now. Files read for context are forgotten too: the
  // service-account index alone reads every manifest of the fleet. A later rule that reads one
  // reads it again (nothing is written before every file is checked).
  for (const file of workspace.files) file.unload();
});
