// What the service needs from /root at run time. /root is mode 0700: once USER is not root, the
// process cannot even enter it, so packages there are not found (`ModuleNotFoundError`) and
// scripts there are not on any PATH that works ("uvicorn: not found"). The common shapes:
// `pip install --user` (into /root/.local) copied from a builder or run in the final stage;
// pipenv and poetry virtualenvs created by root under /root/.local/share and /root/.cache.
// A pip user base can move (PYTHONUSERBASE is read by every Python): the fix moves it to
// USER_BASE and points PATH there. The rest cannot move without rebuilding, so the finding
// says what to change.
import type { Instruction, Copy, Env } from 'dockerfile-ast';
import type { DockerDoc } from '../../languages/dockerfile.js';
import type { Edit } from '../../engine/types.js';
import { commandsOf, type Command } from '../../service/run-shell.js';
import { pipInstalls } from '../../languages/dockerfile-shell.js';
import { expand, execArgs, isRootUser, type FinalStage } from '../../service/final-stage.js';
import { keyword, insertAfter, insertBefore } from '../../languages/dockerfile-edit.js';

/** Where a pip user base moves to: readable by every account, outside any home. */
export const USER_BASE = '/opt/python-user';

export type RootHome = { edits: Edit[]; plan: string } | { problem: string };

const kw = (i: Instruction) => i.getKeyword();
const underRoot = (p: string) => /^\/root(\/|$)/.test(p);
/** `/root/.local` where it names that folder (not `/root/.localx`). */
const LOCAL = /\/root\/\.local(?=$|[/:\s"'\]])/g;

function argsOf(doc: DockerDoc, ins: Instruction): string[] {
  return execArgs(doc, ins) ?? ins.getArguments().map((a) => a.getValue());
}

/** Absolute destination of a COPY/ADD, with the WORKDIR it is relative to. */
function destOf(raw: string, workdir: string | undefined): string {
  if (raw.startsWith('/')) return raw;
  return `${(workdir ?? '').replace(/\/$/, '')}/${raw.replace(/^\.\/?/, '')}`.replace(/\/+$/, '') || '/';
}

/** What the final stage keeps under /root for run time, and how to move it (or why not). */
export function rootHome(doc: DockerDoc, fs: FinalStage): RootHome | undefined {
  let workdir: string | undefined;
  let root = true;
  let moveFrom: Instruction | undefined; // the instruction after which the user base lives in /root/.local
  let ownUserBase: Instruction | undefined; // a RUN pip install --user as root, in the final stage
  const env = new Map<string, string>();
  /** `poetry config <key> <value>` seen so far */
  const poetry = new Map<string, string>();
  const problems: string[] = [];
  for (const ins of fs.instructions) {
    const k = kw(ins);
    const args = () => argsOf(doc, ins);
    if (k === 'USER') root = isRootUser(expand((ins.getArgumentsContent() ?? '').trim(), fs.vars) ?? 'root');
    else if (k === 'WORKDIR') {
      const v = expand((ins.getArgumentsContent() ?? '').trim(), fs.vars);
      workdir = v === undefined ? undefined : destOf(v, workdir);
      if (workdir && underRoot(workdir)) problems.push(`the app's WORKDIR is ${workdir}, inside /root`);
    } else if (k === 'ENV') {
      for (const p of (ins as Env).getProperties()) env.set(p.getName(), p.getValue() ?? '');
    } else if ((k === 'COPY' || k === 'ADD') && root) {
      const a = args().filter((w) => !w.startsWith('--'));
      const dest = a.length >= 2 ? expand(a[a.length - 1], fs.vars) : undefined;
      if (dest === undefined) continue;
      const abs = destOf(dest, workdir);
      if (!underRoot(abs) || /^\/root\/\.cache(\/|$)/.test(abs)) continue; // pip's cache: build time only
      if (abs.replace(/\/+$/, '') === '/root/.local' && (ins as Copy).getFromFlag()) moveFrom ??= ins;
      else problems.push(`${k} puts ${a.slice(0, -1).join(' ')} in ${abs}`);
    } else if (k === 'RUN' && root && fs.stage.instructions.includes(ins)) {
      const cmds = commandsOf(doc, ins);
      if (pipInstalls(cmds).some((p) => p.option('--user'))) ownUserBase ??= ins;
      for (const c of cmds) {
        if (c.name !== 'poetry' || c.args[0]?.value !== 'config' || c.args.length < 3) continue;
        poetry.set(c.args[1].value, c.args[c.args.length - 1].value);
      }
      const venv = venvByRoot(cmds, doc.text.slice(doc.offset(ins.getRange().start), doc.offset(ins.getRange().end)), env, poetry);
      if (venv) problems.push(venv);
    }
  }
  if (problems.length) return { problem: problems.join('; ') };
  const anchor = ownUserBase ?? moveFrom;
  if (!anchor && !/\/root\b/.test(env.get('PATH') ?? '') && !/\/root\b/.test(env.get('PYTHONPATH') ?? '')) return undefined;
  if (!anchor) return { problem: `ENV ${/\/root\b/.test(env.get('PATH') ?? '') ? 'PATH' : 'PYTHONPATH'} points into /root` };

  // Every mention of /root/.local in the stage's instructions moves with the files.
  const edits: Edit[] = [];
  for (const ins of fs.instructions) {
    if (ins === anchor && ownUserBase) continue;
    const k = kw(ins);
    if (!['COPY', 'ADD', 'ENV', 'RUN', 'CMD', 'ENTRYPOINT', 'ARG'].includes(k)) continue;
    const start = doc.offset(ins.getRange().start);
    const text = doc.text.slice(start, doc.offset(ins.getRange().end));
    for (const m of text.matchAll(LOCAL)) {
      // The source of `COPY --from=builder /root/.local …` stays: it is the builder's folder.
      if (ins === moveFrom && m.index! !== text.lastIndexOf(m[0])) continue;
      edits.push({ start: start + m.index!, end: start + m.index! + m[0].length, text: USER_BASE });
    }
  }
  const line = `${keyword(doc, 'ENV')} PYTHONUSERBASE=${USER_BASE}`;
  edits.push(ownUserBase ? insertBefore(doc, ownUserBase, line) : insertAfter(doc, moveFrom!, line));
  const what = ownUserBase ? '`pip install --user` installs into /root/.local' : 'the packages `pip install --user` put in /root/.local are copied to /root/.local';
  return { edits, plan: `${what}, which only root can read: move them to ${USER_BASE} (PYTHONUSERBASE, which Python reads for the user site) and point PATH there` };
}

const truthy = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
const falsy = (v: string | undefined) => v !== undefined && /^(0|false|no|off)$/i.test(v.trim());

/** A pipenv or poetry virtualenv that root creates in its own home, and what to do instead. */
function venvByRoot(cmds: Command[], text: string, env: Map<string, string>, poetry: Map<string, string>): string | undefined {
  for (const c of cmds) {
    const args = c.args.map((a) => a.value);
    if (c.name === 'pipenv' && (args[0] === 'install' || args[0] === 'sync') && !args.includes('--system')) {
      if (truthy(env.get('PIPENV_VENV_IN_PROJECT')) || /PIPENV_VENV_IN_PROJECT=(1|true)/i.test(text) || env.has('WORKON_HOME')) continue;
      return 'pipenv creates its virtualenv in /root/.local/share/virtualenvs (set ENV PIPENV_VENV_IN_PROJECT=1 before `pipenv install` to create it in the project as .venv, or install with `--system`)';
    }
    if (c.name === 'poetry' && args[0] === 'install') {
      const noVenv = falsy(env.get('POETRY_VIRTUALENVS_CREATE')) || falsy(poetry.get('virtualenvs.create')) || /POETRY_VIRTUALENVS_CREATE=(0|false)/i.test(text);
      const inProject = truthy(env.get('POETRY_VIRTUALENVS_IN_PROJECT')) || truthy(poetry.get('virtualenvs.in-project')) || /POETRY_VIRTUALENVS_IN_PROJECT=(1|true)/i.test(text) || env.has('POETRY_VIRTUALENVS_PATH') || !!poetry.get('virtualenvs.path');
      if (noVenv || inProject) continue;
      return 'poetry creates its virtualenv in /root/.cache/pypoetry/virtualenvs (set ENV POETRY_VIRTUALENVS_IN_PROJECT=true before `poetry install` to create it in the project as .venv, or `poetry config virtualenvs.create false`)';
    }
  }
  return undefined;
}
