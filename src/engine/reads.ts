// What a file's check read besides the file itself, so a cached result is reused only while all
// of it is unchanged (cache.ts). Recorded where content and listings are handed out — SourceFile
// loads, the workspace's parse cache, the listings of files — and where a memo hands out what it
// derived from many files (touchLanguages), since a memo hit reads nothing itself.
//
// A thread checks one file at a time (rules are awaited in turn), so one recorder at a time.
import type { SourceFile } from './source-file.js';
import type { LanguageId } from './types.js';

export interface Reads {
  files: Set<SourceFile>;
  /** listings by key (`svc:<dir>`, `ws:<language>`, `all`): which files exist there */
  listings: Set<string>;
  /** memos over every file of some languages (the service-account index: every manifest and .tf) */
  languages: Set<LanguageId>;
}

let current: Reads | undefined;

/** Runs `fn` recording what it reads. */
export async function recordReads<T>(fn: () => Promise<T>): Promise<{ value: T; reads: Reads }> {
  const outer = current;
  const reads: Reads = { files: new Set(), listings: new Set(), languages: new Set() };
  current = reads;
  try {
    return { value: await fn(), reads };
  } finally {
    current = outer;
  }
}

export function touch(file: SourceFile): void {
  current?.files.add(file);
}

export function touchListing(key: string): void {
  current?.listings.add(key);
}

/**
 * For a memo built from every file of these languages in the workspace: a hit reads nothing, but
 * what it hands out depends on all of them (and a cached result is checked without building it).
 */
export function touchLanguages(...languages: LanguageId[]): void {
  for (const l of languages) current?.languages.add(l);
}

/** Whether reads are being recorded (a memo then knows its hit must be recorded). */
export const recordingReads = (): boolean => current !== undefined;
