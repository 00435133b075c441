// What a file's check read besides the file itself, so that a cached result (cache.ts) is reused
// only while all of it is unchanged. Recorded where content and listings are handed out —
// SourceFile loads, the workspace's parse cache, the lists of files — and by memos: a memo hit
// reads nothing itself, so a memo replays what its computation read (remembered), or, for a memo
// over every file of some languages (the service-account index over every manifest), names those
// languages once (overLanguages) instead of thousands of files.
//
// A thread checks one file at a time (rules are awaited in turn), so one recorder at a time.
import type { LanguageId } from './types.js';

/** A file as reads know it (a SourceFile: reads.ts sits below it). */
export interface ReadFile {
  readonly path: string;
}

export interface Reads {
  files: Set<ReadFile>;
  /** lists of files: `svc:<dir>` (a service's files), `ws` (every file and path of the workspace) */
  listings: Set<string>;
  /** every file of these languages in the workspace */
  languages: Set<LanguageId>;
}

const empty = (): Reads => ({ files: new Set(), listings: new Set(), languages: new Set() });
/** what a memo computed while reads are off keeps: nothing is ever added to it */
const NONE: Reads = empty();

let current: Reads | undefined;
/**
 * Off unless a cache is in use (enableReads, before any check): memos then keep no reads. They
 * live as long as their keys — a manifest, a Dockerfile — and three sets a memo entry were
 * +70 MB at 10k services over the threads of a run without a cache.
 */
let enabled = false;

export function enableReads(): void {
  enabled = true;
}

/** Runs `fn` recording what it reads. */
export async function recordReads<T>(fn: () => Promise<T>): Promise<{ value: T; reads: Reads }> {
  const outer = current;
  const reads = empty();
  current = reads;
  try {
    return { value: await fn(), reads };
  } finally {
    current = outer;
    if (outer) merge(outer, reads);
  }
}

function merge(into: Reads, from: Reads) {
  for (const f of from.files) into.files.add(f);
  for (const l of from.listings) into.listings.add(l);
  for (const l of from.languages) into.languages.add(l);
}

export function touch(file: ReadFile): void {
  current?.files.add(file);
}

export function touchListing(key: string): void {
  current?.listings.add(key);
}

/**
 * A memo's value, computed once: what the computation read is kept with it and recorded again on
 * every later hit, so a cached result of any file that used the value depends on those reads.
 */
export function remembered<K extends object, V>(memo: WeakMap<K, { value: V; reads: Reads }>, key: K, compute: () => V): V {
  const hit = memo.get(key);
  if (hit) {
    if (current) merge(current, hit.reads);
    return hit.value;
  }
  if (!enabled) {
    const value = compute();
    memo.set(key, { value, reads: NONE });
    return value;
  }
  const outer = current;
  const reads = empty();
  current = reads;
  try {
    const value = compute();
    memo.set(key, { value, reads });
    return value;
  } finally {
    current = outer;
    if (outer) merge(outer, reads);
  }
}

/** remembered, for a memo whose value is a promise (it awaits a grammar's loading, say). */
export function rememberedAsync<K extends object, V>(memo: WeakMap<K, { value: Promise<V>; reads: Reads }>, key: K, compute: () => Promise<V>): Promise<V> {
  const hit = memo.get(key);
  if (hit) {
    const into = current;
    return hit.value.then((v) => {
      if (into) merge(into, hit.reads);
      return v;
    });
  }
  if (!enabled) {
    const value = compute();
    memo.set(key, { value, reads: NONE });
    return value;
  }
  const entry = { value: undefined as unknown as Promise<V>, reads: empty() };
  entry.value = recordReads(compute).then((r) => {
    entry.reads = r.reads;
    return r.value;
  });
  memo.set(key, entry);
  return entry.value;
}

/**
 * A memo built from every file of these languages: recorded as those languages (their files'
 * paths and bytes), whoever computed it, without the thousands of single files it read.
 */
export function overLanguages<T>(languages: LanguageId[], compute: () => T): T {
  const outer = current;
  if (outer) for (const l of languages) outer.languages.add(l);
  current = undefined;
  try {
    return compute();
  } finally {
    current = outer;
  }
}
