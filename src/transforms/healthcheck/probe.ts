// The HEALTHCHECK command: an HTTP GET that fails on a non-2xx answer, a refused connection or a
// timeout, written with a program the final image really has (the seed's own probe imported
// `requests`, which the image lacked, and `requests.get` does not fail on a 500 anyway).
import type { BaseFacts, StartCommand } from '../../service/final-stage.js';
import { basename } from '../../service/run-shell.js';

export interface Probe {
  argv: string[];
  /** what runs it, for messages */
  tool: string;
  /** a guess about the image the user should check */
  assumption?: string;
}

const PY_SERVERS = /^(uvicorn|gunicorn|hypercorn|granian|daphne|waitress-serve|flask|fastapi|celery)$/;

/** The Python to run the probe with: the start command's own, a venv's, or the image's. */
export function pythonOf(base: BaseFacts, start: StartCommand | undefined): { exe: string; assumed: boolean } | undefined {
  const program = start?.commands[0]?.program.value;
  if (program && /^python[0-9.]*$/.test(basename(program))) return { exe: program, assumed: false };
  if (program?.includes('/') && PY_SERVERS.test(basename(program))) {
    // /opt/venv/bin/uvicorn → that venv's python (urllib is in every one).
    return { exe: `${program.slice(0, program.lastIndexOf('/'))}/python`, assumed: false };
  }
  if (base.python) return { exe: base.python, assumed: false };
  if (program && PY_SERVERS.test(basename(program)) && base.family !== 'distroless') return { exe: 'python3', assumed: true };
  return undefined;
}

/** Seconds of a Docker duration (`30s`, `1m30s`, `500ms`). */
export function seconds(d: string): number | undefined {
  const parts = [...d.matchAll(/(\d+(?:\.\d+)?)(ms|us|ns|h|m|s)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== d) return undefined;
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, ns: 1e-9 };
  return parts.reduce((sum, p) => sum + +p[1] * unit[p[2]], 0);
}

/**
 * The probe command. `portEnv`: the server reads its port from this variable (tiangolo's start
 * scripts read PORT), so a Python or Node probe reads it too and follows `docker run -e PORT=…`.
 */
export function buildProbe(url: string, timeout: number, base: BaseFacts, start: StartCommand | undefined, portEnv?: { name: string; port?: number }): Probe | undefined {
  // The client gives up a little before Docker kills it, so the failure says "timed out".
  const t = Math.max(1, Math.floor(timeout * 0.8));
  const py = pythonOf(base, start);
  const path = url.replace(/^https?:\/\/[^/]+/, '') || '/';
  if (py) {
    const port = portEnv && (portEnv.port !== undefined ? `os.environ.get('${portEnv.name}', '${portEnv.port}')` : `os.environ['${portEnv.name}']`);
    const code = port
      ? `import os, sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:%s${path}' % ${port}, timeout=${t}).status < 300 else 1)`
      : `import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('${url}', timeout=${t}).status < 300 else 1)`;
    return {
      argv: [py.exe, '-c', code],
      tool: "Python's urllib",
      assumption: py.assumed ? `it assumes ${py.exe} is on the image's PATH (the start command is a Python server)` : undefined,
    };
  }
  // Without Python, only a port known now can be written into the probe.
  if (portEnv && portEnv.port === undefined) return undefined;
  if (base.node) {
    return {
      argv: [base.node, '-e', `require('http').get('${url}', { timeout: ${t * 1000} }, (r) => process.exit(r.statusCode >= 200 && r.statusCode < 300 ? 0 : 1)).on('timeout', () => process.exit(1)).on('error', () => process.exit(1))`],
      tool: "Node's http module",
    };
  }
  if (base.curl) return { argv: ['curl', '-fsS', '-o', '/dev/null', '--max-time', String(t), url], tool: 'curl' };
  if (base.wget) return { argv: ['wget', '-q', '-O', '/dev/null', '-T', String(t), url], tool: 'wget' };
  return undefined;
}

export function execForm(argv: string[]): string {
  return `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
}
