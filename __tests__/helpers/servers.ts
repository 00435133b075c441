// What the tests that start real servers (uvicorn, PostgreSQL, Redis, a browser's page) share.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** A Python on this machine that can import every module named (Debian's python3 has the stacks as packages). */
export function pythonWith(modules: string[], candidates = ['/usr/bin/python3', 'python3']): string | undefined {
  return candidates.find((py) => spawnSync(py, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' }).status === 0);
}

/** A TCP port free on 127.0.0.1 now (the OS picks it; the caller binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
