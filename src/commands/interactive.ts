// --interactive: each fix is shown with its own diff and applied only if the person says so.
// The engine's fix loop drives (fix-loop.ts `confirm`); this module only shows and asks.
//
// Unsafe fixes are offered without --unsafe: a person reading the exact diff is the review that
// --unsafe stands in for. They are marked, and the bulk answers (f, a) cover them only when
// --unsafe was given; otherwise each one is still asked about. Display-only fixes are never offered.
import { emitKeypressEvents } from 'node:readline';
import pc from 'picocolors';
import type { Offer, Verdict } from '../engine/fix-loop.js';
import { fixDiff } from '../report/diff.js';
import { colorDiff, SEVERITY_COLOR } from '../report/text.js';

export type Answer = 'yes' | 'no' | 'file' | 'all' | 'quit';

const ANSWERS: Record<string, Answer> = { y: 'yes', yes: 'yes', n: 'no', no: 'no', f: 'file', file: 'file', a: 'all', all: 'all', q: 'quit', quit: 'quit' };
export const HELP = 'y apply · n skip · f apply this and the rest of this file · a apply this and all the rest · q stop (keeps what you applied; Esc and Ctrl-C too)';
const QUESTION = 'Apply this fix? [y,n,f,a,q,?] ';

export const NOT_A_TERMINAL =
  'guardfix: --interactive needs a terminal, and stdin is not one. Use --dry-run to review every fix as a diff, or --write to apply the safe ones.';

export function parseAnswer(input: string): Answer | undefined {
  const key = input.trim().toLowerCase();
  return Object.hasOwn(ANSWERS, key) ? ANSWERS[key] : undefined;
}

interface Key {
  sequence?: string;
  name?: string;
  ctrl?: boolean;
}

/**
 * The keys pressed while a question is up, in order. Several can come in one chunk (typed fast,
 * pasted): they are queued, none is lost. `next` gives undefined once the input has ended.
 */
function keyQueue(input: NodeJS.ReadStream) {
  const queue: (Key | undefined)[] = [];
  let wake: (() => void) | undefined;
  const push = (k: Key | undefined) => {
    queue.push(k);
    wake?.();
  };
  const onKey = (sequence: string | undefined, key: Key | undefined) => push({ ...key, sequence: key?.sequence ?? sequence });
  const onEnd = () => push(undefined);
  input.on('keypress', onKey);
  input.on('end', onEnd);
  return {
    async next(): Promise<Key | undefined> {
      while (!queue.length) await new Promise<void>((r) => (wake = r));
      return queue.shift();
    },
    close() {
      input.off('keypress', onKey);
      input.off('end', onEnd);
    },
  };
}

/**
 * Asks with one key, no Enter: the terminal is put in raw mode for the question only. `?` (or any
 * other key) shows the answers and asks again, leaving nothing typed behind; Enter alone is
 * ignored, so a `y` typed out of habit with Enter does not answer the next question too.
 * undefined: Esc, Ctrl-C, or the input ended.
 */
export async function ask(input: NodeJS.ReadStream = process.stdin, out: NodeJS.WritableStream = process.stdout): Promise<Answer | undefined> {
  emitKeypressEvents(input);
  const raw = !!input.isTTY && typeof input.setRawMode === 'function';
  if (raw) input.setRawMode(true);
  const keys = keyQueue(input);
  input.resume();
  out.write(QUESTION);
  try {
    for (;;) {
      const key = await keys.next();
      if (!key || key.name === 'escape' || (key.ctrl && (key.name === 'c' || key.name === 'd'))) {
        out.write('q\n');
        return undefined;
      }
      if (key.name === 'return' || key.name === 'enter') continue;
      const answer = key.sequence && key.sequence.length === 1 ? parseAnswer(key.sequence) : undefined;
      if (answer) {
        out.write(`${key.sequence}\n`);
        return answer;
      }
      out.write(`\n${HELP}\n${QUESTION}`);
    }
  } finally {
    keys.close();
    if (raw) input.setRawMode(false);
    input.pause();
  }
}

export interface ReviewOptions {
  /** --unsafe: the bulk answers cover unsafe fixes too */
  unsafe: boolean;
  color: boolean;
  out?: NodeJS.WritableStream;
  /** called before anything is printed (to erase the progress line) */
  beforePrint?: () => void;
  ask?: () => Promise<Answer | undefined>;
  /** how many fixes will be offered, as counted beforehand (the counter never shows fewer than it has offered) */
  total?: number;
}

export interface Review {
  confirm(offer: Offer): Promise<Verdict>;
  /** the person quit (q, Esc or Ctrl-C) */
  readonly quit: boolean;
}

export function reviewer(o: ReviewOptions): Review {
  const c = pc.createColors(o.color);
  const out = o.out ?? process.stdout;
  const question = o.ask ?? (() => ask(process.stdin, out));
  let quit = false;
  let all = false;
  const wholeFiles = new Set<string>();
  let offered = 0;

  return {
    get quit() {
      return quit;
    },
    async confirm({ file, finding, before, after }) {
      if (quit) return 'quit';
      const fix = finding.fix!;
      const unsafe = fix.applicability === 'unsafe';
      o.beforePrint?.();
      offered++;
      const counter = o.total ? `fix ${offered}/${Math.max(offered, o.total)}` : `fix ${offered}`;
      if ((all || wholeFiles.has(file.rel)) && (!unsafe || o.unsafe)) {
        out.write(c.dim(`${counter} applied: ${file.rel}:${finding.startPos.line} ${finding.rule}: ${fix.title}`) + '\n');
        return 'yes';
      }
      const where = c.bold(`${file.rel}:${finding.startPos.line}:${finding.startPos.column}`);
      const kind = unsafe ? c.yellow(c.bold('UNSAFE fix')) + c.yellow(' (may change behaviour; --write applies it only with --unsafe)') : c.green('safe fix');
      out.write(
        [
          '',
          `${c.bold(counter)}  ${where} ${SEVERITY_COLOR[finding.severity](c)(finding.severity)} ${c.cyan(finding.rule)}`,
          `  ${finding.message}`,
          `  ${kind}: ${fix.title}`,
          colorDiff(fixDiff(file, before, after).replace(/\n$/, ''), c),
          '',
        ].join('\n'),
      );
      const answer = await question();
      switch (answer) {
        case 'yes':
          return 'yes';
        case 'no':
          return 'no';
        case 'file':
          wholeFiles.add(file.rel);
          return 'yes';
        case 'all':
          all = true;
          return 'yes';
        default:
          quit = true;
          return 'quit';
      }
    },
  };
}
