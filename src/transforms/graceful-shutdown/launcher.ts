// How a service's image starts its server (the final stage's ENTRYPOINT/CMD), which server that
// is, and how long it lets in-flight requests finish on SIGTERM.
import type { Instruction, JSONInstruction } from 'dockerfile-ast';
import type { DockerDoc } from '../../languages/dockerfile.js';
import { loadShell } from '../../languages/shell.js';
import { basename, commandsIn, commandsOf, type Command } from '../../service/run-shell.js';
import { finalStage, startInstructions } from '../../service/final-stage.js';

/** Servers recognised by their command; `python` is a script (`python app.py`) that starts one itself. */
export type Server = 'uvicorn' | 'gunicorn' | 'hypercorn' | 'daphne' | 'granian' | 'waitress' | 'flask' | 'django' | 'python';

const COMMANDS: Record<string, Server> = {
  uvicorn: 'uvicorn',
  gunicorn: 'gunicorn',
  hypercorn: 'hypercorn',
  daphne: 'daphne',
  granian: 'granian',
  'waitress-serve': 'waitress',
};
const MODULES: Record<string, Server> = { ...COMMANDS, waitress: 'waitress' };

export const GRACE_FLAG: Record<'uvicorn' | 'gunicorn', string> = {
  uvicorn: '--timeout-graceful-shutdown',
  gunicorn: '--graceful-timeout',
};
export const UVICORN_ENV = 'UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN';

export interface Launcher {
  server: Server;
  /** the ENTRYPOINT or CMD that names the server */
  ins: Instruction;
  /** the server's arguments (all of them, ENTRYPOINT and CMD joined as Docker does) */
  args: string[];
  /** `python app.py`: the script */
  script?: string;
  /** seconds given to in-flight requests, when the command or the image's ENV sets it */
  grace?: number;
  /** configured where guardfix cannot see (gunicorn -c, GUNICORN_CMD_ARGS) */
  elsewhere?: boolean;
  /** where a flag can be appended, and how: JSON array elements, or words of a shell command */
  append?: { at: number; style: 'json' | 'shell'; sep: string };
}

interface Words {
  words: string[];
  /** exec form: offsets of each JSON string, quotes included */
  spans?: { start: number; end: number }[];
}

function jsonWords(doc: DockerDoc, ins: Instruction): Words | undefined {
  const strings = (ins as JSONInstruction).getJSONStrings?.() ?? [];
  if (!strings.length) return undefined;
  const spans = strings.map((s) => doc.range(s.getRange()));
  // dockerfile-ast drops the spaces inside a JSON string's value: read the source instead.
  const words = spans.map((r, i) => {
    try {
      return JSON.parse(doc.text.slice(r.start, r.end)) as string;
    } catch {
      return strings[i].getJSONValue();
    }
  });
  return { words, spans };
}

/** `flask run`, `manage.py runserver`: the frameworks' development servers. */
function devServer(first: string | undefined, args: string[]): Server | undefined {
  if (first === 'flask' && args[0] === 'run') return 'flask';
  if ((first === 'django-admin' || /(^|\/)manage\.py$/.test(first ?? '')) && args[0] === 'runserver') return 'django';
  return undefined;
}

/** The server a command runs: `uvicorn …`, `python -m gunicorn …`, `flask run`, `python app.py`. */
function serverOf(c: { name: string; args: string[] }): { server: Server; args: string[]; script?: string } | undefined {
  const named = COMMANDS[c.name] ?? devServer(c.name, c.args);
  if (named) return { server: named, args: c.args };
  if (!/^python(\d(\.\d+)?)?$/.test(c.name)) return undefined;
  // Interpreter options (-u, -O…) come first; then `-m module` or the script.
  for (let i = 0; i < c.args.length; i++) {
    const a = c.args[i];
    if (a === '-m') {
      const mod = c.args[i + 1];
      const server = MODULES[mod] ?? devServer(mod, c.args.slice(i + 2));
      return server ? { server, args: c.args.slice(i + 2) } : undefined;
    }
    if (a.startsWith('-')) continue;
    const dev = devServer(a, c.args.slice(i + 1));
    if (dev) return { server: dev, args: c.args.slice(i + 1) };
    return a.endsWith('.py') ? { server: 'python', args: c.args.slice(i + 1), script: a } : undefined;
  }
  return undefined;
}

function flagValue(args: string[], flag: string): number | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = a === flag ? args[i + 1] : a.startsWith(`${flag}=`) ? a.slice(flag.length + 1) : undefined;
    if (v !== undefined && /^\d+(\.\d+)?$/.test(v)) return Number(v);
  }
  return undefined;
}

const serverOfCommand = (c: Command) => serverOf({ name: c.name, args: c.args.map((a) => a.value) });

/** The command that serves: a uvicorn/gunicorn anywhere (`migrate && exec uvicorn …`), else a last `python app.py`. */
function pickServer(cmds: Command[]): number {
  const servers = cmds.map((c) => serverOfCommand(c)?.server);
  for (let i = servers.length - 1; i >= 0; i--) if (servers[i] !== undefined && servers[i] !== 'python') return i;
  return servers.length && servers[servers.length - 1] === 'python' ? servers.length - 1 : -1;
}

const lastWordEnd = (c: Command) => (c.args.length ? c.args[c.args.length - 1].end : c.program.end);

// One reading per Dockerfile parse: the rule asks for it from the service's Dockerfile, its Python
// files and its manifests (and again on each fixed text of those), and reading the start command
// parses its shell. Keyed by the parse, so an edited Dockerfile is read again.
const launchers = new WeakMap<DockerDoc, Promise<Launcher | undefined>>();

/** How the image starts its server (undefined: no server guardfix recognises). Callers must not modify it. */
export function launcherOf(doc: DockerDoc): Promise<Launcher | undefined> {
  let l = launchers.get(doc);
  if (!l) launchers.set(doc, (l = readLauncher(doc)));
  return l;
}

async function readLauncher(doc: DockerDoc): Promise<Launcher | undefined> {
  const fs = finalStage(doc);
  if (!fs) return undefined;
  const { entry, cmd } = startInstructions(fs);
  await loadShell();
  const found = findServer(doc, entry, cmd);
  if (!found) return undefined;
  const { server, args } = found;
  const out: Launcher = { ...found };
  if (server === 'uvicorn') {
    out.grace = flagValue(args, GRACE_FLAG.uvicorn);
    const env = fs.vars.get(UVICORN_ENV);
    if (out.grace === undefined && env !== undefined && /^\d+$/.test(env)) out.grace = Number(env);
  } else if (server === 'gunicorn') {
    out.grace = flagValue(args, GRACE_FLAG.gunicorn);
    out.elsewhere = args.some((a) => a === '-c' || a === '--config' || a.startsWith('--config=')) || fs.vars.has('GUNICORN_CMD_ARGS');
  } else if (server === 'hypercorn') {
    out.grace = flagValue(args, '--graceful-timeout');
    out.elsewhere = args.some((a) => a === '-c' || a === '--config' || a.startsWith('--config='));
  }
  return out;
}

function findServer(doc: DockerDoc, entry?: Instruction, cmd?: Instruction): Omit<Launcher, 'grace' | 'elsewhere'> | undefined {
  const entryJson = entry && jsonWords(doc, entry);
  // Docker appends an exec-form CMD to an exec-form ENTRYPOINT; a shell-form ENTRYPOINT ignores CMD.
  const parts: Instruction[] = entry ? (entryJson && cmd && jsonWords(doc, cmd) ? [entry, cmd] : [entry]) : cmd ? [cmd] : [];
  const all: string[] = parts.flatMap((p) => jsonWords(doc, p)?.words ?? []);
  for (const ins of parts) {
    const json = jsonWords(doc, ins);
    if (json) {
      const { words, spans } = json;
      if (/^(ba|da)?sh$/.test(basename(words[0] ?? '')) && words[1] === '-c' && words[2] !== undefined) {
        // `sh -c "exec uvicorn …"`: the script is the command; a flag goes at its end, inside the string.
        const cmds = commandsIn(words[2], 0);
        const i = pickServer(cmds);
        if (i === -1) continue;
        const s = serverOfCommand(cmds[i])!;
        const last = i === cmds.length - 1 && /^[^"\\]*$/.test(words[2].slice(lastWordEnd(cmds[i])).replace(/\s/g, ''));
        return { ...s, ins, append: last ? { at: spans![2].end - 1, style: 'shell', sep: ' ' } : undefined };
      }
      const offset = parts.indexOf(ins) === 0 ? 0 : (jsonWords(doc, parts[0])?.words.length ?? 0);
      const s = serverOf({ name: basename(all[offset] ?? ''), args: all.slice(offset + 1) });
      if (!s) continue;
      const close = doc.text.indexOf(']', spans![spans!.length - 1].end);
      const sep = spans!.length > 1 ? doc.text.slice(spans![0].end, spans![1].start) : ', ';
      return { ...s, ins, append: close === -1 ? undefined : { at: spans![spans!.length - 1].end, style: 'json', sep: sep.includes('\n') ? ', ' : sep } };
    }
    const cmds = commandsOf(doc, ins);
    const i = pickServer(cmds);
    if (i === -1) continue;
    const s = serverOfCommand(cmds[i])!;
    return { ...s, ins, append: i === cmds.length - 1 ? { at: lastWordEnd(cmds[i]), style: 'shell', sep: ' ' } : undefined };
  }
  return undefined;
}

const NAMES: Record<Server, string> = {
  uvicorn: 'uvicorn',
  gunicorn: 'gunicorn',
  hypercorn: 'hypercorn',
  daphne: 'daphne',
  granian: 'granian',
  waitress: 'waitress',
  flask: "Flask's development server",
  django: "Django's development server",
  python: 'the server',
};

/** The server a `python app.py` script starts, read from its code (names only: nothing is changed on this basis). */
export function scriptServer(code: string): Server | undefined {
  if (/\buvicorn\.run\s*\(|^\s*from\s+uvicorn\s+import\s+run\b/m.test(code)) return 'uvicorn';
  if (/^\s*(from\s+hypercorn\b|import\s+hypercorn\b)/m.test(code)) return 'hypercorn';
  if (/^\s*(from\s+waitress\s+import\s+serve\b|import\s+waitress\b)/m.test(code)) return 'waitress';
  if (/^\s*(from\s+flask\s+import\b|import\s+flask\b)/m.test(code) && /\.run\s*\(/.test(code)) return 'flask';
  return undefined;
}

/**
 * What the manifest's budget counts on after SIGTERM, by server: the seconds in-flight requests
 * get, and how to say where they come from. uvicorn and gunicorn get the profile's value when
 * the image sets none (the Dockerfile fix writes it); hypercorn's own default is 3 s.
 */
export function graceOf(server: Server | undefined, set: number | undefined, profile: number): { seconds: number; from: string } {
  if (!server || server === 'python') return { seconds: set ?? profile, from: "the server's graceful shutdown" };
  const name = NAMES[server];
  if (server === 'hypercorn') return { seconds: set ?? 3, from: set === undefined ? "hypercorn's default graceful timeout" : "hypercorn's graceful timeout" };
  if (server === 'flask' || server === 'django') return { seconds: set ?? profile, from: `the time ${name} gets to stop` };
  return { seconds: set ?? profile, from: `${name}'s graceful shutdown` };
}
