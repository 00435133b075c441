// The Dockerfile rules together: applied to the seed's "Our Pattern" Dockerfile with the build
// package Fix 1's builder installs (gcc), they must give a Dockerfile with the structure of the
// seed's Fix 1 (3.11 builder and runtime stages, requirements installed in the builder and copied
// into the runtime, a non-root numeric USER, an exec-form HEALTHCHECK with Fix 1's timing, the CMD
// untouched) — and a second run must change nothing. On Our Pattern as it is, a builder would drop
// nothing (slim image, no build packages, --no-cache-dir): the same runtime, in one stage.
// It goes through the real engine (`run()` with write: true on a temp workspace), so fixes from
// different rules meet in the fix loop exactly as they do for users.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Copy, type Dockerfile, type Healthcheck, type Instruction } from 'dockerfile-ast';
import { run } from '../src/index.js';
import { RULES } from '../src/transforms/index.js';
import { dockerfile as dockerfileLanguage } from '../src/languages/dockerfile.js';

// From the seed (forensic-pattern-analysis.md, Fix 1 "Change:"), byte for byte.
const OUR_PATTERN = `FROM python:3.9-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY service.py .
EXPOSE 8007
CMD ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "8007"]
`;

// The lines of Fix 1 ("To:") the result is held to.
const FIX1_CMD = 'CMD ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "8007"]';
const FIX1_HEALTHCHECK_FLAGS = { interval: '30s', timeout: '10s', 'start-period': '5s', retries: '3' };

// What a guardian service has around its Dockerfile (examples/guardian-fleet): a FastAPI app
// with a /health route, its requirements, and a Deployment whose liveness probe hits /health.
const SERVICE_FILES: Record<string, string> = {
  'requirements.txt': 'fastapi==0.110.0\nuvicorn[standard]==0.29.0\n',
  'service.py': `from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
def health():
    return {"status": "healthy"}
`,
  'k8s/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: guardian-zero-service
spec:
  template:
    spec:
      containers:
        - name: guardian-zero-service
          image: guardian-zero-service:latest
          ports:
            - containerPort: 8007
          livenessProbe:
            httpGet:
              path: /health
              port: 8007
`,
};

// The five rules of the seed's Dockerfile issues (1–5). Other rules also read Dockerfiles (the
// graceful-shutdown rule adds a uvicorn flag to CMD, for issue 10): Fix 1 keeps CMD as it was.
const DOCKERFILE_RULES = ['python-version', 'multi-stage-build', 'apt-cleanup', 'non-root-user', 'healthcheck'];

async function applyAll(dockerfileBytes: string, unsafe: boolean) {
  const root = mkdtempSync(join(tmpdir(), 'guardfix-compose-'));
  try {
    for (const [p, text] of Object.entries(SERVICE_FILES)) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), text);
    }
    writeFileSync(join(root, 'Dockerfile'), dockerfileBytes);
    const first = await run({ paths: [root], cwd: root, write: true, unsafe, only: DOCKERFILE_RULES });
    const once = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const second = await run({ paths: [root], cwd: root, write: true, unsafe, only: DOCKERFILE_RULES });
    const twice = readFileSync(join(root, 'Dockerfile'), 'utf8');
    return { first, second, once, twice };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

interface StageView {
  image: string;
  name?: string;
  instructions: Instruction[];
}

function stagesOf(ast: Dockerfile): StageView[] {
  const out: StageView[] = [];
  for (const ins of ast.getInstructions()) {
    if (ins.getKeyword() === 'FROM') {
      const args = ins.getArguments().map((a) => a.getValue());
      const flags = args.filter((a) => a.startsWith('--')).length;
      out.push({ image: args[flags], name: args[flags + 2]?.toLowerCase(), instructions: [] });
    } else out.at(-1)?.instructions.push(ins);
  }
  return out;
}

const words = (ins: Instruction) => ins.getArguments().map((a) => a.getValue());

/** Our Pattern with Fix 1's build package installed before pip. */
const WITH_GCC = OUR_PATTERN.replace('COPY requirements.txt .\n', 'RUN apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*\nCOPY requirements.txt .\n');

describe.each([
  ['LF, with gcc', WITH_GCC, true],
  ['CRLF, with gcc', WITH_GCC.replace(/\n/g, '\r\n'), true],
  ['LF, as it is', OUR_PATTERN, false],
  ['CRLF, as it is', OUR_PATTERN.replace(/\n/g, '\r\n'), false],
])("Dockerfile rules composed on the seed's Our Pattern (%s)", (_case, input, split) => {
  it('gives the structure of Fix 1, and a second run changes nothing', async () => {
    const registered = RULES.map((r) => r.meta.id);
    for (const id of DOCKERFILE_RULES) expect(registered, `rule ${id} is registered`).toContain(id);
    const { first, second, once, twice } = await applyAll(input, true);
    expect(first.problems).toEqual([]);
    expect(first.internalErrors).toEqual([]);
    expect(first.outcomes.flatMap((o) => o.errors), 'the fix loop converged').toEqual([]);
    expect(first.outcomes.flatMap((o) => o.dropped), 'no fix was dropped for breaking the parse').toEqual([]);

    // Line endings are the file's own.
    if (input.includes('\r\n')) expect(once.split('\n').slice(0, -1).every((l) => l.endsWith('\r'))).toBe(true);
    const text = once.replace(/\r\n/g, '\n');
    const doc = dockerfileLanguage.parse(text);
    expect(dockerfileLanguage.errors(doc, text)).toEqual([]);
    const stages = stagesOf(doc.ast);

    const runtime = stages.at(-1)!;
    if (split) {
      // Two stages, both on python:3.11-slim; the first is named and is the builder.
      expect(stages.map((s) => s.image)).toEqual(['python:3.11-slim', 'python:3.11-slim']);
      const builder = stages[0];
      expect(builder.name, 'the builder stage has a name').toBeTruthy();

      // The builder installs gcc and the requirements…
      const builderRuns = builder.instructions.filter((i) => i.getKeyword() === 'RUN').map(words);
      expect(builderRuns.some((w) => w.includes('pip') && w.includes('install') && w.includes('-r') && w.some((x) => x.endsWith('requirements.txt')))).toBe(true);
      expect(builderRuns.some((w) => w.includes('gcc'))).toBe(true);
      expect(builder.instructions.some((i) => i.getKeyword() === 'COPY' && words(i).includes('requirements.txt'))).toBe(true);
      // …and the runtime copies what it installed, without installing again, and without gcc.
      const fromBuilder = runtime.instructions.filter((i) => i.getKeyword() === 'COPY' && (i as Copy).getFromFlag()?.getValue()?.toLowerCase() === builder.name);
      expect(fromBuilder.length).toBeGreaterThan(0);
      const runtimeRuns = runtime.instructions.filter((i) => i.getKeyword() === 'RUN').map(words);
      expect(runtimeRuns.some((w) => w.includes('pip') && w.includes('-r'))).toBe(false);
      expect(runtimeRuns.some((w) => w.includes('gcc'))).toBe(false);
    } else {
      // One stage: a builder would drop nothing. The finding says so, without a fix.
      expect(stages.map((s) => s.image)).toEqual(['python:3.11-slim']);
      const ms = first.outcomes.flatMap((o) => o.findings).filter((f) => f.rule === 'multi-stage-build');
      expect(ms.map((f) => [f.severity, !!f.fix])).toEqual([['low', false]]);
      expect(ms[0].message).toMatch(/would drop nothing/);
    }
    expect(runtime.instructions.some((i) => i.getKeyword() === 'COPY' && words(i).includes('service.py'))).toBe(true);

    // A numeric, non-zero USER in the runtime stage, after every RUN and before CMD.
    const kws = runtime.instructions.map((i) => i.getKeyword());
    const users = runtime.instructions.filter((i) => i.getKeyword() === 'USER');
    expect(users).toHaveLength(1);
    const user = (users[0].getArgumentsContent() ?? '').trim();
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user.split(':')[0])).toBeGreaterThan(0);
    const userAt = runtime.instructions.indexOf(users[0]);
    expect(userAt).toBeGreaterThan(kws.lastIndexOf('RUN'));
    expect(userAt).toBeLessThan(kws.indexOf('CMD'));

    // A HEALTHCHECK in exec form with Fix 1's timing, before CMD.
    const hcs = runtime.instructions.filter((i) => i.getKeyword() === 'HEALTHCHECK') as Healthcheck[];
    expect(hcs).toHaveLength(1);
    const flags = Object.fromEntries(hcs[0].getFlags().map((f) => [f.getName(), f.getValue()]));
    expect(flags).toEqual(FIX1_HEALTHCHECK_FLAGS);
    expect(hcs[0].getSubcommand()?.getValue().toUpperCase()).toBe('CMD');
    const probeText = text.slice(doc.offset(hcs[0].getSubcommand()!.getRange().end), doc.offset(hcs[0].getRange().end)).trim();
    const argv = JSON.parse(probeText.replace(/\\\n\s*/g, ' ')) as string[];
    expect(argv[0]).toMatch(/^python/);
    expect(argv.join(' ')).toContain('http://127.0.0.1:8007/health');
    expect(argv.join(' '), 'the probe needs nothing the image lacks').not.toMatch(/\b(requests|curl)\b/);
    expect(runtime.instructions.indexOf(hcs[0])).toBeLessThan(kws.indexOf('CMD'));

    // CMD byte-identical, still the last instruction; EXPOSE kept.
    expect(kws.at(-1)).toBe('CMD');
    expect(text.split('\n').filter((l) => l.startsWith('CMD'))).toEqual([FIX1_CMD]);
    expect(runtime.instructions.some((i) => i.getKeyword() === 'EXPOSE' && words(i).includes('8007'))).toBe(true);

    // Idempotent: the second run writes nothing and has nothing left to fix.
    expect(twice).toBe(once);
    expect(second.written).toEqual([]);
    expect(second.outcomes.flatMap((o) => o.remaining).filter((f) => f.fix && f.fix.applicability !== 'display-only')).toEqual([]);
  });
});

describe('the Dockerfile rules on an already hardened Dockerfile', () => {
  it('leave the seed-like tokenguard pattern alone', async () => {
    const hardened = `FROM python:3.11-slim AS builder
WORKDIR /build
RUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir --prefix=/install -r requirements.txt

FROM python:3.11-slim
WORKDIR /app
RUN groupadd -r -g 10001 app && useradd -r -l -u 10001 -g app app
COPY --from=builder /install /usr/local
COPY --chown=10001:10001 service.py .
USER 10001
EXPOSE 8007
HEALTHCHECK --interval=30s --timeout=10s --start-period=5s --retries=3 CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8007/health', timeout=8).status < 300 else 1)"]
${FIX1_CMD}
`;
    const { once, first } = await applyAll(hardened, true);
    expect(once).toBe(hardened);
    expect(first.outcomes.flatMap((o) => o.findings).filter((f) => f.fix)).toEqual([]);
  });
});
