// The source's dependencies point one way (README "Layout"):
//   cli → commands → report → transforms → service → engine pipeline → languages → engine core
// Type-only imports count too: a type that points upwards is a dependency all the same.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from './helpers/cli.js';

const SRC = join(ROOT, 'src');

/** The engine's bottom: data types and helpers that know no pipeline and no language. */
const ENGINE_CORE = ['types', 'reads', 'source-file', 'line-index', 'interner', 'errors', 'profile', 'timing', 'parse-text'].map((n) => `engine/${n}.ts`);

const LAYERS = ['engine-core', 'languages', 'engine', 'service', 'transforms', 'report', 'commands', 'cli'] as const;
type Layer = (typeof LAYERS)[number];

function layerOf(file: string): Layer {
  if (ENGINE_CORE.includes(file)) return 'engine-core';
  const top = file.split('/')[0];
  if (top === 'cli.ts' || top === 'index.ts' || top === 'version.ts') return 'cli';
  if ((LAYERS as readonly string[]).includes(top)) return top as Layer;
  throw new Error(`src/${file} is in no layer`);
}

function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [relative(SRC, p)] : [];
  });
}

/** Relative imports of a file, as paths under src/ (`.js` specifiers name the `.ts` sources). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*'(\.[^']+)'|\bimport\(\s*'(\.[^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]);
  return specs.map((s) => relative(SRC, resolve(SRC, dirname(file), s)).replace(/\.js$/, '.ts'));
}

const FILES = sources();
const rank = (l: Layer) => LAYERS.indexOf(l);
/** `version.ts` is a constant every layer may print; `data/*.json` are sourced tables any layer may read. */
const anywhere = (target: string) => target === 'version.ts' || /^data\/[^/]+\.json$/.test(target);

describe('layers', () => {
  it('finds the sources and their imports', () => {
    expect(FILES.length).toBeGreaterThan(50);
    expect(importsOf('engine/run.ts')).toContain('engine/check-file.ts');
  });

  it('no module imports a higher layer', () => {
    const upwards: string[] = [];
    for (const file of FILES) {
      for (const target of importsOf(file)) {
        if (anywhere(target)) continue;
        if (rank(layerOf(target)) > rank(layerOf(file))) upwards.push(`src/${file} (${layerOf(file)}) → src/${target} (${layerOf(target)})`);
      }
    }
    expect(upwards).toEqual([]);
  });

  it('no rule imports another rule, and the rest of the code reads rules only through the registry', () => {
    const ruleOf = (f: string) => (/^transforms\/([^/]+)\//.exec(f) ?? [])[1];
    const wrong: string[] = [];
    for (const file of FILES) {
      for (const target of importsOf(file)) {
        const rule = ruleOf(target);
        if (!rule || file === 'transforms/index.ts') continue;
        if (ruleOf(file) !== rule) wrong.push(`src/${file} → src/${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the engine names no domain module (rules, service facts): they come in through the plugin', () => {
    const named = FILES.filter((f) => f.startsWith('engine/')).flatMap((f) =>
      importsOf(f)
        .filter((t) => /^(transforms|service)\//.test(t))
        .map((t) => `src/${f} → src/${t}`),
    );
    expect(named).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map(FILES.map((f) => [f, importsOf(f).filter((t) => FILES.includes(t))]));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const t of graph.get(f)!) visit(t, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of FILES) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
