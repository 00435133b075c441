// Turns a plan into one fix: a builder stage inserted above the original FROM (copies of what
// pip needs, then the pip RUNs with the copy layout's flags), and, in the original stage, the
// pip RUNs replaced by a COPY --from and the install RUNs before them without build packages
// (`copies`, worked out by the caller). Everything else in the original stage stays as written.
import type { Instruction, Flag } from 'dockerfile-ast';
import type { DockerDoc } from '../../languages/dockerfile.js';
import { aptCalls, basename, packageInstalls, pipInstalls, isToolingUpgrade, type RunScript } from '../../languages/dockerfile-shell.js';
import { packageName, packageRole, type OsRelease } from '../../languages/os-packages.js';
import type { Edit } from '../../engine/types.js';
import { applyToSlice, escapeRe, removeWords } from '../../languages/dockerfile-run-edit.js';
import { keywordCase, unitOf, type Unit } from '../../languages/dockerfile-stages.js';
import { parseDirectives } from '../../engine/ignores.js';
import { execArgs } from '../../service/final-stage.js';
import type { CopyMode, Plan, PipRun } from './plan.js';
import type { RunPackages } from './packages.js';

export interface Rendered {
  edits: Edit[];
  mode: CopyMode;
  builder: string;
  notes: string[];
}

const USER_ADMIN = new Set(['useradd', 'groupadd', 'adduser', 'addgroup', 'usermod', 'groupmod', 'chown', 'chmod', 'set', 'true']);
/** Files RUNs of a pure package RUN may delete without the runtime missing anything. */
const CACHE_PATH = /^(\/var\/lib\/apt\/lists|\/var\/cache\/apt|\/var\/cache\/apk|\/etc\/apk\/cache|\/tmp|\/var\/tmp|\/root\/\.cache|~\/\.cache)(\/.*)?$/;
/** What pip may need to fetch requirements (git+https://…, a private index over TLS). */
const FETCH_TOOLS = new Set(['git', 'git-lfs', 'mercurial', 'subversion', 'openssh-client', 'openssh', 'ca-certificates']);

/** Only apt-get/apt/apk and cache clean-up: safe to copy, to drop, or to edit package by package. */
export function isPurePackages(run: RunScript): boolean {
  if (!packageInstalls(run.commands).length) return false;
  return run.commands.every(
    (c) => ['apt-get', 'apt', 'apk'].includes(c.name) || ['set', 'true', ':', 'echo'].includes(c.name) || (c.name === 'rm' && c.args.filter((a) => !a.value.startsWith('-')).every((a) => CACHE_PATH.test(a.value))),
  );
}

/** Installs something the builder may need: build tools, headers, VCS clients, or unknowns. */
function installsForBuild(run: RunScript, os: OsRelease | undefined): boolean {
  return packageInstalls(run.commands).some((i) => i.packages.some((w) => w.dynamic || FETCH_TOOLS.has(packageName(w.value)) || packageRole(w.value, i.tool, os).kind !== 'other'));
}

/** An apt install in `run` with no `apt-get update` before it in the same RUN. */
function installsFromEarlierLists(run: RunScript): boolean {
  const calls = aptCalls(run.commands);
  const install = calls.find((c) => c.sub === 'install');
  return !!install && !calls.some((c) => c.sub === 'update' && c.command.start < install.command.start);
}

export function render(doc: DockerDoc, plan: Plan, mode: CopyMode, minor: string | undefined, os: OsRelease | undefined, copies: Map<Instruction, RunPackages>): Rendered {
  const { stage } = plan;
  const kw = keywordCase(stage);
  const fromRange = stage.from.getRange();
  const floor = doc.offset(fromRange.end);
  const builder = stage.name === 'builder' ? 'build-deps' : 'builder';
  const venvDir = plan.venv?.dir ?? '/opt/venv';
  const notes: string[] = [];
  const pipOf = new Map<Instruction, PipRun>(plan.pipRuns.map((p) => [p.ins, p]));
  const head = stage.instructions.slice(0, plan.lastPip + 1);

  // A builder RUN that installs from the lists an earlier RUN fetched needs that RUN too.
  const builderRuns = head.filter((ins) => pipOf.has(ins) || (plan.runs.get(ins) && installsForBuild(plan.runs.get(ins)!, os)));
  const needsLists = builderRuns.some((ins) => installsFromEarlierLists(plan.runs.get(ins)!));

  const pieces: string[] = [];
  let first = true;
  for (const ins of head) {
    const k = ins.getKeyword();
    const unit = unitOf(doc, ins, floor);
    const raw = doc.text.slice(unit.start, unit.end);
    let text: string | undefined;
    if (['ARG', 'ENV', 'WORKDIR', 'SHELL', 'COPY', 'ADD'].includes(k)) text = raw;
    else if (k === 'RUN') {
      const pip = pipOf.get(ins);
      const run = plan.runs.get(ins);
      if (pip) {
        if (first && mode === 'venv' && !plan.venv) pieces.push(`${kw('RUN')} python -m venv ${venvDir}\n${kw('ENV')} PATH="${venvDir}/bin:$PATH"\n`);
        if (first && mode === 'prefix' && pip.run.form === 'heredoc') pieces.push(`${kw('RUN')} mkdir -p /install\n`);
        text = applyToSlice(raw, unit.start, pipEdits(doc, pip, mode, first));
        first = false;
      } else if (!run) text = raw;
      else if (run.commands.every((c) => USER_ADMIN.has(c.name))) text = undefined; // accounts are the runtime's business
      else if (isPurePackages(run) && !installsForBuild(run, os) && !needsLists) text = undefined; // runtime libraries only
      else text = raw;
    }
    if (text === undefined) continue;
    // A continuation dangling at the end of the file would swallow the runtime FROM.
    text = text.replace(new RegExp(`[ \\t]*${escapeRe(doc.ast.getEscapeCharacter())}[ \\t]*\\n?$`), '\n');
    pieces.push((unit.blankBefore ? '\n' : '') + (text.endsWith('\n') ? text : `${text}\n`));
  }

  const fromLineStart = doc.lines.lineStart(fromRange.start.line);
  const fromIndent = doc.indentOf(fromRange.start.line);
  // An inline ignore above the FROM now covers the builder's FROM: the runtime's FROM gets its own
  // copy, so a rule told to leave the image alone leaves both stages alone (same base image).
  const ignores = parseDirectives(doc.text.slice(0, doc.lines.lineEnd(fromRange.start.line)), 'dockerfile')
    .filter((d) => d.covers !== 'file' && d.covers === fromRange.start.line)
    .map((d) => `${doc.text.slice(doc.lines.lineStart(d.line), doc.lines.lineEnd(d.line)).trim()}\n`);
  const block = `${fromIndent}# Build stage: dependencies\n${builderFrom(doc, plan, builder, kw)}\n${pieces.join('')}\n${fromIndent}# Runtime stage\n${ignores.map((l) => fromIndent + l).join('')}`;
  const edits: Edit[] = [{ start: fromLineStart, end: fromLineStart, text: block }];

  const firstPip = plan.pipRuns[0].ins;
  const indent = doc.indentOf(firstPip.getRange().start.line);
  const copyFrom = `${kw('COPY')} --from=${builder}`;
  const lines =
    mode === 'prefix'
      ? [`${copyFrom} /install /usr/local`]
      : mode === 'site-packages'
        ? [`${copyFrom} /usr/local/lib/python${minor}/site-packages /usr/local/lib/python${minor}/site-packages`, `${copyFrom} /usr/local/bin /usr/local/bin`]
        : [`${copyFrom} ${venvDir} ${venvDir}`, ...(plan.venv ? [] : [`${kw('ENV')} PATH="${venvDir}/bin:$PATH"`])];
  const firstUnit = unitOf(doc, firstPip, floor);
  const copyText = lines.map((l) => indent + l).join('\n');
  const firstCopy = copies.get(firstPip);
  // A pip RUN that also installs OS packages stays, without its pip part, before the COPY.
  const kept = firstCopy && firstCopy.edits !== 'delete' ? applyToSlice(doc.text.slice(firstUnit.start, firstUnit.end), firstUnit.start, firstCopy.edits).replace(/\n?$/, '\n') : '';
  edits.push({ start: firstUnit.start, end: firstUnit.end, text: kept + copyText + (firstUnit.end > doc.lines.lineEnd(firstPip.getRange().end.line) ? '\n' : '') });

  const gone: Instruction[] = [...plan.pipRuns.slice(1).map((p) => p.ins).filter((ins) => !copies.has(ins)), ...requirementCopies(doc, plan)];
  if (plan.venv?.only && !pipOf.has(plan.venv.ins)) gone.push(plan.venv.ins);
  for (const [ins, copy] of copies) {
    if (ins === firstPip) continue;
    if (copy.edits === 'delete') gone.push(ins);
    else edits.push(...copy.edits);
  }
  for (const ins of gone) edits.push(deletion(doc, unitOf(doc, ins, floor)));
  if (plan.pipRuns.some((p) => pipInstalls(p.run.commands).some(isToolingUpgrade))) {
    notes.push('the runtime stage keeps the base image\'s pip: `pip install --upgrade pip` now only runs in the builder');
  }
  return { edits, mode, builder, notes };
}

/** The original FROM line, named as the builder. */
function builderFrom(doc: DockerDoc, plan: Plan, name: string, kw: (k: string) => string): string {
  const from = plan.stage.from;
  const start = doc.lines.lineStart(from.getRange().start.line);
  const end = doc.offset(from.getRange().end);
  const stageRange = from.getBuildStageRange();
  if (stageRange) {
    const r = doc.range(stageRange);
    return doc.text.slice(start, r.start) + name + doc.text.slice(r.end, end);
  }
  return `${doc.text.slice(start, end).trimEnd()} ${kw('AS')} ${name}`;
}

function pipEdits(doc: DockerDoc, pip: PipRun, mode: CopyMode, first: boolean): Edit[] {
  const edits: Edit[] = [];
  for (const i of pip.installs) {
    const user = i.options.find((o) => o.value === '--user');
    if (mode === 'prefix') {
      if (user) edits.push({ start: user.start, end: user.end, text: '--prefix=/install' });
      else edits.push({ start: i.installWord.end, end: i.installWord.end, text: ' --prefix=/install' });
    } else if (user) edits.push(...removeWords(doc, [user]));
  }
  // pip creates the prefix only when it installs something; an empty COPY source fails the build.
  if (mode === 'prefix' && first && pip.run.form === 'shell') {
    const at = doc.offset(pip.ins.getArgumentsRange()!.start);
    edits.push({ start: at, end: at, text: 'mkdir -p /install && ' });
  }
  return edits;
}

/** Removes a unit; when blank lines surround it, one of them goes too. */
function deletion(doc: DockerDoc, u: Unit): Edit {
  let { start, end } = u;
  if (u.blankBefore) {
    const next = doc.lines.lineOf(end);
    const nextText = end < doc.text.length ? doc.text.slice(doc.lines.lineStart(next), doc.lines.lineEnd(next)) : undefined;
    if (nextText !== undefined && !nextText.trim()) end = Math.min(doc.lines.lineEnd(next) + 1, doc.text.length);
    else if (nextText === undefined) start = doc.lines.lineStart(doc.lines.lineOf(start) - 1);
  }
  return { start, end, text: '' };
}

const REQ_NAME = /^(requirements|constraints)[\w.*-]*\.(txt|in)$/i;

/** COPYs that bring only requirement files, which nothing after the installs mentions. */
function requirementCopies(doc: DockerDoc, plan: Plan): Instruction[] {
  const refs = plan.pipRuns.flatMap((p) => p.installs.flatMap((i) => [...i.requirements, ...i.constraints])).filter((w) => !w.dynamic).map((w) => w.value);
  const later = plan.stage.instructions.slice(plan.lastPip + 1).map((i) => doc.slice(i.getRange())).join('\n');
  const out: Instruction[] = [];
  for (const ins of plan.stage.instructions.slice(0, plan.lastPip)) {
    if (ins.getKeyword() !== 'COPY') continue;
    const flags = ((ins as unknown as { getFlags(): Flag[] }).getFlags?.() ?? []).map((f) => f.getName());
    if (flags.includes('from')) continue;
    const args = execArgs(doc, ins) ?? ins.getArguments().map((a) => a.getValue());
    const sources = args.slice(0, -1);
    const isReq = (s: string) => {
      const b = basename(s.replace(/\/+$/, ''));
      return REQ_NAME.test(b) || refs.some((r) => basename(r) === b || r.replace(/^\.\//, '').startsWith(`${s.replace(/^\.\//, '').replace(/\/*$/, '/')}`));
    };
    if (!sources.length || !sources.every(isReq)) continue;
    if (sources.some((s) => later.includes(basename(s.replace(/\/+$/, ''))))) continue;
    out.push(ins);
  }
  return out;
}
