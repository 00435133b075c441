// guardfix.config.json / .yaml / .yml, or a "guardfix" key in package.json — found by lilconfig
// from the working folder up, validated with zod. Every mistake names the file, the key and
// what was expected, and the CLI exits 2.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { lilconfigSync, type LilconfigResult } from 'lilconfig';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DEFAULT_PROFILE, type Profile } from './profile.js';
import { SEVERITIES, type Severity } from './types.js';

export class ConfigError extends Error {}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

export interface Config {
  /** where it came from, for messages and relative paths */
  file?: string;
  rules: Record<string, { enabled?: boolean; severity?: Severity }>;
  profile: DeepPartial<Profile>;
  ignore: string[];
  reference?: string;
}

const severity = z.enum(SEVERITIES as [Severity, ...Severity[]]);

/** A strict schema mirroring the shape of a default value: every profile field a rule adds is configurable. */
function schemaLike(value: unknown): z.ZodType {
  if (Array.isArray(value)) return z.array(value.length ? schemaLike(value[0]) : z.unknown());
  switch (typeof value) {
    case 'string':
      return z.string();
    case 'number':
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'object':
      if (value === null) return z.unknown();
      return z.strictObject(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, schemaLike(v).optional()])));
    default:
      return z.unknown();
  }
}

function configSchema(ids: readonly string[]) {
  const ruleSetting = z.union([z.enum(['off', 'on']), severity, z.strictObject({ enabled: z.boolean().optional(), severity: severity.optional() })]);
  return z.strictObject({
    $schema: z.string().optional(),
    rules: z
      .record(z.string(), ruleSetting)
      .superRefine((rules, ctx) => {
        for (const k of Object.keys(rules)) {
          if (!ids.includes(k)) ctx.addIssue({ code: 'custom', path: [k], message: `unknown rule (expected one of: ${ids.join(', ')})` });
        }
      })
      .optional(),
    profile: schemaLike(DEFAULT_PROFILE).optional(),
    ignore: z.array(z.string()).optional(),
    reference: z.string().optional(),
  });
}

function describe(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    return `${path ? `${path}: ` : ''}unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`;
  }
  return `${path || '(top level)'}: ${issue.message}`;
}

/** A syntax error names the file and the line: `guardfix.config.yaml:3:1: …`. */
const yamlLoader = (path: string, content: string) => {
  try {
    return parseYaml(content);
  } catch (e) {
    const pos = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const what = (e as Error).message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(`${path}${pos ? `:${pos.line}:${pos.col}` : ''}: YAML syntax error: ${what}`);
  }
};

const jsonLoader = (path: string, content: string) => {
  try {
    return JSON.parse(content);
  } catch (e) {
    // V8: "… in JSON at position 42" (newer versions add "(line 3 column 5)")
    const msg = (e as Error).message.replace(/\s*\(line \d+ column \d+\)$/, '');
    const at = /at position (\d+)/.exec(msg);
    const before = at ? content.slice(0, Number(at[1])).split('\n') : undefined;
    const where = before ? `:${before.length}:${before[before.length - 1].length + 1}` : '';
    throw new ConfigError(`${path}${where}: JSON syntax error: ${msg}`);
  }
};

const PLACES = ['package.json', 'guardfix.config.json', 'guardfix.config.yaml', 'guardfix.config.yml'];

/** The configuration files in one folder (package.json only with a "guardfix" key). */
function configsIn(dir: string): string[] {
  return PLACES.map((p) => join(dir, p)).filter((p) => {
    if (!existsSync(p)) return false;
    if (basename(p) !== 'package.json') return true;
    try {
      return Object.hasOwn(JSON.parse(readFileSync(p, 'utf8')) ?? {}, 'guardfix');
    } catch {
      return false;
    }
  });
}

/** `ruleIds`: every rule id a configuration may name. */
export function normalize(raw: unknown, ruleIds: readonly string[], file?: string): Config {
  const parsed = configSchema(ruleIds).safeParse(raw ?? {});
  if (!parsed.success) {
    throw new ConfigError(`${file ?? 'configuration'}: ${parsed.error.issues.map(describe).join('; ')}`);
  }
  const data = parsed.data as { rules?: Record<string, unknown>; profile?: DeepPartial<Profile>; ignore?: string[]; reference?: string };
  const rules: Config['rules'] = {};
  for (const [id, v] of Object.entries(data.rules ?? {})) {
    if (v === 'off') rules[id] = { enabled: false };
    else if (v === 'on') rules[id] = { enabled: true };
    else if (typeof v === 'string') rules[id] = { severity: v as Severity };
    else rules[id] = v as Config['rules'][string];
  }
  const base = file ? dirname(file) : process.cwd();
  return {
    file,
    rules,
    profile: data.profile ?? {},
    ignore: data.ignore ?? [],
    reference: data.reference ? resolve(base, data.reference) : undefined,
  };
}

/** `explicit`: a --config path; otherwise searched from `cwd` upwards. */
export function loadConfig(cwd: string, ruleIds: readonly string[], explicit?: string): Config {
  const explorer = lilconfigSync('guardfix', {
    searchPlaces: PLACES,
    loaders: { '.yaml': yamlLoader, '.yml': yamlLoader, '.json': jsonLoader },
  });
  let found: LilconfigResult;
  try {
    found = explicit ? explorer.load(resolve(cwd, explicit)) : explorer.search(cwd);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const where = explicit ?? (e as { filepath?: string }).filepath ?? 'configuration';
    throw new ConfigError(`${where}: cannot be read (${(e as Error).message.split('\n')[0]})`);
  }
  if (!found) return normalize({}, ruleIds);
  // Which one wins would be a guess (lilconfig takes the first it tries): refuse, like ESLint.
  const rivals = explicit ? [] : configsIn(dirname(found.filepath));
  if (rivals.length > 1) throw new ConfigError(`${rivals.join(' and ')}: two configuration files in one folder; keep one`);
  return normalize(found.config, ruleIds, found.filepath);
}

/** defaults < learned (reference) < configured */
export function mergeProfile(...layers: DeepPartial<Profile>[]): Profile {
  const out = structuredClone(DEFAULT_PROFILE) as unknown as Record<string, unknown>;
  for (const layer of layers) deepAssign(out, layer as Record<string, unknown>);
  return out as unknown as Profile;
}

function deepAssign(target: Record<string, unknown>, src: Record<string, unknown>) {
  for (const [k, v] of Object.entries(src ?? {})) {
    if (v === undefined) continue;
    const t = target[k];
    if (v && typeof v === 'object' && !Array.isArray(v) && t && typeof t === 'object' && !Array.isArray(t)) {
      deepAssign(t as Record<string, unknown>, v as Record<string, unknown>);
    } else target[k] = structuredClone(v);
  }
}

