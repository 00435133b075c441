import type { From } from 'dockerfile-ast';
import { defineTransform } from '../define.js';
import type { DockerDoc, Stage } from '../../languages/dockerfile.js';
import { loadShell } from '../../languages/shell.js';
import type { Edit, Fix, Report } from '../../engine/types.js';
import { docs } from './docs.js';
import { pythonSide } from './python-side.js';
import { crossCopies, pathEdits, reachedStages } from './stages.js';
import { globalArgs, resolve, sourceRange, type Traced } from './trace.js';
import { planTag, type TagPlan } from './target-tag.js';
import { releaseName } from './image-tags.js';
import { checkMove } from './os-move.js';

// End-of-life dates of CPython minors, for the message (python.org/downloads, PEP 602).
const EOL: Record<number, string> = { 5: '2020-09', 6: '2021-12', 7: '2023-06', 8: '2024-10', 9: '2025-10', 10: '2026-10' };

/** Registries that serve Docker Hub's official images under the same tags. */
const HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);
const HUB_MIRRORS = [/^mirror\.gcr\.io\/(library\/)?python$/, /^public\.ecr\.aws\/docker\/library\/python$/];

type Source =
  /** Docker Hub's python, or a public mirror of it */
  | { kind: 'official' }
  /** a registry that looks like a pull-through cache of Docker Hub (…/library/python) */
  | { kind: 'mirror'; registry: string }
  /** some other image named python, whose tags guardfix cannot know */
  | { kind: 'other'; name: string };

function sourceOf(repo: string): Source | undefined {
  const parts = repo.split('/');
  const registry = parts.length > 1 && /[.:]|^localhost$/.test(parts[0]) ? parts[0] : undefined;
  const path = (registry ? parts.slice(1) : parts).join('/');
  if (parts[parts.length - 1].toLowerCase() !== 'python') return undefined;
  if ((!registry || HUB.has(registry.toLowerCase())) && (path === 'python' || path === 'library/python')) return { kind: 'official' };
  if (HUB_MIRRORS.some((re) => re.test(repo.toLowerCase()))) return { kind: 'official' };
  if (registry && /(^|\/)library\/python$/.test(path)) return { kind: 'mirror', registry };
  return { kind: 'other', name: repo };
}

/** One outdated python FROM, and what the fix does to it. */
interface Plan {
  from: From;
  stage: Stage;
  start: number;
  end: number;
  base: string;
  /** the old minor, `9` of 3.9 */
  oldMinor: number;
  oldTag: string;
  oldVariant: string;
  tag?: TagPlan;
  edits: Edit[];
  unsafe: string[];
  blockers: string[];
  notes: string[];
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
    sources: ['Renovate docker versioning (keeps the tag suffix and precision)', 'docker-library/official-images library/python (published tags)'],
    docs,
  },
  async check(ctx) {
    const doc = ctx.doc;
    const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(ctx.profile.pythonVersion.trim());
    if (!m) return;
    const target = { major: +m[1], minor: +m[2], patch: m[3] === undefined ? undefined : +m[3] };
    const targetMinor = `${target.major}.${target.minor}`;
    const plans = outdated(doc, target, targetMinor);
    if (!plans.length) return;
    await loadShell();
    const stages = doc.stages();

    // The OS side, per FROM: the stages built on it, on the release the new tag is.
    for (const p of plans) {
      if (!p.tag?.tag || !p.tag.to) continue;
      const moved = !(p.tag.from.size === 1 && p.tag.from.has(p.tag.to));
      if (!moved) continue;
      const reach = stages.filter((s) => reachedStages(stages, [p.stage]).has(s.index));
      const check = checkMove(doc, reach.flatMap((s) => s.instructions), p.tag.from, p.tag.to);
      p.unsafe.push(...check.unsafe);
      p.blockers.push(...check.blockers);
      p.edits.push(...check.edits);
      const vouched = check.vouched.length ? `the packages apt installs here (${[...new Set(check.vouched)].join(', ')}) install on ${releaseName(p.tag.to)}` : '';
      if (p.tag.variant !== p.oldVariant) {
        // The note on the variant already says where the image moves.
        if (vouched) p.notes.push(vouched);
        continue;
      }
      const history = p.tag.from.size > 1 ? `has been ${describe(p.tag.from)} over time` : p.tag.from.has('unknown') ? `is a release guardfix cannot name` : `is ${describe(p.tag.from)}`;
      p.notes.push(`python:${p.tag.tag} is ${releaseName(p.tag.to)}, while python:${p.oldTag} ${history}${vouched ? `; ${vouched}` : ''}`);
    }

    // One fix for each group of FROMs that must move together (a builder and the runtime that
    // copies its site-packages, stages built on one another, a shared ARG), or none of them.
    const reports: Report[] = [];
    for (const group of related(doc, stages, plans)) {
      const reached = reachedStages(stages, group.map((p) => p.stage));
      const alpine = group.some((p) => p.tag?.to?.startsWith('alpine'));
      const oldest = `${target.major}.${Math.min(...group.map((p) => p.oldMinor))}`;
      const py = pythonSide(ctx, stages.filter((s) => reached.has(s.index)).flatMap((s) => s.instructions), ctx.profile.pythonVersion.trim(), oldest, alpine);
      const copies = crossCopies(doc, stages, reached);
      const blockers = [...new Set([...group.flatMap((p) => p.blockers), ...py.blockers, ...copies.blockers])];
      const unsafe = [...new Set([...group.flatMap((p) => p.unsafe), ...py.unsafe])];
      let fix: Fix | undefined;
      if (!blockers.length) {
        const edits = mergeEdits([...group.flatMap((p) => p.edits), ...pathEdits(doc, stages, group.map((p) => p.stage), group.map((p) => p.oldMinor), target)]);
        if (edits) fix = { title: `Use ${[...new Set(group.map((p) => `python:${p.tag!.tag}`))].join(', ')}`, applicability: unsafe.length ? 'unsafe' : 'safe', edits };
        else blockers.push('the build arguments the tags are made of are shared in ways guardfix cannot rewrite safely');
      }
      const first = group[0];
      group.forEach((p, i) => {
        const parts = [p.base, ...p.notes.map(sentence)];
        if (i > 0) parts.push(fix ? `The fix reported on line ${lineOf(doc, first.start)} changes this image too.` : `No fix: see line ${lineOf(doc, first.start)}.`);
        else if (blockers.length) parts.push(`No fix: ${blockers.join('; ')}.`);
        else if (unsafe.length) parts.push(`The fix is unsafe: ${unsafe.join('; ')}.`);
        reports.push({ start: p.start, end: p.end, message: parts.join(' '), fix: i === 0 ? fix : undefined });
      });
    }
    reports.sort((a, b) => a.start - b.start);
    for (const r of reports) ctx.report(r);
  },
});

// Identifiers (`python:3.11-slim`) keep their case at the start of a sentence.
const sentence = (s: string) => `${/^python:/.test(s) ? s[0] : s[0].toUpperCase()}${s.slice(1)}.`;

/** "Debian buster, bullseye and bookworm", "Alpine 3.12 to 3.22" */
function describe(releases: Set<string>): string {
  const named = [...releases].filter((r) => r !== 'unknown');
  const debian = named.filter((r) => !r.startsWith('alpine') && r !== 'windows');
  const alpine = named.filter((r) => r.startsWith('alpine')).map((r) => r.slice(6));
  const parts: string[] = [];
  if (debian.length) parts.push(`Debian ${debian.length > 1 ? `${debian.slice(0, -1).join(', ')} and ${debian[debian.length - 1]}` : debian[0]}`);
  if (alpine.length) parts.push(alpine.length > 1 ? `Alpine ${alpine[0]} to ${alpine[alpine.length - 1]}` : `Alpine ${alpine[0]}`);
  if (named.includes('windows')) parts.push(releaseName('windows'));
  const text = parts.join(', ');
  return releases.has('unknown') ? `${text}${text ? ' and ' : ''}releases guardfix cannot name` : text;
}

function lineOf(doc: DockerDoc, offset: number): number {
  return doc.lines.lineOf(offset) + 1;
}

/**
 * The plans that must move together, in file order: those whose stages are built on one another,
 * that copy or mount from one another's stages, or whose tags share an edited ARG.
 */
function related(doc: DockerDoc, stages: Stage[], plans: Plan[]): Plan[][] {
  if (plans.length === 1) return [plans];
  const up = plans.map((_, i) => i);
  const find = (i: number): number => (up[i] === i ? i : (up[i] = find(up[i])));
  const reach = plans.map((p) => reachedStages(stages, [p.stage]));
  const refs = reach.map((r) => {
    const out = new Set<string>();
    for (const s of stages) {
      if (!r.has(s.index)) continue;
      for (const ins of s.instructions) {
        for (const m of doc.slice(ins.getRange()).matchAll(/--(?:from|mount=[^\s]*?\bfrom)=([^\s,]+)/gi)) out.add(m[1].toLowerCase());
      }
    }
    return out;
  });
  const names = reach.map((r) => new Set(stages.filter((s) => r.has(s.index)).flatMap((s) => [s.name ?? '', String(s.index)])));
  const edits = plans.map((p) => new Set(p.edits.map((e) => `${e.start}:${e.end}`)));
  for (let i = 0; i < plans.length; i++) {
    for (let j = i + 1; j < plans.length; j++) {
      const together =
        [...reach[i]].some((x) => reach[j].has(x)) ||
        [...refs[i]].some((x) => names[j].has(x)) ||
        [...refs[j]].some((x) => names[i].has(x)) ||
        [...edits[i]].some((x) => edits[j].has(x));
      if (together) up[find(j)] = find(i);
    }
  }
  const groups = new Map<number, Plan[]>();
  plans.forEach((p, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), p]);
  });
  return [...groups.values()];
}

/** Every `FROM python:<older minor>…`, with the tag it becomes and the edits that write it. */
function outdated(doc: DockerDoc, target: { major: number; minor: number; patch?: number }, targetMinor: string): Plan[] {
  const args = globalArgs(doc);
  const names = new Set<string>();
  const plans: Plan[] = [];
  for (const stage of doc.stages()) {
    const from = stage.from;
    const imageRange = from.getImageRange();
    const rawImage = imageRange ? doc.slice(imageRange) : '';
    const fromStage = names.has(rawImage.toLowerCase());
    if (stage.name) names.add(stage.name);
    if (!imageRange || fromStage) continue;
    const image = resolve(rawImage, doc.range(imageRange).start, args);
    if (!image) continue;
    const ref = /^([^@]*?)(?::([^:/@]+))?(?:@(.+))?$/.exec(image.text);
    if (!ref || !ref[2]) continue;
    const source = sourceOf(ref[1]);
    if (!source) continue;
    const tag = ref[2];
    const v = /^(\d+)\.(\d+)(?:\.(\d+))?(?:-(.+))?$/.exec(tag);
    if (!v || +v[1] !== target.major || +v[2] >= target.minor) continue;
    const minor = +v[2];
    const eol = EOL[minor] ? ` (end of life since ${EOL[minor]})` : '';
    const start = doc.offset(from.getRange().start);
    const end = doc.offset(from.getRange().end);
    const shown = `${ref[1]}:${tag}${ref[3] ? '@…' : ''}`;
    const plan: Plan = { from, stage, start, end, oldMinor: minor, oldTag: tag, oldVariant: v[4] ?? '', base: `Base image ${shown} is Python ${v[1]}.${minor}${eol}; the fleet runs ${targetMinor}.`, edits: [], unsafe: [], blockers: [], notes: [] };
    plans.push(plan);
    if (source.kind === 'other') {
      plan.blockers.push(`${source.name} is not Docker Hub's python image, and guardfix does not know its tags: change the tag by hand`);
      continue;
    }
    const tp = planTag({ minor: `${v[1]}.${v[2]}`, patch: v[3] === undefined ? undefined : +v[3], variant: v[4] ?? '' }, { minor: targetMinor, patch: target.patch });
    plan.tag = tp;
    plan.notes.push(...tp.notes);
    if (!tp.tag) {
      plan.blockers.push(tp.problem!);
      continue;
    }
    if (source.kind === 'mirror') plan.unsafe.push(`it assumes ${source.registry} mirrors Docker Hub's python image and serves python:${tp.tag}`);
    if (ref[3]) {
      plan.blockers.push(`the image is pinned by digest, and the digest of python:${tp.tag} is only known to the registry: write ${ref[1]}:${tp.tag}@<its digest> by hand (docker buildx imagetools inspect ${ref[1]}:${tp.tag} prints it)`);
      continue;
    }
    const tagStart = ref[1].length + 1;
    const edits = tagEdits(image, tagStart, tag, tp, v[4] ?? '');
    if (!edits) plan.blockers.push(`the tag is assembled from build arguments in a way guardfix cannot rewrite safely; change it to python:${tp.tag}`);
    else plan.edits.push(...edits);
  }
  return plans;
}

/** Edits that turn `tag` (at `tagStart` of the traced image) into the planned one. */
function tagEdits(image: Traced, tagStart: number, tag: string, tp: TagPlan, variant: string): Edit[] | undefined {
  const whole = sourceRange(image, tagStart, tagStart + tag.length);
  if (whole) return [{ ...whole, text: tp.tag! }];
  // Written in pieces (`${PYTHON_VERSION}-slim`): each piece that changes must be one run of text.
  const versionLen = tag.length - (variant ? variant.length + 1 : 0);
  const out: Edit[] = [];
  const version = sourceRange(image, tagStart, tagStart + versionLen);
  if (!version) return undefined;
  out.push({ ...version, text: tp.version! });
  if (tp.variant !== variant) {
    const old = variant ? sourceRange(image, tagStart + versionLen + 1, tagStart + tag.length) : undefined;
    if (!old || !tp.variant) return undefined;
    out.push({ ...old, text: tp.variant });
  }
  return out;
}

/** Edits of one fix: the same edit twice (a shared ARG) once; two different edits of one place: none. */
function mergeEdits(edits: Edit[]): Edit[] | undefined {
  const byRange = new Map<string, Edit>();
  for (const e of edits) {
    const key = `${e.start}:${e.end}`;
    const had = byRange.get(key);
    if (had && had.text !== e.text) return undefined;
    byRange.set(key, e);
  }
  const out = [...byRange.values()].sort((a, b) => a.start - b.start);
  for (let i = 1; i < out.length; i++) if (out[i].start < out[i - 1].end) return undefined;
  return out;
}
