// What the final stage's base image is and has: distribution family (which account tools
// exist), the user it already runs as, and the programs a HEALTHCHECK can use. From the image
// name and tag first, then from what the stage's RUNs do with package managers. What an image
// starts by itself (the server of tiangolo's images, nginx, the databases) comes from
// src/data/base-images.json.
import type { Command } from './run-shell.js';
import table from '../data/base-images.json' with { type: 'json' };

export interface Image {
  /** as written after variable substitution */
  ref: string;
  /** the repository path without registry, lower-cased (`library/python` → `python`) */
  path: string;
  /** its last segment */
  name: string;
  tag?: string;
  digest?: string;
  registry?: string;
}

export function parseImage(ref: string): Image {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const noDigest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = noDigest.lastIndexOf(':');
  const tag = colon > noDigest.lastIndexOf('/') ? noDigest.slice(colon + 1) : undefined;
  const repo = (tag !== undefined ? noDigest.slice(0, colon) : noDigest).toLowerCase();
  const parts = repo.split('/');
  const registry = parts.length > 1 && /[.:]|^localhost$/.test(parts[0]) ? parts.shift() : undefined;
  if (parts[0] === 'library' && parts.length === 2) parts.shift();
  const path = parts.join('/');
  return { ref, path, name: parts[parts.length - 1], tag: tag?.toLowerCase(), digest, registry };
}

export type Family = 'debian' | 'alpine' | 'rhel' | 'distroless' | 'scratch' | 'windows' | 'unknown';

export interface BaseFacts {
  family: Family;
  /** the uid the image already runs as when it is not root (distroless :nonroot, Chainguard, s2i) */
  runsAs?: number;
  /** an account the image ships for applications */
  appUser?: { name: string; uid: number };
  /** the Python executable, when the image has one */
  python?: string;
  /** the Node executable, when the image has one */
  node?: string;
  curl: boolean;
  wget: boolean;
  /** RUN can work (there is a shell) */
  shell: boolean;
  /** what decided the family, for messages */
  why: string;
  /** what the image starts when the Dockerfile sets no CMD/ENTRYPOINT (src/data/base-images.json) */
  server?: ImageServer;
  /** the port the image's framework binds unless one of `env` is set (ASP.NET Core images) */
  defaultPort?: { port: number; env: string[]; source: string };
}

/** A row of src/data/base-images.json. */
export interface ImageServer {
  image: string;
  server: string;
  /** what the port speaks: `http`, or a database's own protocol */
  protocol: string;
  port: number;
  /** the variable the image's start script reads the port from */
  portEnv?: string;
  python: boolean;
  /** the distribution of its non-Alpine tags */
  family?: 'debian';
  /** where the image's start script finds a Python app: /app/<module>.py, variable */
  app?: { dir: string; modules: string[]; variable: string };
  /**
   * How the image runs without root: `port` (it does, once the port moves to 1024 or above),
   * `image` (another image does: see advice), `none` (it cannot; see advice)
   */
  nonRoot?: 'port' | 'image' | 'none';
  advice?: string;
  /** its entrypoint starts as root and drops to its own account with this tool */
  dropsPrivileges?: string;
  source: string;
}

const SERVERS = new Map((table.rows as ImageServer[]).map((r) => [r.image, r]));

const DEBIAN_TAG = /(^|-)(bookworm|bullseye|buster|stretch|trixie|slim|jammy|focal|noble|bionic|xenial)($|-)/;

/** What the base image is, from its name and tag, then from the package managers RUN uses. */
export function baseFacts(img: Image | undefined, cmds: Command[]): BaseFacts {
  const facts: BaseFacts = { family: 'unknown', curl: false, wget: false, shell: true, why: img ? `base image ${img.ref}` : 'base image from a build argument' };
  if (img) classify(img, facts);
  if (facts.family === 'unknown') {
    const names = new Set(cmds.map((c) => c.name));
    if (names.has('apt-get') || names.has('apt') || names.has('dpkg')) facts.family = 'debian';
    else if (names.has('apk')) facts.family = 'alpine';
    else if (names.has('dnf') || names.has('yum')) facts.family = 'rhel';
    if (facts.family !== 'unknown') facts.why += `, ${facts.family} by its package manager`;
  }
  // Tools the final stage installs itself.
  for (const c of cmds) {
    const installs = ((c.name === 'apt-get' || c.name === 'apt' || c.name === 'dnf' || c.name === 'yum' || c.name === 'microdnf') && c.args.some((a) => a.value === 'install')) || (c.name === 'apk' && c.args.some((a) => a.value === 'add'));
    if (!installs) continue;
    for (const a of c.args) {
      const pkg = a.value.split('=')[0];
      if (pkg === 'curl') facts.curl = true;
      if (pkg === 'wget') facts.wget = true;
      if (/^python3(\.\d+)?$/.test(pkg) && !facts.python) facts.python = 'python3';
      if (pkg === 'nodejs' && !facts.node) facts.node = 'node';
    }
  }
  return facts;
}

function classify(img: Image, f: BaseFacts): void {
  f.server = SERVERS.get(img.path);
  const tag = img.tag ?? 'latest';
  if (f.server?.family) {
    // tiangolo's images build on the official python image: Debian, or Alpine where the tag says.
    f.family = /(^|-)alpine/.test(tag) ? 'alpine' : f.server.family;
    if (f.server.python) f.python = 'python';
    return;
  }
  const alpineTag = /(^|-)alpine/.test(tag);
  const full = !alpineTag && !/slim|windowsservercore|nanoserver/.test(tag);
  if (/windows|nanoserver|servercore/.test(`${img.path}:${tag}`)) {
    // USER ContainerUser, PowerShell probes: none of the Linux fixes apply.
    Object.assign(f, { family: 'windows', shell: false });
    return;
  }
  if (img.path === 'scratch') {
    Object.assign(f, { family: 'scratch', shell: false });
    return;
  }
  if (img.path.includes('distroless') || img.registry === 'cgr.dev') {
    const chainguard = img.registry === 'cgr.dev';
    f.family = 'distroless';
    f.shell = chainguard ? /-dev$/.test(tag) : false;
    f.appUser = { name: 'nonroot', uid: 65532 };
    // Chainguard images and distroless `nonroot` tags already set USER 65532.
    if (chainguard || /nonroot/.test(tag)) f.runsAs = 65532;
    if (/python/.test(img.path)) f.python = chainguard ? 'python' : 'python3';
    if (/node/.test(img.path)) f.node = chainguard ? 'node' : '/nodejs/bin/node';
    return;
  }
  if (img.registry === 'mcr.microsoft.com' && /^dotnet\/(core\/)?(aspnet|runtime|runtime-deps|sdk)$/.test(img.path)) {
    dotnet(img, tag, f);
    return;
  }
  if (img.registry === 'mcr.microsoft.com' && /^(vscode\/)?devcontainers\//.test(img.path)) {
    // Dev Container images ship a non-root `vscode` account (uid 1000) for the editor to use.
    // https://github.com/devcontainers/images/tree/main/src/python (remoteUser vscode)
    f.family = alpineTag ? 'alpine' : 'debian';
    f.appUser = { name: 'vscode', uid: 1000 };
    if (/python/.test(img.path)) f.python = 'python';
    return;
  }
  if (img.name === 'python') {
    f.family = alpineTag ? 'alpine' : 'debian';
    f.python = 'python';
    f.curl = full;
    f.wget = full || alpineTag;
    return;
  }
  if (img.name === 'node') {
    f.family = alpineTag ? 'alpine' : 'debian';
    f.node = 'node';
    f.appUser = { name: 'node', uid: 1000 };
    f.curl = full;
    f.wget = full || alpineTag;
    return;
  }
  if (img.name === 'alpine' || img.name === 'busybox') {
    f.family = 'alpine';
    f.wget = true;
    return;
  }
  if (['debian', 'ubuntu', 'buildpack-deps'].includes(img.name)) {
    f.family = 'debian';
    f.curl = f.wget = img.name === 'buildpack-deps'; // every buildpack-deps variant builds on -curl
    return;
  }
  if (/(^|\/)(ubi\d*|ubi\d+-minimal|ubi\d+-micro)$/.test(img.path) || ['fedora', 'centos', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux'].includes(img.name)) {
    // The minimal/micro UBIs have no useradd (no shadow-utils) unless RUN installs it.
    f.family = /minimal|micro/.test(img.name) ? 'unknown' : 'rhel';
    return;
  }
  if (/^(ubi\d+|rhel\d+|rhscl)\//.test(img.path) && /python|nodejs/.test(img.name)) {
    // Red Hat s2i language images run as 1001 already.
    f.family = 'rhel';
    f.runsAs = 1001;
    if (img.name.includes('python')) f.python = 'python';
    if (img.name.includes('nodejs')) f.node = 'node';
    return;
  }
  if (alpineTag) f.family = 'alpine';
  else if (DEBIAN_TAG.test(tag)) f.family = 'debian';
  if (/python/.test(img.path) || /(^|-)py(thon)?3/.test(tag)) f.python = 'python';
}

/**
 * Microsoft's .NET images: Debian unless the tag says Alpine or a chiseled (shell-less) Ubuntu.
 * From .NET 8 they ship an `app` account (uid 1654) and ASP.NET Core binds 8080; before, ASP.NET
 * Core bound port 80 (ASPNETCORE_URLS=http://+:80).
 * https://github.com/dotnet/dotnet-docker/discussions/4995 (app, UID 1654, $APP_UID);
 * https://github.com/dotnet/docs/issues/35959 (default port 80 → 8080, ASPNETCORE_HTTP_PORTS).
 */
function dotnet(img: Image, tag: string, f: BaseFacts): void {
  const major = Number(/^(\d+)\./.exec(tag)?.[1] ?? NaN);
  if (/alpine/.test(tag)) f.family = 'alpine';
  else if (/chiseled|distroless/.test(tag)) Object.assign(f, { family: 'distroless', shell: false });
  else f.family = 'debian';
  if (major >= 8) f.appUser = { name: 'app', uid: 1654 };
  if (/aspnet$/.test(img.path) && Number.isFinite(major)) {
    f.defaultPort = {
      port: major >= 8 ? 8080 : 80,
      env: ['ASPNETCORE_URLS', 'ASPNETCORE_HTTP_PORTS', 'ASPNETCORE_HTTPS_PORTS', 'HTTP_PORTS'],
      source: `ASP.NET Core's default in ${img.ref}${major >= 8 ? '' : ' (ASPNETCORE_URLS=http://+:80 before .NET 8)'}`,
    };
  }
}
