import type { Arg, From } from 'dockerfile-ast';
import { defineTransform } from '../define.js';
import type { DockerDoc } from '../../languages/dockerfile.js';
import type { Edit, Fix, Report } from '../../engine/types.js';
import { docs } from './docs.js';

// End-of-life dates of CPython minors, for the message (python.org/downloads, PEP 602).
const EOL: Record<number, string> = { 6: '2021-12', 7: '2023-06', 8: '2024-10', 9: '2025-10', 10: '2026-10' };
/** Debian releases that python:3.11+ images are not published for, and what replaces them. */
const RETIRED_DEBIAN: Record<string, string> = { jessie: 'bookworm', stretch: 'bookworm', buster: 'bookworm' };
/** python:3.11 images start at alpine3.15; an older pin has no 3.11 tag. */
const OLDEST_ALPINE_MINOR = 15;

interface Version {
  major: number;
  minor: number;
  patch?: number;
}

function parseVersion(v: string): Version | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(v.trim());
  return m ? { major: +m[1], minor: +m[2], patch: m[3] === undefined ? undefined : +m[3] } : undefined;
}

/** A string whose every character remembers where it came from (-1: nowhere editable). */
interface Traced {
  text: string;
  at: number[];
}

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Substitutes the global ARG defaults into a FROM image, tracing each character to its source. */
function resolve(raw: string, rawStart: number, args: Map<string, Traced>): Traced | undefined {
  const out: Traced = { text: '', at: [] };
  let last = 0;
  for (const m of raw.matchAll(VAR)) {
    const idx = m.index!;
    for (let i = last; i < idx; i++) push(out, raw[i], rawStart + i);
    const name = m[1] ?? m[4];
    const value = args.get(name);
    if (value && value.text !== '' && m[2] !== '+') {
      out.text += value.text;
      out.at.push(...value.at);
    } else if (m[2] === '-') {
      const defStart = idx + m[0].indexOf(m[2]) + 1;
      for (let i = 0; i < m[3].length; i++) push(out, m[3][i], rawStart + defStart + i);
    } else {
      return undefined; // no default: the image is decided at build time
    }
    last = idx + m[0].length;
  }
  for (let i = last; i < raw.length; i++) push(out, raw[i], rawStart + i);
  return out;
}

function push(t: Traced, ch: string, at: number) {
  t.text += ch;
  t.at.push(at);
}

/** The source range of traced[start, end) when it is one contiguous run, else undefined. */
function sourceRange(t: Traced, start: number, end: number): { start: number; end: number } | undefined {
  if (end <= start) return undefined;
  for (let i = start; i < end; i++) {
    if (t.at[i] < 0 || (i > start && t.at[i] !== t.at[i - 1] + 1)) return undefined;
  }
  return { start: t.at[start], end: t.at[end - 1] + 1 };
}

function globalArgs(doc: DockerDoc): Map<string, Traced> {
  const args = new Map<string, Traced>();
  for (const arg of doc.ast.getInitialARGs() as Arg[]) {
    const prop = arg.getProperty();
    const value = prop?.getValue();
    const range = prop?.getValueRange();
    if (!prop || value == null || !range) continue;
    const { start, end } = doc.range(range);
    const rawValue = doc.text.slice(start, end);
    const at = rawValue.indexOf(value);
    args.set(prop.getName(), {
      text: value,
      at: [...value].map((_, i) => (at < 0 ? -1 : start + at + i)),
    });
  }
  return args;
}

/** New variant suffix for the target, and why it is unsafe when it had to change. */
function variantFor(variant: string): { variant: string; unsafe?: string } {
  let out = variant;
  const notes: string[] = [];
  for (const [old, next] of Object.entries(RETIRED_DEBIAN)) {
    const re = new RegExp(`(^|-)${old}(?=$|-)`);
    if (re.test(out)) {
      out = out.replace(re, `$1${next}`);
      notes.push(`there are no ${old} images for the target, so the fix moves to Debian ${next}, whose OS packages differ`);
    }
  }
  const alpine = /(^|-)alpine3\.(\d+)(?=$|-)/.exec(out);
  if (alpine && +alpine[2] < OLDEST_ALPINE_MINOR) {
    out = out.replace(alpine[0], `${alpine[1]}alpine`);
    notes.push(`there are no alpine3.${alpine[2]} images for the target, so the fix uses the current alpine, whose packages differ`);
  }
  return { variant: out, unsafe: notes.length ? notes.join('; ') : undefined };
}

export default defineTransform<DockerDoc>({
  meta: {
    id: 'python-version',
    languages: ['dockerfile'],
    severity: 'critical',
    category: 'Python Version',
    summary: 'Build on the fleet\'s Python version (3.11), not an older one',
    fix: 'sometimes',
    applicability: 'safe',
    sources: ['Renovate docker versioning (keeps the tag suffix and precision)'],
    docs,
  },
  check(ctx) {
    const doc = ctx.doc;
    const target = parseVersion(ctx.profile.pythonVersion);
    if (!target) return;
    const args = globalArgs(doc);
    const stageNames = new Set<string>();
    const editedRanges = new Set<string>();
    const upgradedMinors = new Set<number>();
    let pathFix: Fix | undefined;
    const reports: Report[] = [];

    for (const from of doc.ast.getFROMs() as From[]) {
      const imageRange = from.getImageRange();
      const stage = from.getBuildStage();
      const rawImage = imageRange ? doc.slice(imageRange) : '';
      const fromStage = stageNames.has(rawImage.toLowerCase());
      if (stage) stageNames.add(stage.toLowerCase());
      if (!imageRange || fromStage) continue; // FROM <earlier stage>
      const image = resolve(rawImage, doc.range(imageRange).start, args);
      if (!image) continue;
      const ref = /^(?:(.*)\/)?([^/:@]+)(?::([^@]+))?(?:@(.+))?$/.exec(image.text);
      if (!ref || ref[2].toLowerCase() !== 'python' || !ref[3]) continue;
      const tag = ref[3];
      const tagStart = image.text.length - tag.length - (ref[4] ? ref[4].length + 1 : 0);
      const m = /^(\d+)\.(\d+)(?:\.(\d+))?((?:-.*)?)$/.exec(tag);
      if (!m || +m[1] !== target.major || +m[2] >= target.minor) continue;
      const minor = +m[2];
      const eol = EOL[minor] ? ` (end of life since ${EOL[minor]})` : '';
      const start = doc.offset(from.getRange().start);
      const end = doc.offset(from.getRange().end);
      const base = `Base image python:${tag}${ref[4] ? '@…' : ''} is Python 3.${minor}${eol}; the fleet runs ${target.major}.${target.minor}`;

      if (ref[4]) {
        ctx.report({ start, end, message: `${base}. The image is pinned by digest: update the tag and its digest together (no autofix).` });
        continue;
      }
      const unsafe: string[] = [];
      let version: string;
      if (m[3] !== undefined) {
        if (target.patch !== undefined) version = `${target.major}.${target.minor}.${target.patch}`;
        else {
          version = `${target.major}.${target.minor}`;
          unsafe.push(`the tag pins patch 3.${minor}.${m[3]} and the profile names no ${target.major}.${target.minor} patch, so the pin becomes ${version}`);
        }
      } else version = `${target.major}.${target.minor}`;
      const v = variantFor(m[4]);
      if (v.unsafe) unsafe.push(v.unsafe);
      const newTag = version + v.variant;
      const whole = sourceRange(image, tagStart, tagStart + tag.length);
      const versionLen = m[0].length - m[4].length;
      const versionOnly = v.variant === m[4] ? sourceRange(image, tagStart, tagStart + versionLen) : undefined;
      const edit: Edit | undefined = whole
        ? { ...whole, text: newTag }
        : versionOnly
          ? { ...versionOnly, text: version }
          : undefined;
      if (!edit) {
        ctx.report({ start, end, message: `${base}. The tag is assembled from build arguments in a way guardfix cannot rewrite safely; change it to python:${newTag}.` });
        continue;
      }
      const key = `${edit.start}:${edit.end}`;
      const shared = editedRanges.has(key);
      editedRanges.add(key);
      upgradedMinors.add(minor);
      const fix: Fix | undefined = shared
        ? undefined
        : {
            title: `Use python:${newTag}`,
            applicability: unsafe.length ? 'unsafe' : 'safe',
            edits: [edit],
          };
      if (fix && !pathFix) pathFix = fix;
      reports.push({
        start,
        end,
        message: `${base}.${unsafe.length ? ` The fix is unsafe: ${unsafe.join('; ')}.` : ''}${shared ? ' (Fixed with the build argument above.)' : ''}`,
        fix,
      });
    }

    if (pathFix && upgradedMinors.size) {
      // python3.X paths must follow the interpreter, or COPYs of site-packages break.
      const minors = [...upgradedMinors].join('|');
      const re = new RegExp(`\\bpython${target.major}\\.(?:${minors})(?![0-9])`, 'g');
      const taken = new Set(pathFix.edits.map((e) => e.start));
      for (const ins of doc.instructions()) {
        const kw = ins.getKeyword();
        if (kw === 'FROM') continue;
        const { start, end } = doc.range(ins.getRange());
        const body = doc.text.slice(start, end);
        for (const m of body.matchAll(re)) {
          const at = start + m.index!;
          if (taken.has(at)) continue;
          pathFix.edits.push({ start: at, end: at + m[0].length, text: `python${target.major}.${target.minor}` });
        }
      }
    }
    for (const r of reports) ctx.report(r);
  },
});
