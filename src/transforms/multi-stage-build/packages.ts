// The runtime stage's copy of an install RUN without what only the build needed: compilers and
// headers go, each -dev package is replaced by the library built code loads (libpq-dev →
// libpq5), and an `apk add --virtual .build-deps …` that the same RUN deletes again goes with
// its `apk del`. The same RUN may also lose commands that moved to the builder (its pip install).
import type { DockerDoc } from '../../languages/dockerfile.js';
import { aptCalls, apkCalls, packageInstalls, packageRemovals, type Command, type RunScript, type Word } from '../../languages/dockerfile-shell.js';
import { packageName, packageRole, type OsRelease } from '../../languages/os-packages.js';
import { removeCommands, replaceWords } from '../../languages/dockerfile-run-edit.js';
import type { Edit } from '../../engine/types.js';

export interface RunPackages {
  run: RunScript;
  /** build-only packages this RUN leaves in the image, which the runtime copy drops */
  dropped: string[];
  /** runtime libraries installed in their place */
  added: string[];
  /** -dev packages with no known runtime library: kept */
  unknown: string[];
  /** why a mapping used cannot be relied on */
  unsure: string[];
  /** the runtime copy: edits of the RUN, or 'delete' when nothing of it is left */
  edits: Edit[] | 'delete';
}

/** Subcommands that only serve installs: they go with the last install of their tool. */
const COMPANION = { apt: new Set(['install', 'update', 'clean', 'autoclean', 'autoremove']), apk: new Set(['add', 'update', 'cache']) };
/** Files cleaning up after a package manager: they go with the last install of their tool. */
const CLEANUP = /^(\/var\/lib\/apt\/lists|\/var\/cache\/apt|\/var\/cache\/apk|\/etc\/apk\/cache)(\/.*)?$/;

/**
 * The runtime copy of `run` without build-only packages and without `remove` (commands that moved
 * to the builder). `installed`: packages the stage installs anyway, not added twice. Without
 * `dropBuild`, only `remove` and packages the RUN deletes again go.
 * undefined when there is nothing to change; a string when the RUN cannot be edited (why).
 */
export function runtimeCopy(doc: DockerDoc, run: RunScript, os: OsRelease | undefined, installed: Set<string>, remove = new Set<Command>(), dropBuild = true): RunPackages | string | undefined {
  const out: RunPackages = { run, dropped: [], added: [], unknown: [], unsure: [], edits: [] };
  const drop = new Set<Command>(remove);
  const removedLater = packageRemovals(run.commands);
  const wordEdits: Edit[] = [];
  const transients = new Set<string>();
  const installs = packageInstalls(run.commands);
  for (const inst of installs) {
    const group = inst.virtual?.value;
    // Only when nothing that stays runs between the install and its removal.
    const unused = (end: Command) => run.commands.every((c) => c.start <= inst.command.start || c.start >= end.start || remove.has(c) || packageInstalls([c]).length > 0);
    const del = group ? removedLater.find((r) => r.command.start > inst.command.start && r.names.includes(group)) : undefined;
    if (del && unused(del.command)) {
      // Installed and deleted in the same RUN: the image never had them; nor will the runtime.
      drop.add(inst.command);
      if (del.names.length === 1) drop.add(del.command);
      continue;
    }
    const build: Word[] = [];
    const runtime: string[] = [];
    for (const w of inst.packages) {
      if (w.dynamic) continue;
      const name = packageName(w.value);
      const transient = removedLater.some((r) => r.command.start > inst.command.start && r.names.includes(name) && unused(r.command));
      if (transient) {
        build.push(w);
        transients.add(name);
        continue;
      }
      const role = dropBuild ? packageRole(w.value, inst.tool, os) : { kind: 'other' as const };
      if (role.kind === 'unknown-dev') out.unknown.push(name);
      if (role.kind !== 'build') continue;
      build.push(w);
      out.dropped.push(name);
      if (role.unsure) out.unsure.push(role.unsure);
      for (const r of role.runtime) if (!installed.has(r) && !runtime.includes(r) && !out.added.includes(r)) runtime.push(r);
    }
    out.added.push(...runtime);
    if (!build.length) continue;
    if (build.length === inst.packages.length && !runtime.length) drop.add(inst.command);
    else wordEdits.push(...replaceWords(doc, build, runtime));
  }
  if (!out.dropped.length && !remove.size && !transients.size && ![...drop].some((c) => installs.some((i) => i.command === c))) return undefined;
  // The removal of what the runtime copy no longer installs goes with it.
  for (const r of removedLater) if (r.names.length && r.names.every((n) => transients.has(packageName(n)))) drop.add(r.command);
  // What only served the installs that went: `apt-get update`, `apk update`, cache clean-up.
  for (const tool of ['apt', 'apk'] as const) {
    const own = installs.filter((i) => i.tool === tool);
    if (!own.length || !own.every((i) => drop.has(i.command))) continue;
    const calls = tool === 'apt' ? aptCalls(run.commands) : apkCalls(run.commands);
    const ownNames = new Set(own.flatMap((i) => [...i.packages.map((w) => packageName(w.value)), ...(i.virtual ? [i.virtual.value] : [])]));
    const serving = (sub: string | undefined, c: Command) => {
      if (sub && COMPANION[tool].has(sub)) return true;
      const r = removedLater.find((x) => x.command === c);
      return !!r && r.names.every((n) => ownNames.has(packageName(n)));
    };
    // Another use of the tool (an upgrade, a purge of the base's packages) keeps them all.
    if (!calls.every((c) => drop.has(c.command) || serving(c.sub, c.command))) continue;
    for (const c of calls) drop.add(c.command);
    for (const c of run.commands) {
      const paths = c.args.filter((a) => !a.value.startsWith('-'));
      if (c.name === 'rm' && paths.length && paths.every((a) => CLEANUP.test(a.value))) drop.add(c);
    }
  }
  if (!drop.size) {
    out.edits = wordEdits;
    return out;
  }
  const removal = removeCommands(doc, run, drop);
  if (removal === undefined) return `the RUN at line ${run.ins.getRange().start.line + 1} is not a plain list of commands guardfix can take apart`;
  if (removal === 'empty') {
    out.edits = 'delete';
    return out;
  }
  const inside = (e: Edit) => removal.some((r) => e.start >= r.start && e.end <= r.end);
  out.edits = [...removal, ...wordEdits.filter((e) => !inside(e))];
  return out;
}

/** Names of the packages `run` installs that are not build-only. */
export function keptPackages(run: RunScript, os: OsRelease | undefined): string[] {
  return packageInstalls(run.commands).flatMap((i) => i.packages.filter((w) => !w.dynamic && packageRole(w.value, i.tool, os).kind !== 'build').map((w) => packageName(w.value)));
}
