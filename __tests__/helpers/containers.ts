// Build and run Dockerfiles offline, for __tests__/container.test.ts.
//
// Needs what scripts/container-setup.sh prepares (as root): buildah + podman from Debian, a
// private containers storage, and a debootstrap stand-in imported as python:3.11-slim / 3.9-slim.
// Background and measurements: ../shared/notes/container-builds.md.
//
// Images are built with buildah; a service runs with podman in its own network namespace
// (slirp4netns), not with `buildah run --isolation chroot` on the host network. Why: each
// service then gets its own free host port, its HEALTHCHECK (which probes 127.0.0.1:<its port>
// inside the container) cannot reach some other process that happens to listen on that port on
// the host (another engineer's test run, say), and `podman rm -f` stops the whole process tree.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** Same default as scripts/container-setup.sh (GUARDFIX_STANDIN_DIR overrides both). */
export const STANDIN_DIR = process.env.GUARDFIX_STANDIN_DIR ?? '/var/cache/guardfix-standin';
export const STORAGE_CONF = `${STANDIN_DIR}/storage.conf`;
export const BASE_IMAGES = ['docker.io/library/python:3.11-slim', 'docker.io/library/python:3.9-slim'];
export const SETUP_HINT = 'run `sudo bash scripts/container-setup.sh` first';

/** Labels every container this helper starts, so leftovers of a killed run can be found. */
const OWNER_LABEL = 'guardfix.test.pid';

// Only the storage is redirected; nothing is exported to the rest of the test process.
const ENV = { ...process.env, CONTAINERS_STORAGE_CONF: STORAGE_CONF };

// runc and the explicit ulimits are what podman needs on these machines (notes, step 6; Debian's
// podman would look for crun, which setup does not install). --no-healthcheck: podman would
// schedule the HEALTHCHECK through systemd timers (absent here, and noisy); the test runs it itself.
const PODMAN_RUN_FLAGS = ['--runtime', 'runc', '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=4096:4096', '--no-healthcheck'];

export interface CmdResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command with a hard timeout; never throws for a non-zero exit. */
export async function cmd(file: string, args: string[], timeoutMs: number): Promise<CmdResult> {
  try {
    const { stdout, stderr } = await execFileP(file, args, {
      env: ENV,
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { code?: number | string; stdout?: string; stderr?: string; killed?: boolean };
    if (err.code === 'ENOENT') return { code: 127, stdout: '', stderr: `${file}: not found` };
    const timedOut = err.killed ? `\n(killed after ${timeoutMs} ms)` : '';
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: (err.stderr ?? '') + timedOut };
  }
}

function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Why containers cannot be built here, or undefined when they can. */
export async function unavailableReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return `not root (buildah/podman builds here need root); ${SETUP_HINT}`;
  // Before the tools: buildah and podman fail on start when CONTAINERS_STORAGE_CONF is missing.
  if (!existsSync(STORAGE_CONF)) return `${STORAGE_CONF} is missing; ${SETUP_HINT}`;
  for (const tool of ['buildah', 'podman']) {
    const r = await cmd(tool, ['--version'], 10_000);
    if (r.code === 127) return `${tool} is not installed; ${SETUP_HINT}`;
    if (r.code !== 0) return `${tool} --version fails: ${tail(r.stderr, 3)}`;
  }
  for (const image of BASE_IMAGES) {
    if ((await cmd('buildah', ['inspect', '--type', 'image', image], 20_000)).code !== 0) {
      return `stand-in base image ${image} is missing; ${SETUP_HINT}`;
    }
  }
  return undefined;
}

/** Builds dir/Dockerfile (up to stage `target`, if given). --format docker: the OCI format drops HEALTHCHECK. */
export async function build(dir: string, tag: string, timeoutMs = 300_000, target?: string): Promise<{ ms: number }> {
  const start = Date.now();
  const r = await cmd('buildah', ['bud', '--isolation', 'chroot', '--pull-never', '--format', 'docker', ...(target ? ['--target', target] : []), '-t', tag, dir], timeoutMs);
  if (r.code !== 0) throw new Error(`buildah bud ${dir} failed (exit ${r.code}):\n${tail(r.stdout + r.stderr)}`);
  return { ms: Date.now() - start };
}

/** Runs argv in a throwaway working container of image `tag` (as root, host network). */
export async function runIn(tag: string, argv: string[], timeoutMs = 60_000): Promise<CmdResult> {
  const from = await cmd('buildah', ['from', '--pull-never', tag], 60_000);
  if (from.code !== 0) throw new Error(`buildah from ${tag} failed:\n${tail(from.stderr)}`);
  const container = from.stdout.trim();
  try {
    return await cmd('buildah', ['run', '--isolation', 'chroot', '--user', '0', container, '--', ...argv], timeoutMs);
  } finally {
    await cmd('buildah', ['rm', container], 60_000);
  }
}

export async function removeImage(tag: string): Promise<void> {
  await cmd('buildah', ['rmi', '-f', tag], 60_000);
}

/** Docker's HEALTHCHECK as stored in the image: Test is ["CMD", argv...] or ["CMD-SHELL", cmd] or ["NONE"]. */
export interface Healthcheck {
  Test: string[];
  Timeout?: number; // nanoseconds
}

export interface ImageConfig {
  user: string;
  healthcheck?: Healthcheck;
  cmd: string[];
  exposedPorts: number[];
}

export async function inspect(tag: string): Promise<ImageConfig> {
  const r = await cmd('buildah', ['inspect', '--type', 'image', tag], 30_000);
  if (r.code !== 0) throw new Error(`buildah inspect ${tag} failed: ${r.stderr}`);
  const config = JSON.parse(r.stdout).Docker?.config ?? {};
  const hc: Healthcheck | undefined = config.Healthcheck;
  return {
    user: config.User ?? '',
    healthcheck: hc && hc.Test?.length && hc.Test[0] !== 'NONE' ? hc : undefined,
    cmd: [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])],
    exposedPorts: Object.keys(config.ExposedPorts ?? {}).map((p) => Number.parseInt(p, 10)),
  };
}

/** The port the service listens on inside the container: `--port N` in its command, else EXPOSE. */
export function containerPort(image: ImageConfig): number | undefined {
  const i = image.cmd.indexOf('--port');
  if (i >= 0 && /^\d+$/.test(image.cmd[i + 1] ?? '')) return Number(image.cmd[i + 1]);
  return image.exposedPorts[0];
}

/** The argv that Docker runs for a HEALTHCHECK, in the container, as the image's user. */
export function healthcheckArgv(hc: Healthcheck): string[] {
  const [kind, ...rest] = hc.Test;
  if (kind === 'CMD') return rest;
  if (kind === 'CMD-SHELL') return ['/bin/sh', '-c', rest.join(' ')];
  throw new Error(`unknown HEALTHCHECK form ${JSON.stringify(hc.Test)}`);
}

const usedPorts = new Set<number>();

/** A host port that is free now and was not handed out before in this process. */
export async function freeHostPort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port && !usedPorts.has(port)) {
      usedPorts.add(port);
      return port;
    }
  }
}

/** A service started from an image's own CMD, reachable on 127.0.0.1:hostPort. */
export interface RunningService {
  name: string;
  hostPort: number;
  exec(argv: string[], timeoutMs?: number): Promise<CmdResult>;
  logs(): Promise<string>;
  stop(): Promise<void>;
}

const started = new Set<string>();

export async function startService(tag: string, name: string, port: number, hostPort: number): Promise<RunningService> {
  const r = await cmd(
    'podman',
    ['run', '-d', '--name', name, ...PODMAN_RUN_FLAGS, '--label', `${OWNER_LABEL}=${process.pid}`,
      '--network', 'slirp4netns', '-p', `127.0.0.1:${hostPort}:${port}`, tag],
    60_000,
  );
  started.add(name);
  if (r.code !== 0) throw new Error(`podman run ${tag} failed (exit ${r.code}):\n${tail(r.stdout + r.stderr)}`);
  return {
    name,
    hostPort,
    exec: (argv, timeoutMs = 30_000) => cmd('podman', ['exec', name, ...argv], timeoutMs),
    logs: async () => {
      const l = await cmd('podman', ['logs', name], 10_000);
      return tail(l.stdout + l.stderr);
    },
    stop: () => removeContainer(name),
  };
}

async function removeContainer(name: string): Promise<void> {
  await cmd('podman', ['rm', '-f', '-t', '2', name], 60_000);
  started.delete(name);
}

async function isRunning(name: string): Promise<boolean> {
  const r = await cmd('podman', ['inspect', '--format', '{{.State.Running}}', name], 10_000);
  return r.stdout.trim() === 'true';
}

/**
 * Waits until the service answers HTTP on its host port. A TCP connect is not enough: the
 * slirp4netns forwarder accepts on the host port before the server inside listens.
 */
export async function waitForHttp(service: RunningService, path: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      await fetchStatus(service.hostPort, path, 2_000);
      return;
    } catch (e) {
      last = String(e);
    }
    if (!(await isRunning(service.name))) {
      throw new Error(`${service.name} exited before answering ${path}:\n${await service.logs()}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${service.name} did not answer ${path} within ${timeoutMs} ms (${last}):\n${await service.logs()}`);
}

/** HTTP status of GET 127.0.0.1:port/path from the host; throws if nothing answers. */
export async function fetchStatus(port: number, path: string, timeoutMs = 5_000): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
  await res.arrayBuffer();
  return res.status;
}

/** Stops every container this process started, and leftovers of test runs that died. */
export async function cleanupContainers(): Promise<void> {
  for (const name of [...started]) await removeContainer(name);
  const r = await cmd('podman', ['ps', '-a', '--filter', `label=${OWNER_LABEL}`, '--format', `{{.Names}} {{index .Labels "${OWNER_LABEL}"}}`], 20_000);
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const [name, pid] = line.split(' ');
    if (name && pid && !processAlive(Number(pid))) await removeContainer(name);
  }
}

/**
 * Test images are tagged `<repo>:<pid of the test process>`; removes those of processes that are
 * gone (a run killed before its afterAll), so the private storage does not grow run after run.
 */
export async function removeStaleImages(repoPrefix: string): Promise<void> {
  const r = await cmd('buildah', ['images', '--format', '{{.Name}}:{{.Tag}}'], 20_000);
  for (const ref of r.stdout.split('\n').filter((l) => l.startsWith(repoPrefix))) {
    const pid = Number(ref.slice(ref.lastIndexOf(':') + 1));
    if (Number.isInteger(pid) && pid > 0 && !processAlive(pid)) await removeImage(ref);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
