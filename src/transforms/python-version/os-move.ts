// What a Dockerfile installs from the OS on the stages a base-image change reaches, and whether
// that still works on the release the new image is: apt packages against the Debian table,
// version pins and .deb files that belong to the old release, lines that name the old release.
import type { Instruction } from 'dockerfile-ast';
import { readRun, type Command, type Word } from '../../languages/dockerfile-shell.js';
import type { DockerDoc } from '../../languages/dockerfile.js';
import type { Edit } from '../../engine/types.js';
import { aptFate, knowsSuite } from './debian-packages.js';
import { DEBIAN, releaseName } from './image-tags.js';

export interface Install {
  manager: 'apt' | 'apk';
  word: Word;
  /** the package name, without version, release or architecture */
  name: string;
}

/** `apt-get install` / `apk add` package words of these instructions. */
export function installsOf(doc: DockerDoc, instructions: Instruction[]): { installs: Install[]; dpkg: Command[] } {
  const installs: Install[] = [];
  const dpkg: Command[] = [];
  for (const ins of instructions) {
    for (const c of readRun(doc, ins)?.commands ?? []) {
      if (c.name === 'dpkg' && c.args.some((a) => a.value === '-i' || a.value === '--install')) dpkg.push(c);
      if (c.name === 'gdebi') dpkg.push(c);
      const apt = c.name === 'apt-get' || c.name === 'apt' || c.name === 'aptitude';
      if (!apt && c.name !== 'apk') continue;
      const sub = c.args.findIndex((a) => !a.value.startsWith('-'));
      if (sub < 0 || c.args[sub].value !== (apt ? 'install' : 'add')) continue;
      for (let i = sub + 1; i < c.args.length; i++) {
        const w = c.args[i];
        // Options that take a value: apt's -t/-o/-c, apk's -X/--repository/-t/--virtual.
        if (/^(-t|-o|-c|--target-release|--option|--config-file|-X|--repository|--virtual|--arch|--root)$/.test(w.value)) {
          i++;
          continue;
        }
        if (w.value.startsWith('-')) continue;
        installs.push({ manager: apt ? 'apt' : 'apk', word: w, name: w.value.split(/[=/:]/)[0].toLowerCase() });
      }
    }
  }
  return { installs, dpkg };
}

export interface MoveCheck {
  /** the fix cannot be trusted without a look: each names what */
  unsafe: string[];
  /** the fix would break the build */
  blockers: string[];
  /** package renames the fix makes */
  edits: Edit[];
  renamed: string[];
  /** packages the table vouches for on the new release */
  vouched: string[];
}

/**
 * Checks the OS side of moving `instructions` from releases `from` to release `to`.
 * Call only when the release changes (or may have).
 */
export function checkMove(doc: DockerDoc, instructions: Instruction[], from: Set<string>, to: string): MoveCheck {
  const out: MoveCheck = { unsafe: [], blockers: [], edits: [], renamed: [], vouched: [] };
  const { installs, dpkg } = installsOf(doc, instructions);
  const target = releaseName(to);
  const unknown: string[] = [];
  const dynamic: string[] = [];
  const apk: string[] = [];
  for (const inst of installs) {
    const w = inst.word;
    if (w.dynamic) {
      dynamic.push(w.value);
      continue;
    }
    if (inst.manager === 'apk') {
      if (to.startsWith('alpine')) apk.push(inst.name);
      continue;
    }
    if (!DEBIAN.includes(to)) continue;
    if (/[=]/.test(w.value)) {
      out.blockers.push(`apt installs ${w.value}, a version pinned for the old release; drop or update the pin`);
      continue;
    }
    if (/\//.test(w.value)) {
      out.blockers.push(`apt installs ${w.value} from a named release; update it for ${target}`);
      continue;
    }
    if (/[*?[\]^$]/.test(inst.name)) {
      unknown.push(inst.name);
      continue;
    }
    const fate = knowsSuite(to) ? aptFate(to, inst.name) : { kind: 'unknown' as const };
    if (fate.kind === 'installs') out.vouched.push(inst.name);
    else if (fate.kind === 'unknown') unknown.push(inst.name);
    else if (fate.kind === 'replace') {
      out.edits.push({ start: w.start, end: w.end, text: fate.names.join(' ') });
      out.renamed.push(`${inst.name} to ${fate.names.join(' ')}`);
    } else if (fate.kind === 'choose') {
      out.blockers.push(
        fate.virtual
          ? `${inst.name} is a virtual package on ${target}, which apt will not pick for you: install ${fate.names.join(' or ')}`
          : `${inst.name} is not in ${target}: install ${fate.names.join(' or ')} instead`,
      );
    } else out.blockers.push(`${inst.name} is not in ${target}`);
  }
  const list = (xs: string[]) => [...new Set(xs)].join(', ');
  if (unknown.length) out.unsafe.push(`guardfix's package table cannot tell whether ${list(unknown)} install${new Set(unknown).size === 1 ? 's' : ''} on ${target}`);
  if (dynamic.length) out.unsafe.push(`the packages in ${list(dynamic)} are only known at build time, so nothing says they install on ${target}`);
  if (apk.length) out.unsafe.push(`guardfix has no package table for Alpine: check that ${list(apk)} install${new Set(apk).size === 1 ? 's' : ''} on ${target}`);
  if (out.renamed.length) out.unsafe.push(`it renames ${out.renamed.join(', ')}, which ${target} has instead`);
  if (dpkg.length) out.unsafe.push(`${dpkg[0].name} installs a package file built for another release`);
  // Hand-edited apt sources (the archive.debian.org fix for buster, an extra repository) were
  // written for the old release, and newer images keep their sources elsewhere
  // (/etc/apt/sources.list.d/debian.sources).
  if (DEBIAN.includes(to)) {
    for (const ins of instructions) {
      if (ins.getKeyword() !== 'RUN' || !/sources\.list|archive\.debian\.org/.test(doc.slice(ins.getRange()))) continue;
      out.unsafe.push(`line ${ins.getRange().start.line + 1} edits apt's sources, written for the old release`);
      break;
    }
  }
  // A line naming the old release (an apt source, a backports pin, a download) does not follow the image.
  const old = [...from].filter((r) => r !== to && r !== 'unknown' && r !== 'windows');
  if (old.length) {
    const words = old.map((r) => (r.startsWith('alpine') ? `v${r.slice(6).replace('.', '\\.')}` : r));
    const re = new RegExp(`\\b(?:${words.join('|')})\\b`);
    const named = new Set<string>();
    for (const ins of instructions) {
      const m = re.exec(doc.slice(ins.getRange()));
      if (!m || named.has(m[0])) continue;
      named.add(m[0]);
      const rel = m[0].startsWith('v') ? `alpine${m[0].slice(1)}` : m[0];
      out.unsafe.push(`line ${ins.getRange().start.line + 1} names ${releaseName(rel)}, which the new image is not`);
    }
  }
  return out;
}
