// The healthcheck rule's fix over two files: when the app's code is visible and has no health
// route, `--write --unsafe` adds the route to the file that creates the app AND the HEALTHCHECK
// that probes it, or neither (Fix.group; the engine applies the parts together). A fixture checks
// one file only; these runs check both, and what happens when one part cannot apply.
import { describe, it, expect } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../src/index.js';
import { python } from '../src/languages/python.js';
import { ensureLoaded } from '../src/languages/index.js';
import { makeWorkspace } from './helpers/git-workspace.js';

const DOCKERFILE = `FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
EXPOSE 8000
CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
`;
const MAIN = `from fastapi import FastAPI

app = FastAPI()


@app.get("/items")
def items():
    return []
`;

const read = (dir: string, p: string) => readFileSync(join(dir, p), 'utf8');
const go = (dir: string, extra: Partial<Parameters<typeof run>[0]> = {}) => run({ paths: [dir], cwd: dir, write: true, unsafe: true, only: ['healthcheck'], ...extra });

async function parsesAsPython(text: string): Promise<boolean> {
  await ensureLoaded(python);
  const doc = python.parse(text);
  try {
    return python.errors(doc, text).length === 0;
  } finally {
    python.release!(doc);
  }
}

describe('healthcheck: a health route added with the HEALTHCHECK that probes it', () => {
  it('--write --unsafe changes both files, the route is the path probed, and a second run changes nothing', async () => {
    const dir = makeWorkspace({ Dockerfile: DOCKERFILE, 'main.py': MAIN, 'requirements.txt': 'fastapi\nuvicorn\n' });
    try {
      const first = await go(dir);
      expect(first.internalErrors).toEqual([]);
      expect(first.written.sort()).toEqual(['Dockerfile', 'main.py']);
      const main = read(dir, 'main.py');
      expect(main).toContain('@app.get("/health")\nasync def health():\n    return {"status": "ok"}\n');
      expect(await parsesAsPython(main)).toBe(true);
      expect(read(dir, 'Dockerfile')).toContain("urlopen('http://127.0.0.1:8000/health', timeout=8)");
      // Both parts carry the same group, naming both files.
      const fixes = first.outcomes.flatMap((o) => o.findings).filter((f) => f.fix?.group);
      expect(fixes).toHaveLength(2);
      expect(new Set(fixes.map((f) => f.fix!.group!.key)).size).toBe(1);
      expect(fixes[0].fix!.group!.files.sort()).toEqual([join(dir, 'Dockerfile'), join(dir, 'main.py')]);

      const second = await go(dir);
      expect(second.written).toEqual([]);
      expect(second.outcomes.flatMap((o) => o.findings).filter((f) => f.fix && f.fix.applicability !== 'display-only')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without --unsafe, neither file changes', async () => {
    const dir = makeWorkspace({ Dockerfile: DOCKERFILE, 'main.py': MAIN });
    try {
      const r = await go(dir, { unsafe: false });
      expect(r.written).toEqual([]);
      expect(read(dir, 'main.py')).toBe(MAIN);
      expect(read(dir, 'Dockerfile')).toBe(DOCKERFILE);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the app file is left alone (uncommitted changes), the HEALTHCHECK is not written either', async () => {
    const dir = makeWorkspace({ Dockerfile: DOCKERFILE, 'main.py': MAIN });
    try {
      const r = await go(dir, { protect: (f) => (f.rel === 'main.py' ? 'has uncommitted changes' : undefined) });
      expect(r.written).toEqual([]);
      expect(read(dir, 'Dockerfile')).toBe(DOCKERFILE);
      const dropped = r.outcomes.flatMap((o) => o.dropped.map((d) => `${o.file.rel}: ${d.reason}`));
      expect(dropped.join('\n')).toContain('Dockerfile: its other part (main.py) could not be applied');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('two Dockerfiles serving one app: one route, a HEALTHCHECK in each, one fix over three files', async () => {
    const prod = DOCKERFILE.replace('--port", "8000"', '--port", "8000", "--workers", "4"');
    const dir = makeWorkspace({ 'svc/Dockerfile': DOCKERFILE, 'svc/Dockerfile.prod': prod, 'svc/main.py': MAIN });
    try {
      const r = await go(dir);
      expect(r.written.sort()).toEqual(['svc/Dockerfile', 'svc/Dockerfile.prod', 'svc/main.py']);
      expect(read(dir, 'svc/main.py').match(/@app\.get\("\/health"\)/g)).toHaveLength(1);
      for (const df of ['svc/Dockerfile', 'svc/Dockerfile.prod']) expect(read(dir, df)).toContain('127.0.0.1:8000/health');
      const groups = r.outcomes.flatMap((o) => o.findings).flatMap((f) => (f.fix?.group ? [f.fix.group] : []));
      expect(groups).toHaveLength(3);
      expect(groups.every((g) => g.files.length === 3)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an app whose code is not in the workspace gets no fix and no guessed path', async () => {
    const dir = makeWorkspace({ Dockerfile: DOCKERFILE });
    try {
      const r = await go(dir);
      expect(r.written).toEqual([]);
      const [f] = r.outcomes.flatMap((o) => o.findings);
      expect(f.fix).toBeUndefined();
      expect(f.message).toContain("the app's code is not in the workspace");
      expect(f.message).not.toMatch(/probe http/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
