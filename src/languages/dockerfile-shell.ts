// The shell inside a Dockerfile RUN, read with tree-sitter-bash: which commands run, their words,
// and where each sits in the Dockerfile. Rules use it to ask "what does this RUN install?" and to
// edit RUN text in place. `await loadShell()` (src/languages/shell.ts) before calling `readRun`.
//
// Offsets: Dockerfile-only syntax (line continuations with the file's escape character, comment
// and empty lines inside a continued instruction) is blanked with spaces of the same length
// before parsing, so an index into the parsed script plus `base` is an engine offset. Docker
// joins `ins\` + newline + `tall` into one word and the blanked text does not; nobody writes that.
import type { Flag, Instruction, Run } from 'dockerfile-ast';
import { parseShell } from './shell.js';
import type { Node } from './tree-sitter.js';
import type { DockerDoc } from './dockerfile.js';

export interface Word {
  /** the word with quotes and backslash escapes removed; expansions kept as written */
  value: string;
  /** engine offsets of the word as written */
  start: number;
  end: number;
  /** holds an expansion or substitution: the value is only known at build time */
  dynamic: boolean;
}

export interface Command {
  /** basename of the program, after wrappers (`sudo`, `env X=1`) */
  name: string;
  program: Word;
  args: Word[];
  /** engine offsets of the whole command, assignments (`DEBIAN_FRONTEND=… apt-get`) included */
  start: number;
  end: number;
  /** the operator that joins it to what runs before it at the same level, if any */
  after?: '&&' | '||' | ';' | '|' | '&';
  /** part of a pipeline, a negation or a test: inserting `x && ` before it changes the meaning */
  nested: boolean;
}

export interface RunScript {
  ins: Instruction;
  /** `heredoc`: `RUN <<EOF` whose body is the shell script */
  form: 'shell' | 'heredoc';
  commands: Command[];
  /** where text appended to the script lands: after its last statement, before a trailing comment */
  end: number;
  /** engine offset where the last top-level command of the script begins */
  lastCommandStart: number;
  /** `--mount=…` and other RUN flags */
  flags: Flag[];
  /** tree-sitter found a syntax error: positions may be unreliable */
  broken: boolean;
}

const WRAPPERS = new Set(['sudo', 'exec', 'env', 'nohup', 'time', 'nice', 'command', 'doas']);
const SHELLS = /^(?:ba|da|z|k)?sh$/;

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function escapeRe(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** The text of [start, end) with continuations and comment lines inside them blanked. */
export function blankContinuations(doc: DockerDoc, start: number, end: number): string {
  const continuation = new RegExp(`${escapeRe(doc.ast.getEscapeCharacter())}[ \\t]*$`);
  const lines = doc.text.slice(start, end).split('\n');
  let out = '';
  let continued = false;
  for (const [i, line] of lines.entries()) {
    const sep = i === lines.length - 1 ? '' : ' ';
    if (continued && /^[ \t]*(#.*)?$/.test(line)) {
      out += ' '.repeat(line.length) + sep;
      continue;
    }
    const m = continuation.exec(line);
    continued = !!m;
    out += (m ? line.slice(0, m.index) + ' '.repeat(line.length - m.index) : line) + (m ? sep : i === lines.length - 1 ? '' : '\n');
  }
  return out;
}

/** Exec-form RUN (`RUN ["apt-get", …]`): no shell to read. */
function isExecForm(ins: Instruction): boolean {
  const r = ins as Run;
  return typeof r.getOpeningBracket === 'function' && !!r.getOpeningBracket() && !!r.getClosingBracket();
}

/**
 * The script of a RUN, or undefined when there is none a shell would run: exec form, heredocs
 * other than a leading `RUN <<EOF` script, or a heredoc fed to something that is not a shell.
 */
export function readRun(doc: DockerDoc, ins: Instruction): RunScript | undefined {
  if (ins.getKeyword() !== 'RUN' || isExecForm(ins)) return undefined;
  const argsRange = ins.getArgumentsRange();
  if (!argsRange) return undefined;
  const flags = (ins as Run).getFlags?.() ?? [];
  const start = doc.offset(argsRange.start);
  const end = doc.offset(ins.getRange().end);
  const heredocs = (ins as Run).getHeredocs?.() ?? [];
  if (heredocs.length === 0) {
    return fromScript(ins, 'shell', blankContinuations(doc, start, end), start, flags);
  }
  // Only `RUN <<EOF [sh|bash [-opts]]` + body + EOF: the body is the script.
  const firstLine = doc.text.slice(start, doc.lines.lineEnd(doc.lines.lineOf(start)));
  const m = /^<<-?(["']?)([A-Za-z_][\w-]*)\1(?:[ \t]+(.*))?$/.exec(firstLine.trimEnd());
  if (!m || heredocs.length !== 1) return undefined;
  const runner = m[3]?.trim().split(/\s+/);
  if (runner && !(SHELLS.test(basename(runner[0])) && runner.slice(1).every((w) => w.startsWith('-')))) return undefined;
  const content = heredocs[0].getContentRange();
  if (!content) return undefined;
  const body = doc.range(content);
  const script = doc.text.slice(body.start, body.end);
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(script);
  if (shebang) {
    const prog = basename(shebang[1]) === 'env' ? shebang[2] ?? '' : basename(shebang[1]);
    if (!SHELLS.test(prog)) return undefined;
  }
  return fromScript(ins, 'heredoc', script, body.start, flags);
}

function fromScript(ins: Instruction, form: RunScript['form'], script: string, base: number, flags: Flag[]): RunScript {
  const r = readScript(script);
  return {
    ins,
    form,
    commands: rebase(r.commands, base),
    end: base + (r.end ?? script.trimEnd().length),
    lastCommandStart: base + r.lastCommandStart,
    flags,
    broken: r.broken,
  };
}

/** Every simple command of a shell script held in a string, `base` being its engine offset. */
export function commandsIn(script: string, base: number): Command[] {
  return rebase(readScript(script).commands, base);
}

// ---- one tree-sitter parse per distinct script ---------------------------------------------
//
// The five Dockerfile rules read the same RUNs, and every pass of the fix loop reads them again
// (most unchanged, only moved); a fleet repeats the same RUN lines across services. So a script
// is parsed once and its reading kept with offsets relative to the script; callers get fresh
// objects at their own offsets, so a caller that changes what it got cannot change the memo.

/** What a script holds, offsets relative to its start. */
export interface ScriptReading {
  commands: Command[];
  /** end of the last statement, undefined when there is none */
  end?: number;
  /** start of the last top-level command (0 when there is none) */
  lastCommandStart: number;
  broken: boolean;
}

const readings = new Map<string, ScriptReading>();
/** Bounded: RUN scripts are short, but a run over a large fleet must not keep every one. */
export const SCRIPT_MEMO_SIZE = 4096;

export function readScript(script: string): ScriptReading {
  let r = readings.get(script);
  if (!r) {
    r = parseScript(script);
    if (readings.size >= SCRIPT_MEMO_SIZE) readings.delete(readings.keys().next().value!);
    readings.set(script, r);
  }
  return r;
}

function parseScript(script: string): ScriptReading {
  const tree = parseShell(script);
  try {
    const root = tree.rootNode;
    const commands: Command[] = [];
    collect(root, 0, commands, false);
    const statements = root.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
    const last = statements[statements.length - 1];
    let lastCommand = last;
    while (lastCommand && lastCommand.type === 'list') lastCommand = lastCommand.namedChildren[lastCommand.namedChildren.length - 1] ?? lastCommand;
    return { commands, end: last?.endIndex, lastCommandStart: lastCommand ? lastCommand.startIndex : 0, broken: root.hasError };
  } finally {
    tree.delete();
  }
}

const moved = (w: Word, by: number): Word => ({ value: w.value, start: w.start + by, end: w.end + by, dynamic: w.dynamic });

/** Copies of `commands` moved by `by`. */
function rebase(commands: Command[], by: number): Command[] {
  return commands.map((c) => ({ ...c, program: moved(c.program, by), args: c.args.map((a) => moved(a, by)), start: c.start + by, end: c.end + by }));
}

const OPERATORS = new Set(['&&', '||', ';', '|', '&']);

function collect(n: Node, base: number, out: Command[], nested: boolean): void {
  let op: Command['after'];
  for (const child of n.children) {
    if (!child) continue;
    if (!child.isNamed && OPERATORS.has(child.type)) {
      op = child.type as Command['after'];
      continue;
    }
    if (!child.isNamed) continue;
    if (child.type === 'command') {
      const c = toCommand(child, base, op, nested || n.type === 'pipeline' || n.type === 'negated_command');
      if (c) out.push(c);
    } else {
      const deeper = nested || ['pipeline', 'negated_command', 'test_command', 'command_substitution', 'process_substitution'].includes(child.type);
      collect(child, base, out, deeper);
    }
    if (child.type !== 'comment') op = undefined;
  }
}

function toWord(n: Node, base: number): Word {
  let value = n.text;
  if (n.type === 'raw_string') value = value.slice(1, -1);
  else if (n.type === 'string') value = value.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
  else if (n.type === 'word') value = value.replace(/\\(.)/g, '$1');
  else if (n.type === 'concatenation') value = n.namedChildren.map((c) => (c ? toWord(c, base).value : '')).join('');
  const dynamic = /expansion|substitution/.test(n.type) || hasExpansion(n);
  return { value, start: base + n.startIndex, end: base + n.endIndex, dynamic };
}

function hasExpansion(n: Node): boolean {
  return n.namedChildren.some((c) => !!c && (/expansion|substitution/.test(c.type) || hasExpansion(c)));
}

function toCommand(n: Node, base: number, after: Command['after'], nested: boolean): Command | undefined {
  const nameNode = n.childForFieldName('name');
  if (!nameNode) return undefined;
  const words = [nameNode, ...n.childrenForFieldName('argument').filter((c): c is Node => !!c)].map((w) => toWord(w, base));
  while (words.length > 1 && WRAPPERS.has(basename(words[0].value))) {
    words.shift();
    while (words.length > 1 && (words[0].value.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0].value))) words.shift();
  }
  const [program, ...args] = words;
  return { name: basename(program.value), program, args, start: base + n.startIndex, end: base + n.endIndex, after, nested };
}

// ---- apt ---------------------------------------------------------------------------------

/** apt-get/apt options that take the next word as their value. */
export const APT_VALUE_OPTS = new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--default-release']);

export interface AptCall {
  command: Command;
  tool: 'apt-get' | 'apt';
  /** `install`, `update`, `purge`, … (undefined when dynamic) */
  sub?: string;
  subWord?: Word;
  /** options anywhere in the call */
  options: Word[];
  /** positional words after the subcommand: packages for install/purge/remove */
  packages: Word[];
}

export function aptCalls(cmds: Command[]): AptCall[] {
  const out: AptCall[] = [];
  for (const c of cmds) {
    if (c.name !== 'apt-get' && c.name !== 'apt') continue;
    const options: Word[] = [];
    const positional: Word[] = [];
    for (let i = 0; i < c.args.length; i++) {
      const w = c.args[i];
      if (w.value.startsWith('-') && !w.dynamic) {
        options.push(w);
        if (APT_VALUE_OPTS.has(w.value) && c.args[i + 1]) options.push(c.args[++i]);
      } else positional.push(w);
    }
    const [subWord, ...packages] = positional;
    out.push({ command: c, tool: c.name, sub: subWord && !subWord.dynamic ? subWord.value : undefined, subWord, options, packages });
  }
  return out;
}

// ---- apk ---------------------------------------------------------------------------------

/** apk options that take the next word as their value (when not written `--x=v`). */
const APK_VALUE_OPTS = new Set(['-t', '--virtual', '-X', '--repository', '-p', '--root', '--keys-dir', '--repositories-file', '--arch', '--cache-dir', '--timeout', '--wait', '--cache-max-age']);

export interface ApkCall {
  command: Command;
  /** `add`, `del`, `update`, … (undefined when dynamic) */
  sub?: string;
  options: Word[];
  /** positional words after the subcommand: packages for add/del */
  packages: Word[];
  /** `--virtual NAME` / `-t NAME` of `apk add` */
  virtual?: Word;
}

export function apkCalls(cmds: Command[]): ApkCall[] {
  const out: ApkCall[] = [];
  for (const c of cmds) {
    if (c.name !== 'apk') continue;
    const options: Word[] = [];
    const positional: Word[] = [];
    let virtual: Word | undefined;
    for (let i = 0; i < c.args.length; i++) {
      const w = c.args[i];
      if (w.value.startsWith('-') && !w.dynamic) {
        options.push(w);
        const eq = /^--virtual=(.+)$/.exec(w.value);
        if (eq) virtual = { ...w, value: eq[1] };
        else if (APK_VALUE_OPTS.has(w.value) && c.args[i + 1]) {
          const v = c.args[++i];
          options.push(v);
          if (w.value === '-t' || w.value === '--virtual') virtual = v;
        }
      } else positional.push(w);
    }
    const [subWord, ...packages] = positional;
    out.push({ command: c, sub: subWord && !subWord.dynamic ? subWord.value : undefined, options, packages, virtual });
  }
  return out;
}

/** An `apt-get install` or an `apk add`: the packages a RUN installs, whichever the tool. */
export interface PackageInstall {
  tool: 'apt' | 'apk';
  command: Command;
  packages: Word[];
  /** apk's `--virtual NAME`: the packages are one group, deleted together with `apk del NAME` */
  virtual?: Word;
}

export function packageInstalls(cmds: Command[]): PackageInstall[] {
  const apt = aptCalls(cmds)
    .filter((c) => c.sub === 'install')
    .map((c): PackageInstall => ({ tool: 'apt', command: c.command, packages: c.packages }));
  const apk = apkCalls(cmds)
    .filter((c) => c.sub === 'add')
    .map((c): PackageInstall => ({ tool: 'apk', command: c.command, packages: c.packages, virtual: c.virtual }));
  return [...apt, ...apk].sort((a, b) => a.command.start - b.command.start);
}

/** Package names a command removes: `apt-get purge/remove X`, `apk del X`. */
export function packageRemovals(cmds: Command[]): { command: Command; names: string[] }[] {
  const apt = aptCalls(cmds)
    .filter((c) => c.sub === 'purge' || c.sub === 'remove')
    .map((c) => ({ command: c.command, names: c.packages.map((w) => w.value) }));
  const apk = apkCalls(cmds)
    .filter((c) => c.sub === 'del')
    .map((c) => ({ command: c.command, names: c.packages.map((w) => w.value) }));
  return [...apt, ...apk];
}

/** `rm` with recursive+force (or recursive) on apt's lists folder. */
export function cleansAptLists(c: Command): boolean {
  if (c.name !== 'rm') return false;
  let recursive = false;
  for (const a of c.args) {
    if (/^-[a-zA-Z]*[rR]/.test(a.value) || a.value === '--recursive') recursive = true;
  }
  return recursive && c.args.some((a) => /^\/var\/lib\/apt(?:\/lists)?\/?(?:\*|\/\*)?$/.test(a.value));
}

// ---- pip ---------------------------------------------------------------------------------

/** pip install options that take the next word as their value (when not written `--x=v`). */
const PIP_VALUE_OPTS = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-t', '--target', '--prefix', '--root',
  '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--trusted-host', '--platform',
  '--python-version', '--implementation', '--abi', '--src', '--upgrade-strategy', '--progress-bar',
  '--cache-dir', '--log', '--proxy', '--retries', '--timeout', '--exists-action', '--cert', '--client-cert',
  '--global-option', '--config-settings', '-C', '--no-binary', '--only-binary', '--report', '--root-user-action',
]);

export interface PipInstall {
  command: Command;
  /** the `install` word */
  installWord: Word;
  /** `-r FILE` values */
  requirements: Word[];
  constraints: Word[];
  /** `-e X` values */
  editables: Word[];
  /** requirement specifiers and paths given directly */
  packages: Word[];
  /** every option word (with `=value` forms kept whole) */
  options: Word[];
  /** value of an option, by its long or short name */
  option(...names: string[]): Word | undefined;
}

/** `pip install`, `pip3 install`, `pip3.11 install`, `python -m pip install`, `/path/to/pip install`. */
export function pipInstalls(cmds: Command[]): PipInstall[] {
  const out: PipInstall[] = [];
  for (const c of cmds) {
    let rest: Word[];
    if (/^pip[0-9.]*$/.test(c.name)) rest = c.args;
    else if (/^python[0-9.]*$/.test(c.name)) {
      const m = c.args.findIndex((a) => a.value === '-m');
      if (m < 0 || !/^pip[0-9.]*$/.test(c.args[m + 1]?.value ?? '')) continue;
      if (c.args.slice(0, m).some((a) => !a.value.startsWith('-'))) continue;
      rest = c.args.slice(m + 2);
    } else continue;
    const i = rest.findIndex((a) => !a.value.startsWith('-'));
    if (i < 0 || rest[i].value !== 'install') continue;
    const p: PipInstall = {
      command: c,
      installWord: rest[i],
      requirements: [],
      constraints: [],
      editables: [],
      packages: [],
      options: [],
      option: () => undefined,
    };
    const values = new Map<string, Word>();
    const words = rest.slice(i + 1);
    for (let k = 0; k < words.length; k++) {
      const w = words[k];
      if (!w.value.startsWith('-') || w.dynamic) {
        p.packages.push(w);
        continue;
      }
      p.options.push(w);
      const eq = /^(--[a-z-]+)=(.*)$/.exec(w.value);
      const short = /^(-[rceitf])(.+)$/.exec(w.value);
      let name = w.value;
      let value: Word | undefined;
      if (eq) {
        name = eq[1];
        value = { ...w, value: eq[2] };
      } else if (short) {
        name = short[1];
        value = { ...w, value: short[2] };
      } else if (PIP_VALUE_OPTS.has(w.value) && words[k + 1]) {
        value = words[++k];
      }
      if (value) values.set(name, value);
      if (name === '-r' || name === '--requirement') value && p.requirements.push(value);
      else if (name === '-c' || name === '--constraint') value && p.constraints.push(value);
      else if (name === '-e' || name === '--editable') value && p.editables.push(value);
      else if (!value) values.set(name, w);
    }
    p.option = (...names) => names.map((n) => values.get(n)).find(Boolean);
    out.push(p);
  }
  return out;
}

/** Only upgrades pip's own tooling (`pip install -U pip setuptools wheel`). */
export function isToolingUpgrade(p: PipInstall): boolean {
  return (
    p.requirements.length === 0 &&
    p.editables.length === 0 &&
    p.packages.length > 0 &&
    p.packages.every((w) => /^(pip|setuptools|wheel)([<>=!~].*)?$/i.test(w.value))
  );
}

/** A RUN's --mount flags of type cache or tmpfs, by target. */
export function cacheMountTargets(run: RunScript): string[] {
  const out: string[] = [];
  for (const f of run.flags) {
    if (f.getName() !== 'mount') continue;
    const opts = new Map(f.getOptions().map((o) => [o.getName(), o.getValue() ?? '']));
    const type = opts.get('type') ?? 'bind';
    const target = opts.get('target') ?? opts.get('dst') ?? opts.get('destination');
    if ((type === 'cache' || type === 'tmpfs') && target) out.push(target.replace(/\/+$/, ''));
  }
  return out;
}
