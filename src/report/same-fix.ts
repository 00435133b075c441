// A rule that rewrites a file once for many sites (http-pooling shares one client for every
// handler that opened its own) reports the same fix on each of those findings. Reports write its
// edits once, on the first of them, and name that one on the others.
import type { Fix } from '../engine/types.js';

/**
 * For one file's findings in order: the index of the first finding with this fix (the same
 * object, or an equal one built separately), which may be `index` itself. Fixes are per file —
 * their edits are offsets into it — so a report makes one of these per file.
 */
export function sameFixes(): (fix: Fix, index: number) => number {
  const byObject = new Map<Fix, number>();
  const byValue = new Map<string, number>();
  return (fix, index) => {
    let first = byObject.get(fix);
    if (first === undefined) {
      const key = JSON.stringify([fix.title, fix.applicability, fix.group?.key, fix.edits]);
      first = byValue.get(key);
      if (first === undefined) byValue.set(key, (first = index));
      byObject.set(fix, first);
    }
    return first;
  };
}
