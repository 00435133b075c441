// The floor under a full run: read every file of a fleet once and parse it once with guardfix's
// own parsers, on one thread, with no rule, no fix, no report. No run can be faster than this
// divided by the cores, so it tells whether a time target is reachable with the chosen parsers.
//
//   node bench/floor.mjs <fleet-dir>      prints one JSON line: { files, byLanguage: {id: {files, ms}}, ms }
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { languageFor, ensureLoaded } = await import(pathToFileURL(join(ROOT, 'dist', 'languages', 'index.js')).href);

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/floor.mjs <fleet-dir>');
  process.exit(2);
}
const byLanguage = {};
let files = 0;
const t0 = performance.now();
for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
  const lang = languageFor(rel);
  if (!lang) continue;
  let text;
  try {
    text = readFileSync(join(dir, rel), 'utf8');
  } catch {
    continue; // a folder whose name looks like a file
  }
  await ensureLoaded(lang);
  const t = performance.now();
  lang.parse(text);
  const row = (byLanguage[lang.id] ??= { files: 0, ms: 0 });
  row.files++;
  row.ms += performance.now() - t;
  files++;
  // Let the FinalizationRegistry free tree-sitter trees now and then (see src/engine/run.ts).
  if (files % 64 === 0) await new Promise((r) => setImmediate(r));
}
process.stdout.write(JSON.stringify({ files, byLanguage, ms: performance.now() - t0 }) + '\n');
