// --interactive, as a person uses it: the real binary in a tmux terminal answering with single
// keys, and the engine with keys typed into the question's input stream.
import { describe, it, expect, afterEach, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { run } from '../src/index.js';
import type { Offer } from '../src/engine/fix-loop.js';
import { reviewer, ask, parseAnswer, type Answer } from '../src/commands/interactive.js';
import { renderText } from '../src/report/text.js';
import { BIN, cli } from './helpers/cli.js';
import { THREE_SERVICES, makeWorkspace, commitAll, git } from './helpers/git-workspace.js';

const temps: string[] = [];
const workspace = (files = THREE_SERVICES) => {
  const d = makeWorkspace(files, 'guardfix-interactive-');
  temps.push(d);
  return d;
};
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

const read = (dir: string, p: string) => readFileSync(join(dir, p), 'utf8');

/** Runs the engine interactively, typing these keys (one string per question); records every offer shown. */
async function review(dir: string, answers: string[], opts: { unsafe?: boolean; protect?: (rel: string) => string | undefined } = {}) {
  const left = [...answers];
  let shown = '';
  const out = new Writable({
    write(chunk, _enc, cb) {
      shown += chunk;
      cb();
    },
  });
  const asked: Offer[] = [];
  const offers: Offer[] = [];
  let current: Offer | undefined;
  // Fails the test instead of waiting on a real terminal when the engine asks once too often.
  const injectedAsk = async (): Promise<Answer | undefined> => {
    if (!left.length) throw new Error(`asked more than the ${answers.length} injected answers`);
    asked.push(current!);
    const input = new PassThrough() as unknown as NodeJS.ReadStream;
    const answer = ask(input, out);
    (input as unknown as PassThrough).write(left.shift()!);
    return answer;
  };
  const rv = reviewer({ unsafe: !!opts.unsafe, color: false, out, ask: injectedAsk });
  const result = await run({
    paths: [dir],
    cwd: dir,
    write: true,
    unsafe: !!opts.unsafe,
    only: ['python-version'],
    protect: opts.protect && ((f) => opts.protect!(f.rel)),
    confirm: (offer) => {
      offers.push((current = offer));
      return rv.confirm(offer);
    },
  });
  return { result, shown, asked, offers, quit: rv.quit, report: renderText(result, { color: false, write: true, unsafe: !!opts.unsafe, quiet: false }) };
}

describe('interactive review (keys typed into the question)', () => {
  it('y, n, y, q: applies what was accepted, skips what was declined, stops at q and writes the accepted fixes', async () => {
    const dir = workspace();
    const r = await review(dir, ['y', 'n', 'y', 'q']);
    // a: the first FROM fixed, the second (declined) not
    expect(read(dir, 'a/Dockerfile')).toBe(THREE_SERVICES['a/Dockerfile'].replace('FROM python:3.9-slim AS tests', 'FROM python:3.11-slim AS tests'));
    // b: the unsafe fix was offered without --unsafe, marked, and accepted
    expect(read(dir, 'b/Dockerfile')).toMatch(/^FROM python:3\.11-slim-bookworm$/m);
    expect(r.shown).toMatch(/fix 3 {2}b\/Dockerfile:1:1 critical python-version\n.*\n {2}UNSAFE fix/);
    // c: quit before it; untouched
    expect(read(dir, 'c/Dockerfile')).toBe(THREE_SERVICES['c/Dockerfile']);
    expect(r.quit).toBe(true);
    expect(r.result.written.sort()).toEqual(['a/Dockerfile', 'b/Dockerfile']);
    expect(r.report).toMatch(/^2 fixed · 1 declined · 1 not reviewed · 3 services$/m);
    expect(r.report).toMatch(/Stopped: the fixes you accepted are written/);
  });

  it('each offer is computed on the text the earlier accepted fixes left, and its diff is what gets written', async () => {
    const dir = workspace();
    const r = await review(dir, ['y', 'y', 'n', 'n']);
    const [first, second] = r.offers;
    expect(first.file.rel).toBe('a/Dockerfile');
    expect(second.file.rel).toBe('a/Dockerfile');
    expect(second.before).toBe(first.after); // recomputed after the first was applied
    expect(read(dir, 'a/Dockerfile')).toBe(second.after);
    // the second diff shows the first change as context, at the line numbers of the new text
    expect(r.shown).toContain('-FROM python:3.9-slim AS runtime\n+FROM python:3.11-slim AS runtime');
    expect(r.shown).toMatch(/^ FROM python:3\.11-slim AS tests$/m);
    expect(read(dir, 'b/Dockerfile')).toBe(THREE_SERVICES['b/Dockerfile']);
  });

  it('f applies the rest of the file without asking; a applies everything else that is safe', async () => {
    const dir = workspace();
    const r = await review(dir, ['f', 'n', 'a']);
    expect(r.asked.map((o) => o.file.rel)).toEqual(['a/Dockerfile', 'b/Dockerfile', 'c/Dockerfile']);
    expect(read(dir, 'a/Dockerfile')).not.toMatch(/3\.9/);
    expect(read(dir, 'b/Dockerfile')).toBe(THREE_SERVICES['b/Dockerfile']);
    expect(read(dir, 'c/Dockerfile')).toMatch(/^FROM python:3\.11-slim$/m);
    expect(r.shown).toMatch(/applied: a\/Dockerfile:4 python-version/);
  });

  it('"all" does not cover an unsafe fix unless --unsafe was given', async () => {
    const asks = await review(workspace(), ['a', 'n']);
    expect(asks.asked.map((o) => o.file.rel)).toEqual(['a/Dockerfile', 'b/Dockerfile']);
    const dir = workspace();
    const bulk = await review(dir, ['a'], { unsafe: true });
    expect(bulk.asked.map((o) => o.file.rel)).toEqual(['a/Dockerfile']);
    expect(read(dir, 'b/Dockerfile')).toMatch(/bookworm/);
  });

  it('Ctrl-C at the question quits and keeps nothing unasked', async () => {
    const dir = workspace();
    const r = await review(dir, ['\x03']);
    expect(r.quit).toBe(true);
    expect(r.result.written).toEqual([]);
    for (const [p, text] of Object.entries(THREE_SERVICES)) expect(read(dir, p)).toBe(text);
  });

  it('a protected (dirty) file is not offered, and is named', async () => {
    const dir = workspace();
    const r = await review(dir, ['y', 'y'], { protect: (rel) => (rel === 'a/Dockerfile' ? 'has unstaged changes' : undefined) });
    expect(r.offers.map((o) => o.file.rel)).toEqual(['b/Dockerfile', 'c/Dockerfile']);
    expect(r.result.writeProblems).toEqual([{ file: 'a/Dockerfile', reason: 'has unstaged changes', skipped: true }]);
    expect(read(dir, 'a/Dockerfile')).toBe(THREE_SERVICES['a/Dockerfile']);
  });

  it('one key answers, without Enter; Enter alone is ignored; ? (or another key) shows the answers and asks again', async () => {
    const dir = workspace();
    const r = await review(dir, ['\r?xy', 'n', 'q']);
    expect(r.asked).toHaveLength(3);
    const help = r.shown.split('y apply · n skip').length - 1;
    expect(help).toBe(2); // for ? and for x
    expect(r.shown).toMatch(/Apply this fix\? \[y,n,f,a,q,\?\] \ny apply · n skip.*\nApply this fix\? \[y,n,f,a,q,\?\] \ny apply .*\nApply this fix\? \[y,n,f,a,q,\?\] y\n/);
    expect(read(dir, 'a/Dockerfile')).toMatch(/^FROM python:3\.11-slim AS tests$/m);
  });

  it('answers: letters and words, any case; anything else is not an answer', () => {
    expect(['y', 'Yes', ' n ', 'NO', 'f', 'a', 'all', 'q', 'quit'].map(parseAnswer)).toEqual(['yes', 'yes', 'no', 'no', 'file', 'all', 'all', 'quit', 'quit']);
    expect(['', 'x', 'constructor', '?'].map(parseAnswer)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

// ---- the real binary in a terminal ----

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const SOCKET = `guardfix-test-${process.pid}`;
const tmux = (...args: string[]) => spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-2000', '-t', 'gf').stdout;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(pred: (s: string) => boolean, what: string, ms = 15_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const s = screen();
    if (pred(s)) return s;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
    await sleep(100);
  }
}
const prompts_ = (s: string) => s.split('Apply this fix?').length - 1;

/** Starts guardfix in a fresh tmux terminal; `answer` sends a key once the next prompt is up. */
function terminal(dir: string, args: string[]) {
  const cmd = `cd '${dir}' && NO_COLOR=1 CI= '${process.execPath}' '${BIN}' ${args.join(' ')}; echo "EXIT=$?"; sleep 600`;
  const r = tmux('new-session', '-d', '-s', 'gf', '-x', '200', '-y', '60', cmd);
  if (r.status !== 0) throw new Error(r.stderr);
  let seen = 0;
  return {
    async answer(keys: string[]) {
      await waitFor((s) => prompts_(s) > seen, `prompt ${seen + 1}`);
      seen++;
      tmux('send-keys', '-t', 'gf', ...keys);
    },
    async exit(): Promise<{ code: number; screen: string }> {
      const s = await waitFor((x) => /EXIT=\d+/.test(x), 'guardfix to exit');
      return { code: Number(/EXIT=(\d+)/.exec(s)![1]), screen: s };
    },
  };
}

// Generous timeouts: a real terminal on a shared, busy machine.
describe.skipIf(!hasTmux)('interactive review in a real terminal (tmux)', { timeout: 90_000 }, () => {
  beforeAll(() => () => void tmux('kill-server'));
  afterEach(() => void tmux('kill-session', '-t', 'gf'));

  it('y, n, q (single keys, no Enter): the accepted fix is written, the declined one and everything after q are not', async () => {
    const dir = workspace();
    commitAll(dir);
    const t = terminal(dir, ['-i', '--only', 'python-version']);
    await t.answer(['y']);
    await t.answer(['n']);
    await t.answer(['q']);
    const { code, screen: s } = await t.exit();
    // a counter over the fixes the review offers (a: 2, b: 1 unsafe, c: 1)
    expect(s).toMatch(/^fix 1\/4 {2}a\/Dockerfile:1:1 critical python-version$/m);
    expect(s).toMatch(/^fix 2\/4 {2}a\/Dockerfile:4:1 critical python-version$/m);
    expect(s).toMatch(/^fix 3\/4 {2}b\/Dockerfile:1:1 critical python-version$/m);
    expect(s).toMatch(/^Apply this fix\? \[y,n,f,a,q,\?\] y$/m);
    expect(s).toMatch(/^\+FROM python:3\.11-slim AS tests$/m);
    expect(s).toMatch(/1 fixed · 1 declined · 2 not reviewed · 3 services/); // b (unsafe) and c
    expect(code).toBe(1); // findings remain
    expect(git(dir, 'status', '--porcelain')).toBe(' M a/Dockerfile\n');
    expect(git(dir, 'diff', '--numstat')).toBe('1\t1\ta/Dockerfile\n');
    expect(read(dir, 'a/Dockerfile')).toMatch(/^FROM python:3\.11-slim AS tests\n/);
    expect(read(dir, 'a/Dockerfile')).toMatch(/^FROM python:3\.9-slim AS runtime$/m);
  });

  it('? shows the answers and asks again, leaving no ? behind; Ctrl-C quits keeping what was accepted', async () => {
    const dir = workspace();
    commitAll(dir);
    const t = terminal(dir, ['--interactive', '--only', 'python-version']);
    await t.answer(['?']);
    const help = await waitFor((s) => s.includes('y apply · n skip'), 'the help line');
    expect(help).not.toMatch(/\?\] \?/);
    tmux('send-keys', '-t', 'gf', 'y');
    await t.answer(['x']);
    await waitFor((s) => s.split('y apply · n skip').length > 2, 'the help line again');
    tmux('send-keys', '-t', 'gf', 'C-c');
    const { screen: s } = await t.exit();
    expect(s).toMatch(/Stopped: the fixes you accepted are written/);
    expect(git(dir, 'status', '--porcelain')).toBe(' M a/Dockerfile\n');
  });

  it('a file with uncommitted changes is not offered; it is named at the end', async () => {
    const dir = workspace();
    commitAll(dir);
    writeFileSync(join(dir, 'a/Dockerfile'), THREE_SERVICES['a/Dockerfile'] + '# local edit\n');
    const t = terminal(dir, ['-i', '--only', 'python-version']);
    await t.answer(['y']); // b (unsafe) is the first offer
    await t.answer(['y']);
    const { screen: s } = await t.exit();
    expect(s).not.toMatch(/a\/Dockerfile:1:1 critical/);
    expect(s).toMatch(/a\/Dockerfile: not written: has unstaged changes; commit or stash them first, or pass --allow-dirty/);
    expect(read(dir, 'a/Dockerfile')).toMatch(/# local edit\n$/);
    expect(git(dir, 'status', '--porcelain')).toBe(' M a/Dockerfile\n M b/Dockerfile\n M c/Dockerfile\n');
  });
});

describe('interactive without a terminal', () => {
  it('exits 2 and points to --dry-run / --write when stdin is not a TTY, writing nothing', () => {
    const dir = workspace();
    const r = cli(['-i', '--only', 'python-version'], dir, { input: 'y\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--interactive needs a terminal.*--dry-run.*--write/);
    expect(read(dir, 'c/Dockerfile')).toBe(THREE_SERVICES['c/Dockerfile']);
  });

  it('cannot be combined with --dry-run, a machine format, or --patch -', () => {
    const dir = workspace();
    expect(cli(['-i', '--dry-run'], dir).code).toBe(2);
    expect(cli(['-i', '--format', 'json'], dir).stderr).toMatch(/--interactive shows text/);
    expect(cli(['-i', '--patch', '-'], dir).code).toBe(2);
  });
});
