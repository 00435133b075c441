// The small pieces of the fleet-sized reports: short messages, plain-text help, GitHub escaping,
// baseline fingerprints.
import { describe, it, expect } from 'vitest';
import { shortMessage, cut } from '../src/report/short.js';
import { plainText } from '../src/report/plain-text.js';
import { annotation } from '../src/report/github.js';
import { fingerprint, Baseline } from '../src/report/baseline.js';
import { LineIndex } from '../src/engine/line-index.js';
import type { Finding } from '../src/engine/types.js';

const finding = (over: Partial<Finding> = {}): Finding => ({
  rule: 'python-version',
  severity: 'critical',
  file: 'svc/Dockerfile',
  start: 0,
  end: 4,
  startPos: { line: 1, column: 1 },
  endPos: { line: 1, column: 5 },
  message: 'Base image python:3.9-slim is Python 3.9; the fleet runs 3.11.',
  ...over,
});

describe('shortMessage', () => {
  it('keeps the first clause when it says enough, the first sentence otherwise', () => {
    expect(shortMessage('The final stage (base image python:3.9-slim) has no HEALTHCHECK: Docker cannot tell.', 120)).toBe('The final stage (base image python:3.9-slim) has no HEALTHCHECK');
    expect(shortMessage('Deployment web: no terminationGracePeriodSeconds (default 30 s): the sleep must fit.', 120)).toBe('Deployment web: no terminationGracePeriodSeconds (default 30 s)');
    expect(shortMessage('Base image python:3.9-slim is old. Move to 3.11.', 120)).toBe('Base image python:3.9-slim is old');
  });

  it('drops asides, then cuts at a word with an ellipsis, to fit', () => {
    expect(shortMessage('The final stage (base image php:8.0.9-apache, debian by its package manager) has no USER instruction, so it runs as root', 60)).toBe('The final stage has no USER instruction, so it runs as root');
    const s = shortMessage('word '.repeat(40), 30);
    expect(s.length).toBeLessThanOrEqual(30);
    expect(s).toMatch(/^word( word)*…$/);
    expect(cut('short', 10)).toBe('short');
  });
});

describe('plainText', () => {
  it('leaves no markdown debris: headings, code fences, backticks, emphasis, links', () => {
    const t = plainText('## What it does\nChecks `FROM` **lines**.\n\n```dockerfile\nFROM python:3.9\n```\n\n## References\n- [hadolint DL3006](https://example.org/dl3006)\n');
    expect(t).toBe('What it does:\nChecks FROM lines.\n\n    FROM python:3.9\n\nReferences:\n- hadolint DL3006 (https://example.org/dl3006)');
  });
});

describe('GitHub annotations', () => {
  it('escape what the workflow-command syntax gives a meaning to', () => {
    const a = annotation(finding({ file: 'a,b:c/Dockerfile', message: '100% wrong\nsecond line', severity: 'medium' }));
    expect(a).toBe('::warning file=a%2Cb%3Ac/Dockerfile,line=1,col=1,endLine=1,endColumn=5,title=guardfix python-version (medium)::100%25 wrong%0Asecond line');
  });
});

describe('baseline fingerprints', () => {
  it('survive the line moving, not the line changing', () => {
    const a = 'FROM python:3.9-slim\n';
    const b = '# a comment\n\nFROM   python:3.9-slim\n';
    const f = finding();
    const moved = finding({ startPos: { line: 3, column: 1 }, start: 13 });
    expect(fingerprint(moved, new LineIndex(b))).toBe(fingerprint(f, new LineIndex(a)));
    expect(fingerprint(f, new LineIndex('FROM python:3.8-slim\n'))).not.toBe(fingerprint(f, new LineIndex(a)));
    expect(fingerprint(finding({ rule: 'healthcheck' }), new LineIndex(a))).not.toBe(fingerprint(f, new LineIndex(a)));
  });

  it('counts findings alike: two known, a third is new', () => {
    const text = 'FROM python:3.9-slim\n';
    const fp = fingerprint(finding(), new LineIndex(text));
    const base = new Baseline([{ file: 'svc/Dockerfile', rule: 'python-version', fingerprint: fp, count: 2 }]);
    const three = [finding(), finding({ message: 'other' }), finding({ message: 'third' })];
    expect(base.unknown(three, text)).toEqual([three[2]]);
  });
});
