// The one fix loop both modes share: batch (--write) and one confirmed fix per pass (-i).
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixFile, type Env, type Offer, type Verdict } from '../src/engine/fix-loop.js';
import { SourceFile } from '../src/engine/source-file.js';
import { DEFAULT_PROFILE } from '../src/engine/profile.js';
import type { Language } from '../src/engine/types.js';
import type { Rule } from '../src/engine/rule.js';

const dir = mkdtempSync(join(tmpdir(), 'guardfix-fixloop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A language where "BAD" is a syntax error, and rules that find words.
const lang: Language<string> = { id: 'text', matches: () => false, parse: (t) => t, errors: (_d, t) => (t.includes('BAD') ? [{ message: 'bad' }] : []) };
function wordRule(id: string, word: string, fix: (start: number) => { start: number; end: number; text: string }[]): Rule {
  return {
    meta: { id, languages: ['text'], severity: 'low', category: 'Code Quality', summary: id, fix: 'always', sources: [], docs: '' },
    check(ctx) {
      for (const m of ctx.text.matchAll(new RegExp(`\\b${word}\\b`, 'g'))) {
        ctx.report({ start: m.index!, end: m.index! + word.length, message: word, fix: { title: `fix ${word}`, applicability: 'safe', edits: fix(m.index!) } });
      }
    },
  };
}
const upper = wordRule('upper', 'fix', (s) => [{ start: s, end: s + 3, text: 'FIXED' }]);
const boom = wordRule('boom', 'boom', (s) => [{ start: s, end: s + 4, text: 'BAD' }]);
// Reported at its word, but edits the start of the file (as a rule adding a line at the top does).
const headerWord = wordRule('header', 'hdr', () => [{ start: 0, end: 0, text: '#\n' }]);
const header: Rule = { meta: headerWord.meta, check: (ctx) => (ctx.text.startsWith('#') ? undefined : headerWord.check(ctx)) };

function fileWith(text: string): SourceFile {
  const p = join(dir, `f${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(p, text);
  return new SourceFile(p, 'f.txt', 'text', 1e6);
}
function env(confirm?: (o: Offer) => Promise<Verdict>): Env {
  return { workspace: { serviceOf: () => undefined } as unknown as Env['workspace'], profile: DEFAULT_PROFILE, options: { online: false }, accept: (f) => !!f.fix, confirm };
}
function answering(...answers: Verdict[]) {
  const offers: Offer[] = [];
  return { offers, confirm: async (o: Offer) => (offers.push(o), answers.shift() ?? 'quit') };
}

describe('fix loop', () => {
  it('releases every parse of a fixed text when it ends, and not the parse it was given', async () => {
    type Doc = { text: string };
    const made: Doc[] = [];
    const released: Doc[] = [];
    const tracked: Language<Doc> = {
      id: 'text',
      matches: () => false,
      parse: (text) => (made.push({ text }), made[made.length - 1]),
      errors: (d) => (d.text.includes('BAD') ? [{ message: 'bad' }] : []),
      release: (d) => void released.push(d),
    };
    const file = fileWith('fix boom fix\n');
    const given = { text: file.text };
    const o = await fixFile(file, tracked, given, [upper, boom], env());
    expect(o.output).toBe('FIXED boom FIXED\n');
    // the batch that did not parse, each fix tried alone, the text the loop ended on: each once
    expect(made.map((d) => d.text)).toContain('FIXED BAD FIXED\n');
    expect(released).toHaveLength(made.length);
    expect(new Set(released)).toEqual(new Set(made));
    expect(released).not.toContain(given);
  });

  it('batch: a fix whose output does not parse is dropped once, even when an earlier fix moves it', async () => {
    const file = fileWith('fix boom fix\n');
    const o = await fixFile(file, lang, file.text, [upper, boom], env());
    expect(o.output).toBe('FIXED boom FIXED\n');
    expect(o.dropped).toEqual([{ rule: 'boom', title: 'fix boom', applicability: 'safe', reason: 'its output does not parse' }]);
  });

  it('confirm: one fix per pass, each offered on the text the accepted ones left', async () => {
    const file = fileWith('fix fix fix\n');
    const a = answering('yes', 'no', 'yes');
    const o = await fixFile(file, lang, file.text, [upper], env(a.confirm));
    expect(a.offers.map((x) => x.before)).toEqual(['fix fix fix\n', 'FIXED fix fix\n', 'FIXED fix fix\n']);
    expect(a.offers[1].before).toBe(a.offers[0].after);
    expect(o.output).toBe('FIXED fix FIXED\n');
    expect(o.output).toBe(a.offers[2].after);
    expect([...o.left!.values()]).toEqual(['declined']);
  });

  it('confirm: a declined fix is not offered again after an accepted fix moved it', async () => {
    const file = fileWith('fix hdr\n');
    const a = answering('no', 'yes');
    const o = await fixFile(file, lang, file.text, [upper, header], env(a.confirm));
    expect(o.output).toBe('#\nfix hdr\n');
    expect(a.offers.map((x) => x.finding.rule)).toEqual(['upper', 'header']);
  });

  it('confirm: a fix whose output does not parse is never offered', async () => {
    const file = fileWith('boom fix\n');
    const a = answering('yes');
    const o = await fixFile(file, lang, file.text, [upper, boom], env(a.confirm));
    expect(a.offers.map((x) => x.finding.rule)).toEqual(['upper']);
    expect(o.dropped).toHaveLength(1);
    expect(o.output).toBe('boom FIXED\n');
  });

  it('confirm: quit keeps the accepted fixes and counts the rest as not reviewed', async () => {
    const file = fileWith('fix fix fix\n');
    const a = answering('yes', 'quit');
    const o = await fixFile(file, lang, file.text, [upper], env(a.confirm));
    expect(o.output).toBe('FIXED fix fix\n');
    expect(o.applied).toHaveLength(1);
    expect([...o.left!.values()]).toEqual(['unreviewed', 'unreviewed']);
  });
});
