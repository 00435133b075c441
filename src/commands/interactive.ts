// --interactive: each fix is shown with its own diff and applied only if the person says so.
// The engine's fix loop drives (fix-loop.ts `confirm`); this module only shows and asks.
//
// Unsafe fixes are offered without --unsafe: a person reading the exact diff is the review that
// --unsafe stands in for. They are marked, and the bulk answers (f, a) cover them only when
// --unsafe was given; otherwise each one is still asked about. Display-only fixes are never offered.
import prompts from 'prompts';
import pc from 'picocolors';
import type { Offer, Verdict } from '../engine/fix-loop.js';
import { fixDiff } from '../report/diff.js';
import { colorDiff, SEVERITY_COLOR } from '../report/text.js';

export type Answer = 'yes' | 'no' | 'file' | 'all' | 'quit';

const ANSWERS: Record<string, Answer> = { y: 'yes', yes: 'yes', n: 'no', no: 'no', f: 'file', file: 'file', a: 'all', all: 'all', q: 'quit', quit: 'quit' };
const HELP = 'y apply · n skip · f apply this and the rest of this file · a apply this and all the rest · q stop (keeps what you applied)';

export const NOT_A_TERMINAL =
  'guardfix: --interactive needs a terminal, and stdin is not one. Use --dry-run to review every fix as a diff, or --write to apply the safe ones.';

export function parseAnswer(input: string): Answer | undefined {
  const key = input.trim().toLowerCase();
  return Object.hasOwn(ANSWERS, key) ? ANSWERS[key] : undefined;
}

/** Asks with `prompts` (answers can be injected in tests with prompts.inject). undefined: cancelled. */
export async function ask(): Promise<Answer | undefined> {
  const r = await prompts(
    {
      type: 'text',
      name: 'answer',
      message: 'Apply this fix? [y,n,f,a,q,?]',
      validate: (v: string) => (parseAnswer(v) ? true : HELP),
      format: (v: string) => parseAnswer(v),
    },
    { onCancel: () => false },
  );
  return r.answer;
}

export interface ReviewOptions {
  /** --unsafe: the bulk answers cover unsafe fixes too */
  unsafe: boolean;
  color: boolean;
  out?: NodeJS.WritableStream;
  /** called before anything is printed (to erase the progress line) */
  beforePrint?: () => void;
  ask?: () => Promise<Answer | undefined>;
}

export interface Review {
  confirm(offer: Offer): Promise<Verdict>;
  /** the person quit (q, Esc or Ctrl-C) */
  readonly quit: boolean;
}

export function reviewer(o: ReviewOptions): Review {
  const c = pc.createColors(o.color);
  const out = o.out ?? process.stdout;
  const question = o.ask ?? ask;
  let quit = false;
  let all = false;
  const wholeFiles = new Set<string>();

  return {
    get quit() {
      return quit;
    },
    async confirm({ file, finding, before, after }) {
      if (quit) return 'quit';
      const fix = finding.fix!;
      const unsafe = fix.applicability === 'unsafe';
      o.beforePrint?.();
      if ((all || wholeFiles.has(file.rel)) && (!unsafe || o.unsafe)) {
        out.write(c.dim(`applied: ${file.rel}:${finding.startPos.line} ${finding.rule}: ${fix.title}`) + '\n');
        return 'yes';
      }
      const where = c.bold(`${file.rel}:${finding.startPos.line}:${finding.startPos.column}`);
      const kind = unsafe ? c.yellow(c.bold('UNSAFE fix')) + c.yellow(' (may change behaviour; --write applies it only with --unsafe)') : c.green('safe fix');
      out.write(
        [
          '',
          `${where} ${SEVERITY_COLOR[finding.severity](c)(finding.severity)} ${c.cyan(finding.rule)}`,
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
