// What the final stage of a Dockerfile runs on and as: its chain of stages (`FROM <stage>`), the
// base image behind it, variables, the command it starts, the user it ends with. Runtime rules
// (non-root-user, healthcheck) judge this stage only: builder stages never run in production.
import type { Instruction, Arg, Env } from 'dockerfile-ast';
import type { DockerDoc, Stage } from '../languages/dockerfile.js';
import { commandsOf, commandsIn, basename, shellText, type Command } from './run-shell.js';
import { loadShell } from '../languages/shell.js';
import { baseFacts, parseImage, type BaseFacts, type Image } from './base-image.js';

export interface FinalStage {
  stage: Stage;
  /** the stages it is built on, first the one with a real image, last `stage` */
  chain: Stage[];
  /** the instructions of the whole chain, in build order */
  instructions: Instruction[];
  /** undefined when the image comes from a build argument without a default */
  image?: Image;
  /** ENV and ARG values at the end of the stage (ARG defaults only) */
  vars: Map<string, string>;
}

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Substitutes known variables; undefined when one has no value. */
export function expand(raw: string, vars: Map<string, string>): string | undefined {
  let unknown = false;
  const out = raw.replace(VAR, (_all, braced: string | undefined, op: string | undefined, alt: string | undefined, bare: string | undefined) => {
    const value = vars.get((braced ?? bare)!);
    if (op === '-') return value ? value : alt ?? '';
    if (op === '+') return value ? alt ?? '' : '';
    if (value === undefined) unknown = true;
    return value ?? '';
  });
  return unknown ? undefined : out;
}

function stageVars(doc: DockerDoc, stages: Stage[]): Map<string, string> {
  const vars = new Map<string, string>();
  const globals = new Map<string, string>();
  for (const arg of doc.ast.getInitialARGs() as Arg[]) {
    const p = arg.getProperty();
    if (p && p.getValue() != null) globals.set(p.getName(), p.getValue()!);
  }
  for (const st of stages) {
    for (const ins of st.instructions) {
      const kw = ins.getKeyword();
      if (kw === 'ARG') {
        const p = (ins as Arg).getProperty();
        if (!p) continue;
        // A bare `ARG X` in a stage re-imports the global default.
        const v = p.getValue() ?? globals.get(p.getName());
        if (v != null && !vars.has(p.getName())) vars.set(p.getName(), expand(v, vars) ?? v);
      } else if (kw === 'ENV') {
        for (const p of (ins as Env).getProperties()) {
          const v = p.getValue();
          if (v != null) vars.set(p.getName(), expand(v, vars) ?? v);
        }
      }
    }
  }
  return vars;
}

export function finalStage(doc: DockerDoc): FinalStage | undefined {
  const stages = doc.stages();
  const stage = stages[stages.length - 1];
  if (!stage) return undefined;
  const chain: Stage[] = [stage];
  for (let cur = stage; ; ) {
    const img = cur.from.getImage()?.toLowerCase();
    const parent = stages.find((s) => s.index < cur.index && s.name !== undefined && s.name === img);
    if (!parent) break;
    chain.unshift(parent);
    cur = parent;
  }
  const globals = new Map<string, string>();
  for (const arg of doc.ast.getInitialARGs() as Arg[]) {
    const p = arg.getProperty();
    if (p && p.getValue() != null) globals.set(p.getName(), p.getValue()!);
  }
  const raw = chain[0].from.getImage();
  const ref = raw ? expand(raw, globals) : undefined;
  return {
    stage,
    chain,
    instructions: chain.flatMap((s) => s.instructions),
    image: ref ? parseImage(ref) : undefined,
    vars: stageVars(doc, chain),
  };
}

export type { Family, BaseFacts, Image } from './base-image.js';
export { baseFacts, parseImage } from './base-image.js';

/**
 * The words of an exec-form (JSON) instruction, or undefined for the shell form. Read with
 * JSON.parse: dockerfile-ast's getJSONStrings() drops the spaces inside each string
 * (`"sh", "-c", "a b"` gives `ab`).
 */
export function execArgs(doc: DockerDoc, ins: Instruction): string[] | undefined {
  const range = ins.getArgumentsRange();
  if (!range) return undefined;
  const { start, end } = doc.range(range);
  const body = shellText(doc, start, end).trim();
  if (!body.startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(body);
    return Array.isArray(v) && v.every((w) => typeof w === 'string') ? v : undefined;
  } catch {
    return undefined; // Docker runs it with /bin/sh -c then
  }
}

/** The argv the container starts with (ENTRYPOINT + CMD, as Docker combines them). */
export interface StartCommand {
  argv: string[];
  /** the instructions it comes from */
  from: Instruction[];
  /** the program and its arguments after unwrapping `sh -c "…"`, when readable */
  commands: Command[];
}

/** The ENTRYPOINT and CMD in force at the end of the stage chain, as Docker resolves them. */
export function startInstructions(fs: FinalStage): { entry?: Instruction; cmd?: Instruction } {
  let entry: Instruction | undefined;
  let cmd: Instruction | undefined;
  for (const ins of fs.instructions) {
    const kw = ins.getKeyword();
    if (kw === 'ENTRYPOINT') {
      entry = ins;
      cmd = undefined; // a new ENTRYPOINT resets the CMD inherited so far
    } else if (kw === 'CMD') cmd = ins;
  }
  return { entry, cmd };
}

export function startCommand(doc: DockerDoc, fs: FinalStage): StartCommand | undefined {
  const { entry, cmd } = startInstructions(fs);
  if (!entry && !cmd) return undefined;
  const from = [entry, cmd].filter((i): i is Instruction => !!i);
  const argv: string[] = [];
  const commands: Command[] = [];
  for (const ins of from) {
    const words = execArgs(doc, ins);
    if (words) {
      argv.push(...words);
      // `sh -c "uvicorn … --port $PORT"`: the script is the real command.
      const c = words.findIndex((w) => w === '-c');
      if (c === 1 && /^(\/bin\/|\/usr\/bin\/)?(ba|da)?sh$/.test(words[0]) && words[2] !== undefined) {
        commands.push(...commandsIn(words[2], -1e9));
      } else if (words.length) {
        const w = (value: string) => ({ value, start: -1, end: -1, dynamic: /\$/.test(value) });
        commands.push({ name: basename(words[0]), program: w(words[0]), args: words.slice(1).map(w), start: -1, end: -1, nested: false });
      }
    } else {
      const cmds = commandsOf(doc, ins);
      if (ins === cmd && entry && commands.length) commands[commands.length - 1].args.push(...cmds.flatMap((c) => [c.program, ...c.args]));
      else commands.push(...cmds);
      argv.push('/bin/sh', '-c', ins.getArgumentsContent() ?? '');
    }
  }
  return { argv, from, commands };
}

/** The last USER of the chain: its instruction and value (variables expanded when known). */
export function lastUser(fs: FinalStage): { ins: Instruction; value: string } | undefined {
  let found: Instruction | undefined;
  for (const ins of fs.instructions) if (ins.getKeyword() === 'USER') found = ins;
  if (!found) return undefined;
  const raw = (found.getArgumentsContent() ?? '').trim();
  return { ins: found, value: expand(raw, fs.vars) ?? raw };
}

export function isRootUser(value: string): boolean {
  const user = value.split(':')[0].trim();
  return user === 'root' || /^0+$/.test(user);
}

export interface Runtime {
  fs: FinalStage;
  /** the commands the chain's RUNs execute */
  cmds: Command[];
  base: BaseFacts;
  start?: StartCommand;
}

// healthcheck and non-root-user both start from this, on every pass: one reading per parse.
// Nothing downstream changes what it gets (listen, probe and accounts build their own values).
const runtimes = new WeakMap<DockerDoc, Promise<Runtime | undefined>>();

/**
 * What the runtime rules (non-root-user, healthcheck) read first: the final stage, the commands
 * its RUNs execute, its base image and how it starts. undefined for Windows images, which have
 * their own users and shells, and for a file without FROM.
 */
export function runtimeOf(doc: DockerDoc): Promise<Runtime | undefined> {
  let r = runtimes.get(doc);
  if (!r) runtimes.set(doc, (r = readRuntime(doc)));
  return r;
}

async function readRuntime(doc: DockerDoc): Promise<Runtime | undefined> {
  await loadShell();
  const fs = finalStage(doc);
  if (!fs) return undefined;
  const cmds = fs.instructions.filter((i) => i.getKeyword() === 'RUN').flatMap((i) => commandsOf(doc, i));
  const base = baseFacts(fs.image, cmds);
  if (base.family === 'windows') return undefined;
  return { fs, cmds, base, start: startCommand(doc, fs) };
}
