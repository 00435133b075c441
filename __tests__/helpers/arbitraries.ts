// fast-check generators for the files guardfix rewrites: Dockerfiles built instruction by
// instruction, Python modules with prints, Markdown with code blocks. They aim at the shapes
// real files have (continuations, comments, heredocs, odd casing, CRLF, BOM, tabs, emoji), not
// at random bytes: a file that does not parse is only skipped, which tests little.
import fc from 'fast-check';

const BOM = '\uFEFF';

/** Applies the file-level conventions: CRLF line endings, a BOM, a final newline or not. */
export const fileConventions = (body: fc.Arbitrary<string>) =>
  fc.record({ body, crlf: fc.boolean(), bom: fc.boolean(), finalNewline: fc.boolean() }).map(({ body, crlf, bom, finalNewline }) => {
    let t = body.replace(/\n+$/, '') + (finalNewline ? '\n' : '');
    if (crlf) t = t.replace(/\n/g, '\r\n');
    return (bom ? BOM : '') + t;
  });

/** A keyword in the casing people write: upper mostly, sometimes lower or mixed. */
const kw = (k: string) =>
  fc.constantFrom('upper', 'upper', 'upper', 'lower', 'mixed').map((c) =>
    c === 'upper' ? k : c === 'lower' ? k.toLowerCase() : [...k].map((ch, i) => (i % 2 ? ch.toLowerCase() : ch)).join(''),
  );

const port = fc.integer({ min: 1024, max: 9999 });
const pyTag = fc
  .record({
    minor: fc.constantFrom(7, 8, 9, 10, 11, 12),
    patch: fc.option(fc.integer({ min: 0, max: 19 }), { nil: undefined }),
    variant: fc.constantFrom('', '-slim', '-alpine', '-slim-bookworm', '-slim-buster', '-alpine3.12', '-bullseye'),
  })
  .map(({ minor, patch, variant }) => `3.${minor}${patch === undefined ? '' : `.${patch}`}${variant}`);
const image = fc.oneof(
  pyTag.map((t) => `python:${t}`),
  pyTag.map((t) => `docker.io/library/python:${t}`),
  fc.constantFrom('debian:bookworm-slim', 'alpine:3.19', 'ubuntu:22.04', 'gcr.io/distroless/python3', 'scratch'),
  pyTag.map((t) => `python:${t}@sha256:${'a'.repeat(64)}`),
);

/** Lines of one instruction, continuations and inner comments included. */
const apt = fc
  .record({ clean: fc.boolean(), norec: fc.boolean(), pkgs: fc.subarray(['gcc', 'curl', 'libpq-dev', 'git'], { minLength: 1 }), split: fc.boolean(), indent: fc.constantFrom('    ', '\t', '  ') })
  .map(({ clean, norec, pkgs, split, indent }) => {
    const install = `apt-get install -y${norec ? ' --no-install-recommends' : ''}`;
    if (!split) return `apt-get update && ${install} ${pkgs.join(' ')}${clean ? ' && rm -rf /var/lib/apt/lists/*' : ''}`;
    return [`apt-get update \\`, `${indent}&& ${install} \\`, ...pkgs.map((p) => `${indent}${indent}${p} \\`), clean ? `${indent}&& rm -rf /var/lib/apt/lists/*` : `${indent}&& true`].join('\n');
  });

const runBody = fc.oneof(
  apt,
  fc.constantFrom(
    'pip install --no-cache-dir -r requirements.txt',
    'groupadd -r guardian && useradd -r -g guardian guardian',
    'addgroup -S app && adduser -S -G app app',
    'chown -R guardian:guardian /app',
    'echo "hello # not a comment" > /tmp/x',
    'set -eux; \\\n    python -m venv /opt/venv; \\\n    /opt/venv/bin/pip install uvicorn',
    'pip install uvicorn \\\n# a comment inside a continuation\n    fastapi',
    '["/bin/sh", "-c", "echo exec form"]',
  ),
  fc.constantFrom(
    '<<EOF\napt-get update\napt-get install -y gcc\nEOF',
    '<<-EOT bash\n\techo heredoc with tabs\nEOT',
  ),
);

const instruction = (stages: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.tuple(kw('RUN'), runBody).map(([k, b]) => `${k} ${b}`),
    fc.tuple(kw('COPY'), fc.constantFrom('requirements.txt .', 'service.py .', '. /app', '--chown=app:app . /app', '--from=builder /usr/local/lib/python3.9/site-packages /usr/local/lib/python3.9/site-packages', '--from=builder /install /usr/local', '["a b", "/app/"]')).map(([k, a]) => `${k} ${a}`),
    fc.tuple(kw('ADD'), fc.constantFrom('app.tar.gz /app', 'https://example.com/x /x')).map(([k, a]) => `${k} ${a}`),
    fc.tuple(kw('WORKDIR'), fc.constantFrom('/app', '/srv/app', '$HOME')).map(([k, a]) => `${k} ${a}`),
    fc.tuple(kw('USER'), fc.constantFrom('root', 'guardian', '10001', 'app:app', '0', '${APP_USER}')).map(([k, a]) => `${k} ${a}`),
    fc.tuple(kw('EXPOSE'), port).map(([k, p]) => `${k} ${p}`),
    fc.tuple(kw('ENV'), fc.constantFrom('PYTHONUNBUFFERED=1', 'A=1 B=2', 'PATH="/opt/venv/bin:$PATH"', 'LEGACY value with spaces')).map(([k, a]) => `${k} ${a}`),
    fc.tuple(kw('ARG'), fc.constantFrom('PY=3.9', 'VERSION', 'BASE=python:3.9-slim')).map(([k, a]) => `${k} ${a}`),
    fc.tuple(kw('LABEL'), fc.constantFrom('maintainer="team"', 'a=b \\\n      c=d')).map(([k, a]) => `${k} ${a}`),
    fc.tuple(kw('HEALTHCHECK'), fc.constantFrom('NONE', 'CMD curl -f http://localhost/health || exit 1', '--interval=30s --timeout=3s \\\n    CMD ["python", "-c", "print(1)"]')).map(([k, a]) => `${k} ${a}`),
    fc.tuple(kw('CMD'), port, fc.boolean()).map(([k, p, exec]) => (exec ? `${k} ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "${p}"]` : `${k} uvicorn service:app --port ${p}`)),
    fc.tuple(kw('ENTRYPOINT'), fc.constantFrom('["python", "service.py"]', '/entrypoint.sh')).map(([k, a]) => `${k} ${a}`),
    fc.tuple(kw('VOLUME'), fc.constantFrom('/data', '["/data"]')).map(([k, a]) => `${k} ${a}`),
    fc.tuple(kw('SHELL'), fc.constant('["/bin/bash", "-o", "pipefail", "-c"]')).map(([k, a]) => `${k} ${a}`),
    fc.tuple(kw('STOPSIGNAL'), fc.constant('SIGTERM')).map(([k, a]) => `${k} ${a}`),
    fc.tuple(kw('ONBUILD'), fc.constant('RUN echo onbuild')).map(([k, a]) => `${k} ${a}`),
    fc.tuple(kw('MAINTAINER'), fc.constant('someone@example.com')).map(([k, a]) => `${k} ${a}`),
    fc.constantFrom('# a comment', '#', '', '   ', '# kubectl apply -f k8s/deployment.yaml'),
    ...(stages.length ? [fc.tuple(kw('COPY'), fc.constantFrom(...stages)).map(([k, s]) => `${k} --from=${s} /app /app`)] : []),
  );

const stage = (index: number, names: string[]) =>
  fc
    .record({
      from: kw('FROM'),
      platform: fc.boolean(),
      image: fc.oneof(image, ...(names.length ? [fc.constantFrom(...names)] : [])),
      named: fc.boolean(),
      body: fc.array(instruction(names), { maxLength: 8 }),
    })
    .map(({ from, platform, image, named, body }) => {
      const as = named ? ` AS ${index === 0 ? 'builder' : `stage${index}`}` : '';
      return [`${from} ${platform ? '--platform=$BUILDPLATFORM ' : ''}${image}${as}`, ...body].join('\n');
    });

export const dockerfile = fileConventions(
  fc
    .record({
      directive: fc.constantFrom('', '# syntax=docker/dockerfile:1\n', '# escape=\\\n'),
      args: fc.array(fc.constantFrom('ARG PYTHON_VERSION=3.9', 'ARG BASE=python:3.9-slim', 'ARG TAG'), { maxLength: 2 }),
      first: stage(0, []),
      more: fc.array(fc.nat(), { maxLength: 2 }),
    })
    .chain(({ directive, args, first, more }) =>
      fc.tuple(...more.map((_, i) => stage(i + 1, ['builder']))).map((rest) => directive + [...args, first, ...rest].join('\n\n') + '\n'),
    ),
);

// ---------- Python ----------

const message = fc.constantFrom(
  'ℹ️  Running in standalone mode (consciousness integration disabled)',
  '⚠️  Running in standalone mode (consciousness systems not available)',
  '🚀 starting',
  'ready',
  'done — ok',
);
const printCall = fc.tuple(message, fc.constantFrom('"', "'"), fc.boolean()).map(([m, q, f]) => `print(${f ? 'f' : ''}${q}${m}${q})`);

const statement = fc.oneof(
  printCall,
  printCall,
  fc.constantFrom('FULL_INTEGRATION = False', 'x = 1  # trailing comment', 'pass', 'import os', 'logger.info("hi")', 'client = httpx.AsyncClient()', 'await client.aclose()'),
  fc.constantFrom('', '# a comment'),
);

function indentBlock(lines: string[], unit: string): string[] {
  return lines.map((l) => (l ? unit + l : l));
}

const block: fc.Arbitrary<string[]> = fc.letrec<{ block: string[] }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.array(statement, { minLength: 1, maxLength: 4 }),
    fc
      .record({ head: fc.constantFrom('if FULL_INTEGRATION:', 'if x:', 'try:', 'def f():', 'async def main():', 'class C:'), body: tie('block'), orelse: fc.option(tie('block'), { nil: undefined }) })
      .map(({ head, body, orelse }) => {
        const nonEmpty = (b: string[]) => (b.some((l) => l.trim() && !l.trim().startsWith('#')) ? b : [...b, 'pass']);
        const lines = [head, ...indentBlock(nonEmpty(body), '    ')];
        if (head === 'try:') lines.push('except ImportError:', ...indentBlock(nonEmpty(orelse ?? ['pass']), '    '));
        else if (orelse && head.startsWith('if')) lines.push('else:', ...indentBlock(nonEmpty(orelse), '    '));
        return lines;
      }),
  ),
})).block;

export const pythonModule = fileConventions(
  fc
    .record({ doc: fc.boolean(), blocks: fc.array(block, { minLength: 1, maxLength: 5 }), tabs: fc.boolean() })
    .map(({ doc, blocks, tabs }) => {
      const lines = [...(doc ? ['"""A service. 🛡️"""', ''] : []), 'import httpx', '', ...blocks.flatMap((b) => [...b, ''])];
      const text = lines.join('\n') + '\n';
      // Tabs throughout or spaces throughout: Python rejects a mix.
      return tabs ? text.replace(/^((?: {4})+)/gm, (m) => '\t'.repeat(m.length / 4)) : text;
    }),
);

/** The seed's own pattern, always present, so the duplicate-print rule has work in most runs. */
export const pythonWithSeedPattern = fc.tuple(pythonModule, fc.boolean()).map(([m, blank]) => {
  const seed = [
    'if FULL_INTEGRATION:',
    '    print("✅ enabled")',
    'else:',
    '    print("ℹ️  Running in standalone mode (consciousness integration disabled)")',
    ...(blank ? [''] : []),
    '    FULL_INTEGRATION = False',
    '    print("⚠️  Running in standalone mode (consciousness systems not available)")',
    '',
  ].join(m.includes('\r\n') ? '\r\n' : '\n');
  const nl = m.includes('\r\n') ? '\r\n' : '\n';
  // After the module's own first line, so a BOM stays first.
  const i = m.indexOf(nl);
  return i < 0 ? m + nl + seed : m.slice(0, i + nl.length) + seed + m.slice(i + nl.length);
});

// ---------- Markdown ----------

const shellLine = fc.constantFrom(
  'kubectl apply -f k8s/deployment.yaml',
  'kubectl apply -f k8s/service.yaml',
  'kubectl create -f k8s/',
  'docker build -t guardian-zero-service:latest .',
  'cd helm-charts',
  './deploy.sh guardian-services dev',
  'helm upgrade --install svc ./chart',
  '# Deploy to Kubernetes',
  'kubectl logs deploy/svc',
  '',
);

const mdBlock = fc.oneof(
  fc.constantFrom('# Title', '## Deploy', '### Deploy to Kubernetes', 'Some text with `kubectl apply` inline.', '- item', '1. step', '> quote', '| a | b |\n|---|---|\n| 1 | 2 |', '<!-- guardfix-ignore -->'),
  fc
    .record({ fence: fc.constantFrom('```', '~~~', '````'), info: fc.constantFrom('', 'bash', 'sh', 'shell', 'console', 'yaml', 'text'), lines: fc.array(shellLine, { minLength: 1, maxLength: 5 }), indent: fc.constantFrom('', '  ', '   '), closed: fc.boolean() })
    .map(({ fence, info, lines, indent, closed }) =>
      [`${indent}${fence}${info}`, ...lines.map((l) => (l ? indent + l : l)), ...(closed ? [`${indent}${fence}`] : [])].join('\n'),
    ),
  fc.array(shellLine.filter((l) => l !== ''), { minLength: 1, maxLength: 3 }).map((ls) => ls.map((l) => `    ${l}`).join('\n')),
);

export const markdown = fileConventions(fc.array(mdBlock, { minLength: 1, maxLength: 8 }).map((bs) => bs.join('\n\n') + '\n'));

// ---------- FastAPI services ----------

/** A route handler calling upstreams the ways services do: per-request clients, shared ones, requests. */
const handler = fc
  .record({
    verb: fc.constantFrom('get', 'post'),
    path: fc.constantFrom('/v1/score', '/v1/items/{item_id}', '/x'),
    isAsync: fc.boolean(),
    calls: fc.array(
      fc.constantFrom(
        ['async with httpx.AsyncClient() as client:', '    r = await client.get(f"{PEER_URL}/v1/x")'],
        ['async with httpx.AsyncClient(timeout=2.0) as client:', '    a = await client.get(PEER_URL)', '    b = await client.post(PEER_URL, json={"a": 1})'],
        ['r = requests.get(PEER_URL, timeout=2)'],
        ['with httpx.Client() as c:', '    r = c.get(PEER_URL)'],
        ['r = await app.state.client.get("/v1/x")'],
        ['print("called")', 'print("called")'],
        ['x = 1  # no I/O'],
      ),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ verb, path, isAsync, calls }) => {
    // A sync handler cannot await: keep only what it can run.
    const body = calls.filter((c) => isAsync || !c.some((l) => /\bawait\b|async with/.test(l))).flat();
    const name = `h_${verb}_${path.replace(/\W+/g, '_')}_${calls.length}`;
    return [`@app.${verb}("${path}")`, `${isAsync ? 'async ' : ''}def ${name}():`, ...(body.length ? body : ['pass']).map((l) => `    ${l}`), '    return {"ok": True}'];
  });

const lifespan = fc.constantFrom(
  [],
  ['@asynccontextmanager', 'async def lifespan(app: FastAPI):', '    app.state.client = httpx.AsyncClient(base_url=PEER_URL)', '    yield', '    await app.state.client.aclose()'],
  ['@asynccontextmanager', 'async def lifespan(app: FastAPI):', '    print("starting")', '    yield', '    print("stopping")'],
  ['@app.on_event("shutdown")', 'async def shutdown():', '    print("bye")'],
);

export const fastapiService = fileConventions(
  fc
    .record({
      requestsImport: fc.boolean(),
      life: lifespan,
      cors: fc.boolean(),
      handlers: fc.array(handler, { minLength: 1, maxLength: 4 }),
      main: fc.boolean(),
    })
    .map(({ requestsImport, life, cors, handlers, main }) => {
      const usesLife = life[0] === '@asynccontextmanager';
      const lines = [
        'import os',
        ...(usesLife ? ['from contextlib import asynccontextmanager'] : []),
        '',
        'import httpx',
        ...(requestsImport || handlers.some((h) => h.some((l) => l.includes('requests.'))) ? ['import requests'] : []),
        'from fastapi import FastAPI',
        ...(cors ? ['from fastapi.middleware.cors import CORSMiddleware'] : []),
        '',
        'PEER_URL = os.getenv("PEER_URL", "http://peer")',
        '',
        ...(usesLife ? ['', ...life, '', '', 'app = FastAPI(lifespan=lifespan)'] : ['app = FastAPI()', ...(life.length ? ['', '', ...life] : [])]),
        ...(cors ? ['app.add_middleware(CORSMiddleware, allow_origins=["*"])'] : []),
        ...handlers.flatMap((h) => ['', '', ...h]),
        ...(main ? ['', '', 'if __name__ == "__main__":', '    import uvicorn', '', '    uvicorn.run(app, host="0.0.0.0", port=8000)'] : []),
      ];
      return lines.join('\n') + '\n';
    }),
);
