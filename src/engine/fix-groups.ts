// Fixes over several files (types.ts FixGroup): each file's part is applied by that file's own fix
// loop, so a run only learns whether a group is whole once every file it spans has been checked.
// Until then the files that applied a part wait here, in file order (a group spans one service's
// files, which are consecutive, so few wait); a file whose group did not apply everywhere is
// checked again without that group's part, before anything of it is reported or written.
import type { FixGroup } from './types.js';
import type { SourceFile } from './source-file.js';
import type { FileResult } from './check-file.js';

export interface Checked {
  index: number;
  file: SourceFile;
  result: FileResult;
}

/** Checks a file again with the parts of these groups refused; returns its new result. */
export type Redo = (c: Checked, refused: Set<string>) => Promise<FileResult>;

interface Group {
  /** workspace indexes of every file that holds a part; undefined when one is not in the run */
  files?: number[];
  /** the files whose fix loops applied their part */
  applied: Set<number>;
}

export class FixGroups {
  private readonly groups = new Map<string, Group>();
  private readonly waiting: (Checked & { keys: string[] })[] = [];
  /** every file up to this index has been checked */
  private through = -1;

  constructor(private readonly indexOf: (path: string) => number | undefined) {}

  /** Takes the next checked file (in file order); returns the files that may go on, in order. */
  async take(c: Checked, redo: Redo): Promise<Checked[]> {
    this.through = c.index;
    const keys = [...new Set((c.result.outcome?.applied ?? []).flatMap((a) => (a.group ? [this.note(a.group, c.index)] : [])))];
    if (!keys.length && !this.waiting.length) return [c];
    this.waiting.push({ ...c, keys });
    return this.release(redo, false);
  }

  /** Once every file is checked (or the run stopped): whatever still waits, settled. */
  finish(redo: Redo): Promise<Checked[]> {
    return this.release(redo, true);
  }

  private note(g: FixGroup, index: number): string {
    let group = this.groups.get(g.key);
    if (!group) {
      const files = g.files.map(this.indexOf);
      group = { files: files.every((i) => i !== undefined) ? (files as number[]) : undefined, applied: new Set() };
      this.groups.set(g.key, group);
    }
    group.applied.add(index);
    return g.key;
  }

  /** whole, broken, or undefined while a file it spans is still to be checked */
  private state(key: string, final: boolean): 'whole' | 'broken' | undefined {
    const g = this.groups.get(key)!;
    if (!g.files) return 'broken';
    if (g.files.every((i) => g.applied.has(i))) return 'whole';
    return final || g.files.every((i) => i <= this.through) ? 'broken' : undefined;
  }

  private async release(redo: Redo, final: boolean): Promise<Checked[]> {
    const out: Checked[] = [];
    while (this.waiting.length) {
      const next = this.waiting[0];
      const states = next.keys.map((k) => this.state(k, final));
      if (states.includes(undefined)) break;
      this.waiting.shift();
      const broken = new Set(next.keys.filter((_, i) => states[i] === 'broken'));
      out.push(broken.size ? { ...next, result: await redo(next, broken) } : next);
    }
    return out;
  }
}
