import type { Instruction, Copy } from 'dockerfile-ast';
import { defineTransform } from '../define.js';
import type { DockerDoc } from '../../languages/dockerfile.js';
import type { Edit, Fix } from '../../engine/types.js';
import type { RuleContext } from '../../engine/rule.js';
import { DEFAULT_PROFILE } from '../../engine/profile.js';
import { installedPackages, type Command } from '../../service/run-shell.js';
import { runtimeOf, lastUser, isRootUser, expand, execArgs, type FinalStage, type BaseFacts } from '../../service/final-stage.js';
import { createdAccounts, createAccount, privilegeDropper } from '../../service/accounts.js';
import { requiresNumericUser } from '../../service/k8s-manifests.js';
import { keyword, insertBefore, insertAfter, afterKeyword } from '../../languages/dockerfile-edit.js';
import { imageRole } from '../../service/image-role.js';
import { rootHome } from './root-home.js';
import { privilegedPort } from './ports.js';
import { docs } from './docs.js';

const kw = (ins: Instruction) => ins.getKeyword();

/** The last WORKDIR before `before` (absolute, expanded), if it is a plain path. */
function workdirAt(fs: FinalStage, before: Instruction | undefined): string | undefined {
  let dir: string | undefined;
  for (const ins of fs.instructions) {
    if (ins === before) break;
    if (kw(ins) !== 'WORKDIR') continue;
    const v = expand((ins.getArgumentsContent() ?? '').trim(), fs.vars);
    if (v === undefined) dir = undefined;
    else dir = v.startsWith('/') ? v : dir ? `${dir.replace(/\/$/, '')}/${v}` : `/${v}`;
  }
  return dir && /^\/[\w.@/-]*$/.test(dir) && dir !== '/' ? dir.replace(/\/+$/, '') : undefined;
}

function argsOf(doc: DockerDoc, ins: Instruction): string[] {
  return execArgs(doc, ins) ?? ins.getArguments().map((a) => a.getValue());
}

/** COPY/ADD from the build context into the app folder: the files the app is made of. */
function isAppCopy(doc: DockerDoc, ins: Instruction, workdir: string | undefined, fs: FinalStage): boolean {
  if (kw(ins) !== 'COPY' && kw(ins) !== 'ADD') return false;
  const flags = (ins as Copy).getFlags();
  if (flags.some((f) => f.getName() === 'from' || f.getName() === 'chown')) return false;
  const args = argsOf(doc, ins);
  if (args.length < 2 || args.some((a) => a.startsWith('<<'))) return false;
  const dest = expand(args[args.length - 1], fs.vars);
  if (dest === undefined) return false;
  if (!dest.startsWith('/')) return true;
  if (workdir && (dest.replace(/\/+$/, '') === workdir || dest.startsWith(`${workdir}/`))) return true;
  return !SYSTEM_DIRS.test(dest);
}

/** Where a COPY puts configuration or programs that should stay root-owned. */
const SYSTEM_DIRS = /^\/(etc|usr|bin|sbin|lib|lib32|lib64|libx32|boot|dev|proc|sys|run|root|tmp|var\/lib|var\/cache|docker-entrypoint|entrypoint)(\/|$|[.-])/;

function volumes(doc: DockerDoc, ins: Instruction[], fs: FinalStage): string[] {
  return ins
    .filter((i) => kw(i) === 'VOLUME')
    .flatMap((i) => argsOf(doc, i))
    .map((v) => expand(v, fs.vars))
    .filter((v): v is string => !!v && /^\/[\w.@/-]+$/.test(v));
}

/**
 * A named USER is non-root, but a pod with `runAsNonRoot: true` and no `runAsUser` cannot start
 * from it: the kubelet only trusts a numeric UID. Fixed when the Dockerfile gives the account's UID.
 */
function numericForKubernetes(ctx: RuleContext<DockerDoc>, fs: FinalStage, user: { ins: Instruction; value: string }, cmds: Command[]): void {
  const [name, group] = user.value.split(':');
  if (/^\d+$/.test(name)) return;
  const where = requiresNumericUser(ctx);
  if (!where) return;
  const uid = createdAccounts(cmds).filter((a) => a.name === name).pop()?.uid;
  const raw = (user.ins.getArgumentsContent() ?? '').trim();
  const range = ctx.doc.range(user.ins.getArgumentsRange()!);
  const canEdit = raw === user.value && uid !== undefined;
  ctx.report({
    ...ctx.doc.range(user.ins.getRange()),
    severity: 'high',
    message: `USER ${user.value} names an account, and ${where} sets runAsNonRoot: true without runAsUser: the kubelet refuses to start the container ("image has non-numeric user", it can only verify a numeric UID). ${canEdit ? `Fix: USER ${uid}${group !== undefined ? `:${group}` : ''}, the UID the Dockerfile gives ${name}.` : `Give ${name} a fixed UID (useradd -u 10001) and write USER 10001, or set runAsUser in the pod.`}`,
    fix: canEdit ? { title: `USER ${uid}`, applicability: 'safe', edits: [{ ...range, text: `${uid}${group !== undefined ? `:${group}` : ''}` }] } : undefined,
  });
}

interface Account {
  /** the USER value */
  target: string;
  /** the account name, for the RUN that creates it */
  name: string;
  /** `--chown` for the app's COPYs, when the Dockerfile never cared about ownership */
  chown?: string;
  /** the shell that creates the account */
  create?: string;
  plan: string;
  unsafe: string[];
}

/**
 * Who to become: the user set before the stage went back to root, an account RUN creates, the
 * image's own app account, or a new one from the profile.
 */
function chooseAccount(ctx: RuleContext<DockerDoc>, fs: FinalStage, base: BaseFacts, cmds: Command[]): Account {
  const profileUser = { name: ctx.profile.user?.name ?? DEFAULT_PROFILE.user.name, uid: ctx.profile.user?.uid ?? DEFAULT_PROFILE.user.uid };
  const accounts = createdAccounts(cmds);
  const earlier = fs.instructions
    .filter((i) => kw(i) === 'USER')
    .map((i) => expand((i.getArgumentsContent() ?? '').trim(), fs.vars))
    .filter((v): v is string => !!v && !isRootUser(v));
  const prior = earlier[earlier.length - 1] ?? accounts[accounts.length - 1]?.name;
  if (prior !== undefined) {
    // The Dockerfile already handled accounts and ownership: only the switch is missing.
    const uid = /^\d+/.exec(prior)?.[0] ?? accounts.find((a) => a.name === prior.split(':')[0])?.uid;
    const target = uid !== undefined ? String(uid) : prior;
    const who = prior === target ? target : `${prior} (uid ${uid})`;
    let plan = earlier.length ? `switch back to ${who}, the user set before` : `run as ${who}, the account the Dockerfile creates`;
    if (!/^\d+(:\d+)?$/.test(target)) {
      plan += '; USER names an account, not a numeric UID, which Kubernetes runAsNonRoot cannot verify: give the account a fixed UID (useradd -u) and name that';
    }
    return { target, name: prior, plan, unsafe: [] };
  }
  if (base.appUser) {
    const { name, uid } = base.appUser;
    return { target: String(uid), name, chown: `${uid}:${uid}`, plan: `run as the image's ${name} account (uid ${uid})`, unsafe: [] };
  }
  const { name, uid } = profileUser;
  const create = base.shell ? createAccount(base.family, name, uid) : undefined;
  if (create) return { target: String(uid), name, chown: `${uid}:${uid}`, create, plan: `create the system account ${name} (uid ${uid}) and run as it`, unsafe: [] };
  // Without an account, Docker would give the process gid 0: name the group too.
  const unsafe =
    base.family === 'scratch' || base.family === 'distroless'
      ? []
      : [`guardfix does not know how to create an account on ${base.why}, so the fix sets a numeric USER without one (no home folder, no name)`];
  return { target: `${uid}:${uid}`, name, chown: `${uid}:${uid}`, plan: `run as uid ${uid}`, unsafe };
}

export default defineTransform<DockerDoc>({
  meta: {
    id: 'non-root-user',
    languages: ['dockerfile'],
    context: ['yaml'],
    severity: 'critical',
    category: 'Non-Root User',
    summary: 'The final stage must run as a non-root user with a numeric UID',
    fix: 'sometimes',
    applicability: 'safe',
    sources: ['hadolint DL3002, DL3046', 'Trivy DS002', 'Checkov CKV_DOCKER_3, CKV_DOCKER_8'],
    docs,
  },
  async check(ctx) {
    const doc = ctx.doc;
    const runtime = await runtimeOf(doc);
    if (!runtime) return;
    const { fs, cmds, base, start } = runtime;
    // Dev containers, test runners and base images are not what runs in production.
    if (imageRole(ctx, runtime).role !== 'service') return;
    const own = fs.stage.instructions;
    const user = lastUser(fs);
    if (user && !isRootUser(user.value)) {
      numericForKubernetes(ctx, fs, user, cmds);
      return;
    }
    if (!user && base.runsAs !== undefined) return; // the image's own USER is non-root
    const at = doc.range((user?.ins ?? fs.stage.from).getRange());
    const runsAsRoot = user ? `The last USER of the final stage is ${user.value}` : `The final stage (${base.why}) has no USER instruction`;

    const copiedFrom = fs.instructions.flatMap((i) => ((kw(i) === 'COPY' && (i as Copy).getFromFlag()?.getValue()) || []));
    // The database images' own entrypoint drops privileges, unless the Dockerfile replaces it.
    const ownEntrypoint = fs.instructions.some((i) => kw(i) === 'ENTRYPOINT');
    const imageDrops = !ownEntrypoint && base.server?.dropsPrivileges ? `the ${base.server.image} image's entrypoint, which switches to its own account with ${base.server.dropsPrivileges},` : undefined;
    const dropper = privilegeDropper(start?.commands ?? [], installedPackages(cmds).os, copiedFrom, cmds) ?? imageDrops;
    if (dropper) {
      ctx.report({
        ...at,
        severity: 'low',
        message: `${runsAsRoot}; the container starts as root and uses ${dropper} to run the service as another user. That is fine if every start path drops privileges; \`docker exec\` still gets root.`,
      });
      return;
    }

    const account = chooseAccount(ctx, fs, base, cmds);
    const { target, chown, create } = account;
    let plan = account.plan;
    const unsafe = [...account.unsafe];

    const problems: string[] = [];
    const port = privilegedPort(ctx, runtime, ctx.service?.filesOf('python') ?? []);
    if (port?.problem) problems.push(port.problem);
    if (port?.move) {
      unsafe.push(port.move.note);
      plan += `, on port ${port.move.line.split('=').pop()}`;
    }
    const home = rootHome(doc, fs);
    if (home && 'problem' in home) problems.push(`the service needs files root keeps for itself: ${home.problem}. /root is readable by root only (mode 0700), so as another user the server or its packages are not found. Move them out of /root first`);
    if (home && 'plan' in home) plan += `; ${home.plan}`;
    if (!start && !base.server) unsafe.push('the final stage has no CMD or ENTRYPOINT: if other Dockerfiles build FROM this image, their RUN steps would run as the new user');
    const runner = start?.commands.find((c) => ['poetry', 'pipenv'].includes(c.name) && c.args[0]?.value === 'run');
    if (runner) unsafe.push(`the start command runs \`${runner.name} run\`, which reads its settings and cache from the home folder; guardfix has not checked that it finds the virtualenv as another user`);
    const entry = start?.from.find((i) => kw(i) === 'ENTRYPOINT');
    const script = entry ? start?.commands[0]?.program.value : undefined;
    if (script && (/\.(sh|bash)$/.test(script) || /entrypoint/i.test(script))) {
      unsafe.push(`the ENTRYPOINT runs ${script} first, and guardfix cannot see whether it needs root (chown of volumes, gosu/su-exec)`);
    }

    // Edits: the account before the first file lands, ownership on the app's COPYs, USER after
    // the last RUN (the last step that needs root) and before the start command.
    const lastRun = [...own].reverse().find((i) => kw(i) === 'RUN');
    const afterRuns = lastRun ? own.slice(own.indexOf(lastRun) + 1) : own;
    const edits: Edit[] = [];
    const userLine = `${keyword(doc, 'USER')} ${target}`;
    let userEdit: Edit;
    let userAnchor: Instruction | undefined;
    if (user && own.includes(user.ins) && afterRuns.includes(user.ins)) {
      userEdit = { ...doc.range(user.ins.getArgumentsRange()!), text: target };
      userAnchor = user.ins;
    } else {
      userAnchor = afterRuns.find((i) => kw(i) === 'CMD' || kw(i) === 'ENTRYPOINT');
      userEdit = userAnchor ? insertBefore(doc, userAnchor, userLine) : insertAfter(doc, own[own.length - 1] ?? fs.stage.from, userLine);
    }
    const beforeUser = userAnchor ? own.slice(0, own.indexOf(userAnchor)) : own;
    const createAnchor = beforeUser.find((i) => ['COPY', 'ADD', 'VOLUME'].includes(kw(i)));
    if (create) {
      const workdir = workdirAt(fs, createAnchor ?? userAnchor);
      const vols = volumes(doc, createAnchor ? own.slice(own.indexOf(createAnchor)) : [], fs);
      const owned = [...(workdir ? [workdir] : []), ...vols];
      const name = account.name;
      const line = `${keyword(doc, 'RUN')} ${create}${vols.length ? ` && mkdir -p ${vols.join(' ')}` : ''}${owned.length ? ` && chown ${name}:${name} ${owned.join(' ')}` : ''}`;
      if (createAnchor) edits.push(insertBefore(doc, createAnchor, line));
      else if (userEdit.start === userEdit.end) userEdit = { ...userEdit, text: userAnchor ? insertBefore(doc, userAnchor, line).text + userEdit.text : insertAfter(doc, own[own.length - 1] ?? fs.stage.from, line).text + userEdit.text };
      else edits.push(insertBefore(doc, userAnchor!, line));
    }
    if (chown) {
      const workdir = (i: Instruction) => workdirAt(fs, i);
      for (const ins of own) if (isAppCopy(doc, ins, workdir(ins), fs)) edits.push({ start: afterKeyword(doc, ins), end: afterKeyword(doc, ins), text: ` --chown=${chown}` });
    }
    if (home && 'edits' in home) edits.push(...home.edits);
    if (port?.move) {
      edits.push(...port.move.edits);
      // The port moves in the same place the user changes, so one reads the two together.
      if (userEdit.start === userEdit.end) userEdit = { ...userEdit, text: userEdit.text.replace(userLine, `${port.move.line}\n${userLine}`) };
      else edits.push(insertBefore(doc, userAnchor!, port.move.line));
    }
    edits.push(userEdit);
    const fix: Fix = {
      title: `Run the final stage as ${create ? account.name : target}`,
      applicability: problems.length ? 'display-only' : unsafe.length ? 'unsafe' : 'safe',
      edits,
    };
    const why = problems.length ? ` The fix is not applied: ${problems.join('; ')}.` : unsafe.length ? ` The fix is unsafe: ${unsafe.join('; ')}.` : '';
    ctx.report({ ...at, message: `${runsAsRoot}, so the service runs as root. Fix: ${plan}.${why}`, fix });
  },
});
