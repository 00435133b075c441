// The tag an outdated `python:` tag becomes: the target's version at the same precision, the same
// variant when the target was published with it (Renovate's rule), else the nearest Debian or
// Alpine release the target has; never a tag the table does not list.
import { DEBIAN, exists, parseVariant, releasesOf, row, variantsOf } from './image-tags.js';

export interface OldTag {
  minor: string;
  patch?: number;
  variant: string;
}

export interface Target {
  minor: string;
  patch?: number;
}

export interface TagPlan {
  /** the new tag; undefined when there is none to write */
  tag?: string;
  version?: string;
  variant?: string;
  /** why there is no tag */
  problem?: string;
  /** what the reader should know about the tag chosen */
  notes: string[];
  /** the releases the old tag may have been built on */
  from: Set<string>;
  /** the release the new tag is */
  to?: string;
}

const withVariant = (version: string, variant: string) => (variant ? `${version}-${variant}` : version);

export function planTag(old: OldTag, target: Target): TagPlan {
  const from = releasesOf(old.minor, old.variant, old.patch, false);
  const notes: string[] = [];
  const oldTag = withVariant(old.patch === undefined ? old.minor : `${old.minor}.${old.patch}`, old.variant);
  // A patch pin stays a patch pin: the profile's patch, or the newest the table knows.
  const wantPatch = old.patch === undefined ? undefined : target.patch;
  const variant = pickVariant(old.variant, target.minor, wantPatch, notes);
  if (variant === undefined) {
    const tried = wantPatch === undefined ? `${target.minor}-${old.variant}` : withVariant(`${target.minor}.${wantPatch}`, old.variant);
    const problem = noVariant(old.variant, tried);
    return { problem: wantPatch === undefined ? problem : `${problem} (profile.pythonVersion names a patch this variant was not published with)`, notes, from };
  }
  const published = row(target.minor, variant)!;
  let version = target.minor;
  let patch: number | undefined;
  if (old.patch !== undefined) {
    patch = wantPatch ?? published.patches[1];
    version = `${target.minor}.${patch}`;
    if (wantPatch === undefined) notes.push(`${version} is the newest ${target.minor} patch guardfix knows of; python:${oldTag} pins a patch, and so does the fix`);
  } else if (!published.listed) {
    notes.push(`python:${withVariant(version, variant)} is no longer updated (its last build is ${target.minor}.${published.patches[1]})`);
  }
  const to = [...releasesOf(target.minor, variant, patch, true)][0];
  return { tag: withVariant(version, variant), version, variant, notes, from, to };
}

/**
 * The target's variant: the same one while it is still built, else the oldest newer Debian or
 * Alpine release that is (a frozen tag gets no security fixes, and buster's apt sources are gone),
 * else the same one frozen.
 */
function pickVariant(variant: string, minor: string, patch: number | undefined, notes: string[]): string | undefined {
  const v = parseVariant(variant);
  const candidates = [variant];
  if (v.debian) candidates.push(...DEBIAN.slice(DEBIAN.indexOf(v.debian) + 1).map((s) => (v.slim ? `slim-${s}` : s)));
  if (v.alpine) {
    const n = Number(v.alpine.split('.')[1]);
    candidates.push(
      ...variantsOf(minor)
        .map((r) => ({ variant: r.variant, n: Number(/^alpine3\.(\d+)$/.exec(r.variant)?.[1]) }))
        .filter((c) => c.n > n)
        .sort((a, b) => a.n - b.n)
        .map((c) => c.variant),
    );
  }
  const published = candidates.filter((c) => exists(minor, c, patch));
  const pick = published.find((c) => row(minor, c)!.listed) ?? published[0];
  if (pick && pick !== variant) {
    const rel = parseVariant(pick);
    const name = rel.debian ? `Debian ${rel.debian}` : `Alpine ${rel.alpine}`;
    const why = exists(minor, variant) ? `python:${minor}-${variant} is no longer updated` : `there is no python:${minor}-${variant}`;
    notes.push(`${why}, so the fix moves to ${name}, the oldest release python ${minor} is still built on`);
  }
  return pick;
}

function noVariant(variant: string, tried: string): string {
  const v = parseVariant(variant);
  if (v.windows !== undefined) return `there is no python:${tried}; pick a Windows Server Core version your hosts can run`;
  if (variant === 'onbuild') return `onbuild images were discontinued (the last is python:3.6-onbuild); COPY and pip install explicitly`;
  return `there is no python:${tried}`;
}
