// One worker thread of a parallel run (parallel.ts): checks the chunks of files it is sent with
// the same code as a single-threaded run (run.ts checkFile) and sends each file's bytes and
// outcome back.
import { parentPort, workerData } from 'node:worker_threads';
import type { Finding } from './types.js';
import { toWire, type FromWorker, type ToWorker, type WireResult, type WorkerInit } from './parallel.js';
import { Workspace } from './workspace.js';
import { checkFile, applies } from './run.js';
import type { Env } from './fix-loop.js';
import { timingEntries } from './timing.js';
import { languageById, ensureLoaded } from '../languages/index.js';
import { RULES } from '../transforms/index.js';
import { seedTerraformAccounts, terraformAccountsOf } from '../service/service-accounts.js';
import { terraform } from '../languages/terraform.js';

const init = workerData as WorkerInit;
const rules = RULES.filter((r) => init.ruleIds.includes(r.meta.id));
const workspace = new Workspace(init.files, init.displayRoot, init.roots, init.maxBytes);
const env: Env = {
  workspace,
  profile: init.profile,
  options: init.check,
  severity: init.severity,
  knownRules: new Set(RULES.map((r) => r.meta.id)),
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

// The prelude works out the Terraform half of the service-account index for the other workers
// (null when it cannot: they work it out themselves), then checks the .tf files it is sent.
if (init.prelude) {
  // Terraform first: the other workers wait for this before their first chunk.
  void ensureLoaded(terraform)
    .then(() => terraformAccountsOf(workspace))
    .catch(() => null) // the .tf checks report what went wrong
    .then((part) => {
      // Its own index too: the .tf checks would otherwise evaluate every instance again.
      if (part) seedTerraformAccounts(workspace, part);
      send({ terraform: part });
    });
}

parentPort!.on('message', async (m: ToWorker) => {
  await ready;
  if ('terraform' in m) {
    if (m.terraform) seedTerraformAccounts(workspace, m.terraform);
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
    const r = await checkFile(file, rules, workspace, env, () => refused);
    results.push(toWire(index, file, r));
  }
  send({ results });
  // The main thread keeps the bytes now. Files read for context are forgotten too: the
  // service-account index alone reads every manifest of the fleet. A later rule that reads one
  // reads it again (nothing is written before every file is checked).
  for (const file of workspace.files) file.unload();
});
