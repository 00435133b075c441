// The commands inside shell-form Dockerfile instructions (RUN, CMD, ENTRYPOINT, HEALTHCHECK CMD),
// read with tree-sitter-bash. RUN goes through src/languages/dockerfile-shell.ts; the start
// command and HEALTHCHECK scripts (and `sh -c` strings) are read here the same way.
// `loadShell()` must have been awaited first.
import type { Instruction } from 'dockerfile-ast';
import { parseShell } from '../../languages/shell.js';
import { blankContinuations, readRun } from '../../languages/dockerfile-shell.js';
import type { Node } from '../../languages/tree-sitter.js';
import type { DockerDoc } from '../../languages/dockerfile.js';

export interface Word {
  /** the word with its quotes removed (expansions kept as written) */
  value: string;
  /** engine offsets of the word as written */
  start: number;
  end: number;
  /** holds an expansion ($X, $(…)): its value is only known at run time */
  dynamic: boolean;
}

export interface Command {
  /** basename of the program, after wrappers (`sudo`, `exec`, `env X=1`) */
  name: string;
  /** the program word itself */
  program: Word;
  args: Word[];
}

const WRAPPERS = new Set(['sudo', 'exec', 'env', 'nohup', 'time', 'nice', 'command', 'doas']);

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

/** Commands of a shell script held in a string, `base` being the script's engine offset. */
export function commandsIn(script: string, base: number): Command[] {
  const tree = parseShell(script);
  const out: Command[] = [];
  const visit = (n: Node) => {
    if (n.type === 'command') {
      const c = toCommand(n, base);
      if (c) out.push(c);
    }
    for (const child of n.namedChildren) if (child) visit(child);
  };
  visit(tree.rootNode);
  tree.delete();
  return out;
}

function toWord(n: Node, base: number): Word {
  let value = n.text;
  if (n.type === 'raw_string') value = value.slice(1, -1);
  else if (n.type === 'string') value = value.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
  else if (n.type === 'word') value = value.replace(/\\(.)/g, '$1');
  else if (n.type === 'concatenation') value = n.namedChildren.map((c) => (c ? toWord(c, base).value : '')).join('');
  const dynamic = /expansion|command_substitution/.test(n.type) || hasExpansion(n);
  return { value, start: base + n.startIndex, end: base + n.endIndex, dynamic };
}

function hasExpansion(n: Node): boolean {
  return n.namedChildren.some((c) => !!c && (/expansion|command_substitution/.test(c.type) || hasExpansion(c)));
}

function toCommand(n: Node, base: number): Command | undefined {
  const nameNode = n.childForFieldName('name');
  if (!nameNode) return undefined;
  const words = [nameNode, ...n.childrenForFieldName('argument').filter((c): c is Node => !!c)].map((w) => toWord(w, base));
  // Unwrap `sudo -E x`, `exec x`, `env A=1 x`: the interesting program is the one they run.
  while (words.length > 1 && WRAPPERS.has(basename(words[0].value))) {
    words.shift();
    while (words.length > 1 && (words[0].value.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0].value))) words.shift();
  }
  const [program, ...args] = words;
  return { name: basename(program.value), program, args };
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

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
