// The facts non-root-user and healthcheck decide on: which port a server binds, what the base
// image is, which accounts RUN creates, where shell words sit, and whether the generated probe
// really fails on a non-2xx answer, a refused connection and a timeout.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dockerfile, type DockerDoc } from '../src/languages/dockerfile.js';
import { loadShell } from '../src/languages/shell.js';
import { commandsOf, installedPackages } from '../src/service/run-shell.js';
import { finalStage, baseFacts, startCommand, lastUser, isRootUser } from '../src/service/final-stage.js';
import { listenOf } from '../src/service/listen.js';
import { createdAccounts } from '../src/service/accounts.js';
import { buildProbe, seconds } from '../src/transforms/healthcheck/probe.js';

beforeAll(() => loadShell());

function facts(text: string) {
  const doc: DockerDoc = dockerfile.parse(text);
  const fs = finalStage(doc)!;
  const cmds = fs.instructions.filter((i) => i.getKeyword() === 'RUN').flatMap((i) => commandsOf(doc, i));
  const start = startCommand(doc, fs);
  return { doc, fs, cmds, start, base: baseFacts(fs.image, cmds), listen: listenOf(fs, start) };
}

const port = (text: string) => facts(`FROM python:3.11-slim\n${text}\n`).listen;

describe('listen port', () => {
  it.each([
    ['CMD ["uvicorn", "m:app", "--port", "8007"]', 8007],
    ['CMD ["uvicorn", "m:app", "--port=8123"]', 8123],
    ['CMD ["python", "-m", "uvicorn", "m:app", "--host", "0.0.0.0", "--port", "9001"]', 9001],
    ['CMD ["uvicorn", "m:app"]', 8000],
    ['ENV UVICORN_PORT=7000\nCMD ["uvicorn", "m:app"]', 7000],
    ['CMD gunicorn -w 4 -b 0.0.0.0:8000 m:app', 8000],
    ['CMD ["gunicorn", "--bind=[::]:8443", "m:app"]', 8443],
    ['CMD ["gunicorn", "--bind", "unix:/tmp/s.sock", "--bind", ":9100", "m:app"]', 9100],
    ['ENV PORT=5005\nCMD ["gunicorn", "m:app"]', 5005],
    ['CMD ["hypercorn", "-b", "0.0.0.0:8080", "m:app"]', 8080],
    ['CMD ["flask", "run", "--host=0.0.0.0"]', 5000],
    ['CMD ["waitress-serve", "--listen=*:8081", "m:app"]', 8081],
    ['CMD ["python", "manage.py", "runserver", "0.0.0.0:8002"]', 8002],
    ['ENV PORT=8080\nCMD ["sh", "-c", "exec uvicorn m:app --port ${PORT}"]', 8080],
    ['CMD ["sh", "-c", "uvicorn m:app --port ${PORT:-9000}"]', 9000],
    ['CMD ["/bin/sh", "-c", "exec gunicorn -b 0.0.0.0:8123 m:app"]', 8123],
    ['ARG APP_PORT=8765\nENV PORT=$APP_PORT\nCMD ["python", "service.py"]', 8765],
    ['EXPOSE 8007/tcp\nCMD ["python", "service.py"]', 8007],
    ['CMD ["python", "app.py", "--port", "8111"]', 8111],
  ])('%s → %i', (text, expected) => {
    expect(port(text).port?.port).toBe(expected);
  });

  it('knows nothing when nothing says it', () => {
    expect(port('CMD ["python", "worker.py"]').port).toBeUndefined();
    expect(port('EXPOSE 8000 9000\nCMD ["python", "worker.py"]').port).toBeUndefined();
    expect(port('EXPOSE 53/udp\nCMD ["python", "dns.py"]').port).toBeUndefined();
  });

  it('sees TLS and unix sockets, which a plain-HTTP probe cannot use', () => {
    expect(port('CMD ["uvicorn", "m:app", "--port", "8443", "--ssl-keyfile", "k.pem"]').tls).toBe(true);
    expect(port('CMD ["uvicorn", "m:app", "--uds", "/run/a.sock"]').noTcp).toBe(true);
    expect(port('CMD ["gunicorn", "-b", "unix:/run/a.sock", "m:app"]').noTcp).toBe(true);
  });

  it('lists every privileged port the stage mentions', () => {
    const all = port('EXPOSE 80\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "m:app"]').all.map((p) => p.port);
    expect(all).toContain(80);
    expect(all).toContain(8000);
  });
});

describe('base image', () => {
  const base = (text: string) => facts(text).base;
  it('reads the family and tools from the image name and tag', () => {
    expect(base('FROM python:3.11-slim')).toMatchObject({ family: 'debian', python: 'python', curl: false });
    expect(base('FROM python:3.11')).toMatchObject({ family: 'debian', curl: true });
    expect(base('FROM python:3.11-alpine3.19')).toMatchObject({ family: 'alpine', wget: true, curl: false });
    expect(base('FROM docker.io/library/node:20-slim')).toMatchObject({ family: 'debian', node: 'node', appUser: { name: 'node', uid: 1000 } });
    expect(base('FROM gcr.io/distroless/python3-debian12')).toMatchObject({ family: 'distroless', shell: false, python: 'python3' });
    expect(base('FROM gcr.io/distroless/python3-debian12').runsAs).toBeUndefined();
    expect(base('FROM gcr.io/distroless/python3-debian12:nonroot')).toMatchObject({ runsAs: 65532 });
    expect(base('FROM cgr.dev/chainguard/python:latest')).toMatchObject({ runsAs: 65532 });
    expect(base('FROM registry.access.redhat.com/ubi9/python-311')).toMatchObject({ family: 'rhel', runsAs: 1001 });
    expect(base('FROM scratch')).toMatchObject({ family: 'scratch', shell: false });
    expect(base('FROM ubuntu:24.04')).toMatchObject({ family: 'debian', curl: false });
    expect(base('FROM python:3.11-windowsservercore-ltsc2022').family).toBe('windows');
    expect(base('FROM mcr.microsoft.com/windows/nanoserver:ltsc2022').family).toBe('windows');
  });

  it('follows FROM <stage> chains and ARG defaults to the real image', () => {
    expect(base('ARG V=3.11\nFROM python:${V}-alpine AS base\nFROM base AS final\nCMD ["python"]')).toMatchObject({ family: 'alpine' });
    expect(base('FROM ${UNSET}\nRUN true').family).toBe('unknown');
  });

  it('learns the family and tools from what RUN does when the name says nothing', () => {
    const b = base('FROM corp/base:1\nRUN apt-get update && apt-get install -y --no-install-recommends curl python3');
    expect(b).toMatchObject({ family: 'debian', curl: true, python: 'python3' });
    expect(base('FROM corp/base:1\nRUN apk add --no-cache bash').family).toBe('alpine');
  });
});

describe('RUN commands', () => {
  it('reads continued lines, comment lines inside them and a backtick escape, keeping offsets', () => {
    const text = '# escape=`\nFROM debian\nRUN groupadd -r app && `\n    # make the user\n    useradd -r -l -u 10001 `\n      -g app app\n';
    const doc = dockerfile.parse(text);
    const run = doc.instructions().find((i) => i.getKeyword() === 'RUN')!;
    const cmds = commandsOf(doc, run);
    expect(cmds.map((c) => c.name)).toEqual(['groupadd', 'useradd']);
    const uid = cmds[1].args.find((a) => a.value === '10001')!;
    expect(text.slice(uid.start, uid.end)).toBe('10001');
    expect(cmds[1].args.at(-1)!.value).toBe('app');
  });

  it('finds the accounts useradd and adduser create, with their uid when given', () => {
    const { cmds } = facts(`FROM debian
RUN groupadd -r svc && useradd -r -g svc -u 20000 -d /srv svc
RUN adduser -S -D -H -u 1234 -G grp alpineuser grp
RUN adduser --system --uid 999 --ingroup grp --home /x debuser
RUN sudo useradd --uid=4242 -m withsudo`);
    expect(createdAccounts(cmds)).toEqual([
      { name: 'svc', uid: 20000 },
      { name: 'alpineuser', uid: 1234 },
      { name: 'debuser', uid: 999 },
      { name: 'withsudo', uid: 4242 },
    ]);
  });

  it('lists OS and pip packages installed', () => {
    const { cmds } = facts('FROM debian\nRUN apt-get install -y gosu=1.14-1 curl && python -m pip install --no-cache-dir -r r.txt Requests[socks]>=2 && apk add su-exec');
    const p = installedPackages(cmds);
    expect([...p.os]).toEqual(['gosu', 'curl', 'su-exec']);
    expect([...p.pip]).toEqual(['requests']);
  });
});

describe('users', () => {
  it('root is root, 0, 0:0 and root:staff; names and other uids are not', () => {
    for (const v of ['root', '0', '0:0', 'root:staff', '00']) expect(isRootUser(v)).toBe(true);
    for (const v of ['app', '10001', '10001:0', 'rooty']) expect(isRootUser(v)).toBe(false);
  });
  it('the last USER of the chain, variables expanded', () => {
    const { fs } = facts('FROM python:3.11 AS base\nARG UID=10001\nUSER ${UID}\nFROM base\nCMD ["python"]');
    expect(lastUser(fs)?.value).toBe('10001');
  });
});

describe('the generated probe, run for real with python3', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/ok') res.writeHead(200).end('ok');
      else if (req.url === '/created') res.writeHead(204).end();
      else if (req.url === '/broken') res.writeHead(500).end('no');
      else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end('late'), 4000);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const pythonBase = { family: 'debian' as const, python: 'python3', curl: true, wget: true, shell: true, why: '' };
  const exitOf = (url: string, timeout = 2) => {
    const argv = buildProbe(url, timeout, pythonBase, undefined)!.argv;
    return new Promise<number>((resolve) => {
      // spawnSync would block the event loop that serves the requests.
      import('node:child_process').then(({ spawn }) => spawn(argv[0], argv.slice(1), { stdio: 'ignore' }).on('exit', (code) => resolve(code ?? -1)));
    });
  };

  it.skipIf(spawnSync('python3', ['--version']).status !== 0)('passes on 2xx and fails on 404, 500, a refused connection and a timeout', async () => {
    expect(await exitOf(`${base}/ok`)).toBe(0);
    expect(await exitOf(`${base}/created`)).toBe(0);
    expect(await exitOf(`${base}/missing`)).toBe(1);
    expect(await exitOf(`${base}/broken`)).toBe(1);
    expect(await exitOf('http://127.0.0.1:1/ok')).toBe(1);
    expect(await exitOf(`${base}/slow`, 1.5)).toBe(1);
  }, 20_000);

  it('uses what the image has: python, else node, else curl, else wget, else nothing', () => {
    const none = { family: 'distroless' as const, curl: false, wget: false, shell: false, why: '' };
    expect(buildProbe('http://x/', 10, { ...none, python: 'python3' }, undefined)?.argv[0]).toBe('python3');
    expect(buildProbe('http://x/', 10, { ...none, node: '/nodejs/bin/node' }, undefined)?.argv[0]).toBe('/nodejs/bin/node');
    expect(buildProbe('http://x/', 10, { ...none, curl: true }, undefined)?.argv.slice(0, 2)).toEqual(['curl', '-fsS']);
    expect(buildProbe('http://x/', 10, { ...none, wget: true }, undefined)?.argv[0]).toBe('wget');
    expect(buildProbe('http://x/', 10, none, undefined)).toBeUndefined();
  });

  it('reads Docker durations', () => {
    expect(seconds('30s')).toBe(30);
    expect(seconds('1m30s')).toBe(90);
    expect(seconds('500ms')).toBe(0.5);
    expect(seconds('10')).toBeUndefined();
  });
});
