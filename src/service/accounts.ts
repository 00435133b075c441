// User accounts in a Dockerfile: the ones RUN creates, the tools that drop privileges at start,
// and the command that creates a system account on each distribution family.
import type { Command } from './run-shell.js';
import type { Family } from './final-stage.js';

export interface Account {
  name: string;
  uid?: number;
}

// Options that take a value, so the user name is not mistaken for one.
const VALUED: Record<string, Set<string>> = {
  useradd: new Set(['-u', '--uid', '-g', '--gid', '-G', '--groups', '-d', '--home-dir', '-s', '--shell', '-c', '--comment', '-k', '--skel', '-K', '--key', '-e', '--expiredate', '-f', '--inactive', '-p', '--password', '-b', '--base-dir', '-Z', '--selinux-user', '-R', '--root', '-P', '--prefix']),
  // busybox adduser (alpine) and Debian's adduser
  adduser: new Set(['-u', '-g', '-G', '-h', '-s', '-k', '--uid', '--gid', '--home', '--shell', '--gecos', '--ingroup', '--firstuid', '--lastuid', '--conf', '--comment', '--add_extra_groups']),
};

/** Accounts created by `useradd` / `adduser`, in order. */
export function createdAccounts(cmds: Command[]): Account[] {
  const out: Account[] = [];
  for (const c of cmds) {
    const valued = VALUED[c.name];
    if (!valued) continue;
    let name: string | undefined;
    let uid: number | undefined;
    for (let i = 0; i < c.args.length; i++) {
      const v = c.args[i].value;
      const eq = /^(--uid)=(\d+)$/.exec(v);
      if (eq) uid = +eq[2];
      else if (v === '-u' || v === '--uid') uid = /^\d+$/.test(c.args[i + 1]?.value ?? '') ? +c.args[i + 1].value : undefined;
      else if (/^-u\d+$/.test(v)) uid = +v.slice(2);
      if (valued.has(v)) i++;
      else if (!v.startsWith('-') && name === undefined) name = v; // adduser USER [GROUP]: the first one
    }
    if (name && !c.args.some((a) => a.dynamic && a.value === name)) out.push({ name, uid });
  }
  return out;
}

const DROPPERS = new Set(['gosu', 'su-exec', 'setpriv', 'runuser', 'chpst', 's6-setuidgid', 'setuidgid', 'su']);

/**
 * A tool that starts the app as another user, when the start command or image has one: in the
 * start command, installed by a package manager, run by a RUN (gosu is often fetched with wget
 * and checked with `gosu nobody true`), or copied from another image.
 */
export function privilegeDropper(start: Command[], installed: Set<string>, copiedFrom: string[], runs: Command[] = []): string | undefined {
  for (const c of start) if (DROPPERS.has(c.name)) return c.name;
  for (const tool of ['gosu', 'su-exec']) if (installed.has(tool)) return tool;
  for (const c of runs) {
    const named = c.name === 'gosu' || c.name === 'su-exec' ? c.name : c.args.map((a) => /\/(gosu|su-exec)$/.exec(a.value)?.[1]).find(Boolean);
    if (named) return named;
  }
  const copied = copiedFrom.find((f) => /gosu|su-exec/.test(f));
  return copied ? (/gosu/.test(copied) ? 'gosu' : 'su-exec') : undefined;
}

/**
 * The shell that creates `name` with `uid` (also its group id) as a system account.
 * Debian/RHEL: `useradd -l` (no lastlog entry: a high UID would otherwise grow the image, DL3046).
 * Alpine/busybox: `addgroup -S` / `adduser -S -D -H`.
 */
export function createAccount(family: Family, name: string, uid: number): string | undefined {
  switch (family) {
    case 'debian':
    case 'rhel':
      return `groupadd -r -g ${uid} ${name} && useradd -r -l -u ${uid} -g ${name} ${name}`;
    case 'alpine':
      return `addgroup -S -g ${uid} ${name} && adduser -S -D -H -u ${uid} -G ${name} ${name}`;
    default:
      return undefined;
  }
}
