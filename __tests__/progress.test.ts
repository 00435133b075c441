// The progress line: silent for the first second, throttled, erased before the report.
import { describe, it, expect } from 'vitest';
import { progressFor, isInteractiveTerminal } from '../src/report/progress.js';

function fakeStream(isTTY = true, columns = 80) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns, write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WriteStream };
}

describe('progress', () => {
  it('draws nothing during the first second, then at most every 80 ms, and clears what it drew', () => {
    let t = 0;
    const { chunks, stream } = fakeStream();
    const p = progressFor(stream, { enabled: true, now: () => t });
    t = 500;
    p.update({ done: 1, total: 100, services: 3 });
    p.clear();
    expect(chunks).toEqual([]); // a quick run leaves the terminal alone
    t = 1000;
    p.update({ done: 2, total: 100, services: 3 });
    t = 1010;
    p.update({ done: 3, total: 100, services: 3 });
    t = 1100;
    p.update({ done: 4, total: 100, services: 1 });
    expect(chunks).toEqual(['\r\u001b[2Kguardfix: checked 2/100 files · 3 services', '\r\u001b[2Kguardfix: checked 4/100 files · 1 service']);
    p.clear();
    p.clear();
    expect(chunks.slice(2)).toEqual(['\r\u001b[2K']);
  });

  it('never longer than the terminal is wide (a wrapped line could not be erased)', () => {
    let t = 5000;
    const { chunks, stream } = fakeStream(true, 40);
    const p = progressFor(stream, { enabled: true, now: () => t, delayMs: 0 });
    t += 100;
    p.update({ done: 123456, total: 9999999, services: 12345 });
    expect(chunks[0].replace('\r\u001b[2K', '').length).toBeLessThan(40);
  });

  it('disabled: no output at all', () => {
    const { chunks, stream } = fakeStream();
    const p = progressFor(stream, { enabled: false, delayMs: 0 });
    p.update({ done: 1, total: 1, services: 1 });
    p.clear();
    expect(chunks).toEqual([]);
  });

  it('only a terminal a person watches: not a pipe, not CI, not TERM=dumb', () => {
    expect(isInteractiveTerminal(fakeStream(true).stream, {})).toBe(true);
    expect(isInteractiveTerminal(fakeStream(false).stream, {})).toBe(false);
    expect(isInteractiveTerminal(fakeStream(true).stream, { CI: 'true' })).toBe(false);
    expect(isInteractiveTerminal(fakeStream(true).stream, { TERM: 'dumb' })).toBe(false);
  });
});
