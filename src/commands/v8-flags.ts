// V8 flags for the guardfix process: heap sizing, and when wasm code is optimized. The CLI owns its process, so it sets these; the
// programmatic API (run()) leaves a host's heap alone.
//
// V8 lets a heap grow up to 4× what survived its last full collection and gives each isolate
// 16 MB semi-spaces: on a 10k-service fleet the main thread (no cap) reached 200 MB of heap for
// 55 MB live. Measured there (2 worker threads, peak RSS): 812 MB as V8 sizes it; 717 MB with the
// old generation growing by 40 %; 632 MB adding 4 MB semi-spaces (taken by the worker threads,
// created after this), for the same CPU time. Growing by 15 % gave 652 MB alone but cost 1.15×
// the CPU. Later, with the Terraform read by one short-lived worker (engine/parallel.ts), runs
// taken in turns: 488/475 MB with 4 MB semi-spaces, 433/439 MB with 2 MB, for 1.05× the CPU;
// growing by 20 % instead gave 479 MB for 1.18×. Both flags only size heaps; a user's own
// setting (NODE_OPTIONS, node flags) wins.
//
// Wasm: V8 runs the tree-sitter grammars' code as compiled by its baseline compiler and recompiles
// hot functions with TurboFan. tree-sitter-bash's lexer is one huge function that is hot from the
// first RUN parsed, and TurboFan takes ~0.6 s of CPU on it, paid by every run that reads a RUN
// line, and waited for at exit: a Dockerfile-only run on one file took 1.07 s, 0.41-0.52 s with a
// budget 10x V8's (1.8M) before a function is recompiled. A long run still optimizes what stays
// hot; runs of 200 heavy services took the same time either way (6.1-7.0 s, three runs each).
import { setFlagsFromString } from 'node:v8';

export function tuneV8(): void {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  if (!/heap[-_]growing[-_]percent/.test(given)) setFlagsFromString('--heap-growing-percent=40');
  if (!/semi[-_]space/.test(given)) setFlagsFromString('--max-semi-space-size=2');
  if (!/wasm[-_]tiering[-_]budget/.test(given)) setFlagsFromString('--wasm-tiering-budget=20000000');
}
