// The commands inside shell-form Dockerfile instructions (RUN, CMD, ENTRYPOINT, HEALTHCHECK CMD),
// read with tree-sitter-bash. RUN goes through src/languages/dockerfile-shell.ts; the start
// command and HEALTHCHECK scripts (and `sh -c` strings) are read here the same way.
// `loadShell()` must have been awaited first.
import type { Instruction } from 'dockerfile-ast';
import { blankContinuations, readRun, commandsIn, basename, type Word, type Command } from '../languages/dockerfile-shell.js';
import type { DockerDoc } from '../languages/dockerfile.js';

export type { Word, Command };

/** A shell-form body with Dockerfile-only syntax blanked, offsets kept (see dockerfile-shell.ts). */
export const shellText = blankContinuations;

/** Every simple command of a shell-form instruction (nested lists, ifs and subshells included). */
export function commandsOf(doc: DockerDoc, ins: Instruction, from?: number): Command[] {
  // RUN goes through the shared reader, which also knows heredoc scripts and exec form.
  if (ins.getKeyword() === 'RUN' && from === undefined) return readRun(doc, ins)?.commands ?? [];
  const range = ins.getArgumentsRange();
  if (!range) return [];
  const { start: s, end } = doc.range(range);
  const start = from ?? s;
  return commandsIn(shellText(doc, start, end), start);
}

export { commandsIn, basename };

/** Packages named by `apt-get install`, `apk add`, `dnf/yum/microdnf install`, `pip install`. */
export function installedPackages(cmds: Command[]): { os: Set<string>; pip: Set<string>; managers: Set<string> } {
  const os = new Set<string>();
  const pip = new Set<string>();
  const managers = new Set<string>();
  for (const c of cmds) {
    const positional = c.args.filter((a) => !a.value.startsWith('-')).map((a) => a.value);
    const sub = positional[0];
    if ((c.name === 'apt-get' || c.name === 'apt') && sub) managers.add('apt');
    if (c.name === 'apk' && sub) managers.add('apk');
    if (['dnf', 'yum', 'microdnf'].includes(c.name) && sub) managers.add(c.name === 'microdnf' ? 'microdnf' : 'dnf');
    const isOsInstall =
      ((c.name === 'apt-get' || c.name === 'apt' || ['dnf', 'yum', 'microdnf'].includes(c.name)) && sub === 'install') ||
      (c.name === 'apk' && sub === 'add');
    if (isOsInstall) for (const p of positional.slice(1)) os.add(p.split(/[=<>]/)[0].toLowerCase());
    const pipInstall = /^pip[0-9.]*$/.test(c.name) ? sub === 'install' : /^python[0-9.]*$/.test(c.name) && c.args[0]?.value === '-m' && /^pip/.test(c.args[1]?.value ?? '') && c.args[2]?.value === 'install';
    if (pipInstall) {
      const rest = /^python/.test(c.name) ? c.args.slice(3) : c.args.slice(1);
      for (let i = 0; i < rest.length; i++) {
        const v = rest[i].value;
        if (/^-(r|c|e|-requirement|-constraint|-editable|t|-target|-prefix|-root|i|-index-url|-extra-index-url|f|-find-links)$/.test(v)) {
          i++;
          continue;
        }
        if (v.startsWith('-')) continue;
        pip.add(normalizeDist(v));
      }
    }
  }
  return { os, pip, managers };
}

/** PEP 503 name of a requirement specifier (`Requests[socks]>=2` → `requests`). */
export function normalizeDist(spec: string): string {
  return spec.trim().split(/[\s\[<>=!~;@]/)[0].toLowerCase().replace(/[-_.]+/g, '-');
}
