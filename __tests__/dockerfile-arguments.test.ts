// dockerfile-ast's argument scan, kept per instruction (src/languages/dockerfile-arguments.ts):
// every API read through it must answer as a fresh scan does, however often it is asked and
// whatever the library's own helpers did in between.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { From, Instruction } from 'dockerfile-ast';
import { dockerfile } from '../src/languages/dockerfile.js';
import { scanArguments } from '../src/languages/dockerfile-arguments.js';

const FIXTURES = join(import.meta.dirname, '..', '__testfixtures__');
const inputs = readdirSync(FIXTURES).flatMap((rule) =>
  readdirSync(join(FIXTURES, rule))
    .filter((f) => f.endsWith('.input.dockerfile'))
    .map((f) => readFileSync(join(FIXTURES, rule, f), 'utf8').replace(/\r\n/g, '\n')),
);

const plain = (args: { getValue(): string; getRange(): unknown }[]) => args.map((a) => [a.getValue(), a.getRange()]);

/** What the rules read of an instruction, each through getArguments(). */
function reading(ins: Instruction) {
  const flags = 'getFlags' in ins ? (ins as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags().map((f) => [f.getName(), f.getValue()]) : [];
  return { args: plain(ins.getArguments()), content: ins.getArgumentsContent(), range: ins.getArgumentsRange(), flags };
}

describe('arguments scanned once per instruction', () => {
  it('read the same as a fresh scan, on every Dockerfile fixture, asked again and again', () => {
    expect(inputs.length).toBeGreaterThan(50);
    for (const text of inputs) {
      for (const ins of dockerfile.parse(text).instructions()) {
        const first = reading(ins);
        const flagCount = first.flags.length;
        expect(first.args).toEqual(plain(scanArguments(ins).slice(flagCount)));
        expect(reading(ins)).toEqual(first);
      }
    }
  });

  it('survive From helpers that move the ends of the image range they are given', () => {
    const text = 'FROM registry.example.com:5000/team/python:3.12-slim AS build\nFROM localhost/python@sha256:abc\nFROM python\n';
    for (const ins of dockerfile.parse(text).instructions()) {
      const from = ins as From;
      const before = reading(from);
      const image = () => [from.getImageName(), from.getImageTag(), from.getRegistry(), from.getImageDigest(), from.getImageNameRange(), from.getRegistryRange()];
      const first = image();
      expect(first[0]).toMatch(/python/);
      expect(image()).toEqual(first);
      expect(reading(from)).toEqual(before);
      expect(from.getImageRange()).toEqual(before.args[0][1]);
    }
  });

  it('hand out a new array each time, so removing flags from one leaves the next whole', () => {
    const run = dockerfile.parse('FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache --network=none pip install x\n').instructions()[1];
    const a = run.getArguments();
    a.length = 0;
    expect(run.getArguments().map((x) => x.getValue())).toEqual(['pip', 'install', 'x']);
    expect(run.getArguments().map((x) => x.getValue())).toEqual(['pip', 'install', 'x']);
  });
});
