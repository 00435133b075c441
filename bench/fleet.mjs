// A synthetic fleet for the benchmark and the SIGINT test: N services shaped like the seed's
// guardian services, varied by a seeded PRNG so that every rule both fires and stays quiet
// somewhere, and so that two runs with one seed give the same bytes.
//
//   node bench/fleet.mjs <dir> [--services N] [--seed S] [--heavy]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** mulberry32: tiny, fast, and good enough to vary text. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
  };
}

const WORDS = ['zero', 'abe', 'john', 'aeyon', 'neuro', 'lux', 'nova', 'atlas', 'echo', 'sage', 'vega', 'orion'];

export function serviceName(i) {
  return `guardian-${WORDS[i % WORDS.length]}-${String(i).padStart(5, '0')}-service`;
}

// ---------- Dockerfile ----------

function dockerfile(r, name, port, hardened) {
  const old = r.chance(0.6);
  const minor = old ? r.pick([8, 9, 9, 9, 10]) : r.pick([11, 11, 12]);
  const variant = r.pick(['-slim', '-slim', '-slim-bookworm', '', '-alpine']);
  const alpine = variant === '-alpine';
  const base = `python:3.${minor}${variant}`;
  const multi = r.chance(0.35);
  const user = r.pick(['none', 'none', 'named', 'numeric']);
  const health = r.chance(0.4);
  const apt = alpine ? 'none' : r.pick(['none', 'none', 'clean', 'dirty', 'dirty-norec']);
  const lower = r.chance(0.05);
  const k = (kw) => (lower ? kw.toLowerCase() : kw);
  const L = [];
  if (r.chance(0.3)) L.push(`# ${name}: container image`, '');
  const aptRun = () => {
    if (apt === 'none') return;
    const rec = apt === 'dirty-norec' || r.chance(0.3) ? ' --no-install-recommends' : '';
    L.push(`${k('RUN')} apt-get update && apt-get install -y${rec} \\`, '    gcc \\', '    libpq-dev \\');
    if (apt === 'clean') L.push('    && rm -rf /var/lib/apt/lists/*');
    else L.push('    && echo installed');
  };
  if (multi) {
    L.push(`${k('FROM')} ${base} AS builder`, `${k('WORKDIR')} /app`);
    aptRun();
    L.push(`${k('COPY')} requirements.txt .`, `${k('RUN')} pip install --no-cache-dir --prefix=/install -r requirements.txt`, '');
    L.push(`${k('FROM')} ${base}`, `${k('WORKDIR')} /app`);
    L.push(`${k('COPY')} --from=builder /install /usr/local`);
  } else {
    L.push(`${k('FROM')} ${base}`, `${k('WORKDIR')} /app`);
    aptRun();
    L.push(`${k('COPY')} requirements.txt .`, `${k('RUN')} pip install --no-cache-dir -r requirements.txt`);
  }
  if (user === 'named') {
    L.push(
      alpine
        ? `${k('RUN')} addgroup -S guardian && adduser -S -G guardian guardian`
        : `${k('RUN')} groupadd -r guardian && useradd -r -g guardian guardian`,
    );
  }
  L.push(`${k('COPY')} service.py .`);
  if (user === 'named') L.push(`${k('RUN')} chown -R guardian:guardian /app`, `${k('USER')} guardian`);
  if (user === 'numeric') L.push(`${k('USER')} 10001`);
  L.push(`${k('EXPOSE')} ${port}`);
  if (health) {
    L.push(
      `${k('HEALTHCHECK')} --interval=30s --timeout=10s --start-period=5s --retries=3 \\`,
      `    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:${port}/health')"]`,
    );
  }
  const graceful = hardened ? ', "--timeout-graceful-shutdown", "20"' : '';
  L.push(`${k('CMD')} ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "${port}"${graceful}]`);
  const text = L.join('\n') + '\n';
  return r.chance(0.05) ? text.replace(/\n/g, '\r\n') : text;
}

// ---------- service.py ----------

/** `hardened`: the whole seed pattern (pooled client closed at shutdown, full middleware stack). */
function servicePy(r, name, port, hardened) {
  const title = name.replace(/-/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
  const dupPrints = r.chance(0.4);
  const pooled = hardened || r.chance(0.5);
  const useRequests = r.chance(0.25);
  const shutdown = hardened || r.chance(0.5);
  const extraMiddleware = r.chance(0.3);
  const fullStack = hardened || r.chance(0.1);
  const fanOut = r.chance(0.3);
  const L = [
    '"""',
    `${title} — request scoring for the Atomic Guardians platform.`,
    '',
    'Scores inbound events and asks its peers for a second opinion.',
    '"""',
    '',
    'import asyncio',
    'import os',
    'import time',
    ...(fullStack ? ['import logging', 'import uuid'] : []),
    'from contextlib import asynccontextmanager',
    'from typing import Dict, List, Optional',
    '',
    'import httpx',
  ];
  if (useRequests) L.push('import requests');
  L.push(
    'import uvicorn',
    'from fastapi import FastAPI, Request',
    'from fastapi.middleware.cors import CORSMiddleware',
  );
  if (extraMiddleware) L.push('from fastapi.middleware.gzip import GZipMiddleware');
  if (fullStack) L.push('from slowapi import Limiter', 'from slowapi.middleware import SlowAPIMiddleware');
  L.push(
    'from pydantic import BaseModel, Field',
    '',
    'try:',
    '    from consciousness_core import ConsciousnessClient  # optional integration',
    '    FULL_INTEGRATION = True',
    'except ImportError:',
    '    ConsciousnessClient = None',
    '    FULL_INTEGRATION = False',
    '',
    `SERVICE_NAME = "${name}"`,
    `PORT = int(os.getenv("PORT", "${port}"))`,
    'PEER_URL = os.getenv("PEER_URL", "http://peer.guardian-services.svc.cluster.local")',
    'TIMEOUT = float(os.getenv("TIMEOUT", "2.0"))',
    '',
    'if FULL_INTEGRATION:',
    '    consciousness = ConsciousnessClient(service=SERVICE_NAME)',
    '    print("✅ Consciousness integration enabled")',
    'else:',
    '    print("ℹ️  Running in standalone mode (consciousness integration disabled)")',
  );
  if (dupPrints) {
    L.push('', '    FULL_INTEGRATION = False', '    print("⚠️  Running in standalone mode (consciousness systems not available)")');
  } else {
    L.push('    FULL_INTEGRATION = False');
  }
  L.push('', '');
  if (pooled) L.push('http_client: Optional[httpx.AsyncClient] = None', '', '');
  L.push('@asynccontextmanager', 'async def lifespan(app: FastAPI):');
  if (pooled) L.push('    global http_client', '    http_client = httpx.AsyncClient(base_url=PEER_URL, timeout=TIMEOUT)');
  L.push('    print(f"🚀 {SERVICE_NAME} starting on port {PORT}")', '    yield');
  if (shutdown && pooled) L.push('    await http_client.aclose()');
  L.push('    print(f"🛑 {SERVICE_NAME} shutting down")', '', '');
  L.push(
    `app = FastAPI(title="${title}", version="1.${r.int(0, 9)}.${r.int(0, 20)}", lifespan=lifespan)`,
    '',
    'app.add_middleware(',
    '    CORSMiddleware,',
    '    allow_origins=["*"],',
    '    allow_methods=["GET", "POST"],',
    '    allow_headers=["Authorization", "Content-Type"],',
    ')',
  );
  if (extraMiddleware) L.push('app.add_middleware(GZipMiddleware, minimum_size=1000)');
  if (fullStack) {
    L.push(
      'logger = logging.getLogger(SERVICE_NAME)',
      'app.state.limiter = Limiter(key_func=lambda request: request.client.host)',
      'app.add_middleware(SlowAPIMiddleware)',
      '',
      '',
      '@app.middleware("http")',
      'async def request_context(request: Request, call_next):',
      '    request_id = request.headers.get("X-Request-ID") or str(uuid.uuid4())',
      '    logger.info("%s %s", request.method, request.url.path)',
      '    response = await call_next(request)',
      '    response.headers["X-Request-ID"] = request_id',
      '    response.headers["X-Content-Type-Options"] = "nosniff"',
      '    return response',
    );
  }
  if (fanOut) {
    // One awaited call per peer, one after the other: what parallel-io looks for.
    const client = pooled ? 'http_client' : 'client';
    L.push('', '', '@app.get("/v1/peers")', 'async def peers():', '    results = []');
    const loop = [`for i in range(3):`, `    r = await ${client}.get(f"/v1/peer/{i}")`, '    results.append(r.status_code)'];
    if (pooled) L.push(...loop.map((l) => `    ${l}`));
    else L.push('    async with httpx.AsyncClient(base_url=PEER_URL) as client:', ...loop.map((l) => `        ${l}`));
    L.push('    return {"peers": results}');
  }
  L.push(
    '',
    '',
    'class Event(BaseModel):',
    '    path: str',
    '    status: int',
    '    latency_ms: float = Field(..., ge=0)',
    '',
    '',
    'class Sample(BaseModel):',
    '    client_id: str',
    '    events: List[Event] = Field(default_factory=list)',
    '',
    '',
    '@app.get("/health")',
    'def health():',
    `    return {"status": "healthy", "service": SERVICE_NAME}`,
    '',
  );
  // Filler endpoints bring the file to ~150 lines, with the client use varied per endpoint.
  let n = 0;
  while (L.length < 138) {
    n++;
    const call = pooled
      ? ['        r = await http_client.post("/v1/score", json=sample.model_dump())']
      : useRequests && r.chance(0.5)
        ? ['        r = requests.post(f"{PEER_URL}/v1/score", json=sample.model_dump(), timeout=TIMEOUT)']
        : ['        async with httpx.AsyncClient() as client:', '            r = await client.post(f"{PEER_URL}/v1/score", json=sample.model_dump())'];
    L.push(
      '',
      `@app.post("/v1/evaluate/${n}")`,
      `async def evaluate_${n}(sample: Sample, request: Request):`,
      `    """Scores a sample (variant ${n})."""`,
      '    started = time.time()',
      '    risk = 0.0',
      '    try:',
      ...call,
      '        risk = float(r.json().get("risk", 0.0))',
      '    except (httpx.HTTPError, ValueError) as exc:',
      `        print(f"⚠️  peer failed: {exc!r}")`,
      `    weight = ${r.int(1, 9)} / 10`,
      '    await asyncio.sleep(0)',
      '    return {"client_id": sample.client_id, "risk": risk * weight, "ms": (time.time() - started) * 1000}',
      '',
    );
  }
  L.push('', 'if __name__ == "__main__":', `    uvicorn.run(app, host="0.0.0.0", port=PORT)`);
  return L.join('\n') + '\n';
}

// ---------- the rest ----------

function readme(r, name, port) {
  const style = r.pick(['kubectl', 'kubectl', 'helm', 'both', 'none']);
  const fence = r.pick(['```bash', '```bash', '```sh', '```shell', '```']);
  const close = '```';
  const L = [`# ${name}`, '', `Scores requests for the Atomic Guardians platform. Listens on port ${port}.`, '', '## Run locally', '', fence, 'pip install -r requirements.txt', `uvicorn service:app --port ${port}`, close, ''];
  if (style === 'kubectl' || style === 'both') {
    L.push('## Deploy', '', fence, `docker build -t ${name}:latest .`, '# Deploy to Kubernetes', 'kubectl apply -f k8s/deployment.yaml', 'kubectl apply -f k8s/service.yaml', close, '');
  }
  if (style === 'helm' || style === 'both') {
    L.push('## Deploy with Helm', '', fence, 'cd helm-charts', './deploy.sh guardian-services dev', close, '');
  }
  if (r.chance(0.3)) L.push('To inspect a pod, `kubectl logs deploy/' + name + '` works as usual.', '');
  L.push('## Endpoints', '', '| path | what |', '|---|---|', '| `/health` | liveness |', '| `/v1/evaluate/1` | score a sample |', '');
  return L.join('\n');
}

function requirements(r) {
  const L = [`fastapi==0.${r.int(100, 115)}.0`, `uvicorn[standard]==0.${r.int(20, 30)}.0`, `httpx==0.${r.int(24, 27)}.0`, 'pydantic>=2'];
  if (r.chance(0.25)) L.push('requests==2.31.0');
  return L.join('\n') + '\n';
}

/** `worker`: runs as a second account, which Terraform creates without an IRSA role. */
function deployment(r, name, port, hardened, worker) {
  const sa = worker ? `${name}-worker-sa` : r.chance(0.9) ? `${name}-sa` : `${name}-account`;
  const grace = hardened ? '      terminationGracePeriodSeconds: 30\n' : '';
  const preStop = hardened ? '          lifecycle:\n            preStop:\n              exec:\n                command: ["sleep", "5"]\n' : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: guardian-services
  labels:
    app: ${name}
spec:
  replicas: ${r.int(1, 4)}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      serviceAccountName: ${sa}
${grace}      containers:
        - name: ${name}
          image: registry.example.com/${name}:latest
${preStop}          ports:
            - containerPort: ${port}
          livenessProbe:
            httpGet:
              path: /health
              port: ${port}
            initialDelaySeconds: 5
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
`;
}

function k8sService(name, port) {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: guardian-services
spec:
  selector:
    app: ${name}
  ports:
    - port: 80
      targetPort: ${port}
`;
}

function terraform(names, workers) {
  return {
    'terraform/main.tf': `terraform {
  backend "s3" {
    bucket = "bravetto-terraform-state"
    key    = "atomic-guardians/terraform.tfstate"
    region = "us-east-1"
  }
}

resource "aws_iam_role" "guardian_service_role" {
  for_each = toset(var.guardian_services)
  name     = "\${each.value}-role"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = []
  })
}

resource "kubernetes_service_account" "guardian_service_account" {
  for_each = toset(var.guardian_services)
  metadata {
    name      = "\${each.value}-sa"
    namespace = "guardian-services"
    annotations = {
      "eks.amazonaws.com/role-arn" = aws_iam_role.guardian_service_role[each.value].arn
    }
  }
}
`,
    'terraform/workers.tf': `# Queue workers: their accounts were added later, without an IAM role.
resource "kubernetes_service_account" "guardian_worker_account" {
  for_each = toset(var.guardian_workers)
  metadata {
    name      = "\${each.value}-worker-sa"
    namespace = "guardian-services"
  }
}
`,
    // A second root with local state: nothing for terraform-backend to report.
    'infra/dev/main.tf': `terraform {
  backend "local" {
    path = "dev.tfstate"
  }
}
`,
    'terraform/variables.tf': `variable "guardian_workers" {
  type = list(string)
  default = [
${workers.map((n) => `    "${n}",`).join('\n')}
  ]
}

variable "guardian_services" {
  type = list(string)
  default = [
${names.map((n) => `    "${n}",`).join('\n')}
  ]
}
`,
  };
}

function helm() {
  return {
    'helm-charts/deploy.sh': '#!/usr/bin/env bash\nset -euo pipefail\nhelm upgrade --install "$1" "./$1" --namespace "$1" --values "./$1/values-$2.yaml"\n',
    'helm-charts/guardian-services/Chart.yaml': 'apiVersion: v2\nname: guardian-services\nversion: 0.1.0\n',
    'helm-charts/guardian-services/values.yaml': 'image:\n  registry: registry.example.com\n  tag: latest\nreplicas: 2\n',
    'helm-charts/guardian-services/values-dev.yaml': 'replicas: 1\n',
    'helm-charts/guardian-services/templates/deployment.yaml': `{{- range .Values.services }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
spec:
  replicas: {{ $.Values.replicas }}
---
{{- end }}
`,
  };
}

/** Writes the fleet; returns its services' folders (relative) and file count. */
export function generateFleet(dir, services = 10000, seed = 42) {
  const r = prng(seed);
  const names = Array.from({ length: services }, (_, i) => serviceName(i));
  let files = 0;
  const write = (rel, text) => {
    const p = join(dir, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text);
    files++;
  };
  // Drawn up front so the Terraform, written first, knows which services are workers.
  const traits = names.map(() => ({ hardened: r.chance(0.2), worker: r.chance(0.05) }));
  const workers = names.filter((_, i) => traits[i].worker);
  for (const [rel, text] of Object.entries({ ...terraform(names, workers), ...helm() })) write(rel, text);
  for (const [i, name] of names.entries()) {
    const { hardened, worker } = traits[i];
    const port = r.int(8000, 8999);
    const svc = `services/${name}`;
    write(`${svc}/Dockerfile`, dockerfile(r, name, port, hardened));
    write(`${svc}/README.md`, readme(r, name, port));
    write(`${svc}/service.py`, servicePy(r, name, port, hardened));
    write(`${svc}/requirements.txt`, requirements(r));
    write(`${svc}/k8s/deployment.yaml`, deployment(r, name, port, hardened, worker));
    write(`${svc}/k8s/service.yaml`, k8sService(name, port));
  }
  return { names, dockerfiles: names.map((n) => `services/${n}/Dockerfile`), files };
}

// ---------- the heavy shape ----------
// Services shaped like the ones issue 18 measured: a ~5 KB service.py with 25 async handlers that
// each open their own httpx.AsyncClient, duplicate startup prints and CORS only; a Dockerfile (some
// with apt build deps); a README that deploys with kubectl; two manifests. Every file of it gives
// rules work, so the gap between a run and the parse floor is the rules' and the engine's.

function heavyServicePy(r, name, port) {
  const title = name.replace(/-/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
  const L = [
    '"""',
    `${title}: scoring and enrichment endpoints.`,
    '"""',
    '',
    'import os',
    '',
    'import httpx',
    'from fastapi import FastAPI',
    'from fastapi.middleware.cors import CORSMiddleware',
    '',
    `PEER = os.environ.get("PEER_URL", "http://peer:${port}")`,
    '',
    'try:',
    '    import scoring  # optional accelerator',
    '    FAST = True',
    'except ImportError:',
    '    print("Running in standalone mode (scoring accelerator disabled)")',
    '',
    '    FAST = False',
    '    print("Running in standalone mode (scoring accelerator not available)")',
    '',
    `app = FastAPI(title="${title}")`,
    'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["*"], allow_headers=["*"])',
    '',
  ];
  const verbs = ['score', 'enrich', 'lookup', 'verify', 'rank'];
  for (let i = 0; i < 25; i++) {
    const verb = verbs[i % verbs.length];
    const route = `/v1/${verb}/${i}`;
    L.push(
      `@app.${i % 3 === 0 ? 'post' : 'get'}("${route}")`,
      `async def ${verb}_${i}(item_id: int):`,
      `    async with httpx.AsyncClient(timeout=${r.int(2, 9)}.0) as client:`,
      `        return (await client.get(f"{PEER}${route}/{item_id}")).json()`,
      '',
    );
  }
  L.push('@app.get("/health")', 'async def health():', '    return {"status": "ok"}', '');
  return L.join('\n');
}

function heavyDockerfile(r, port) {
  const apt = r.chance(0.4);
  const L = ['FROM python:3.9-slim', 'WORKDIR /app'];
  if (apt) L.push('RUN apt-get update && apt-get install -y \\', '    gcc \\', '    libpq-dev \\', '    && echo done');
  L.push('COPY requirements.txt .', 'RUN pip install --no-cache-dir -r requirements.txt', 'COPY service.py .', `EXPOSE ${port}`, `CMD ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "${port}"]`);
  return L.join('\n') + '\n';
}

function heavyReadme(name, port) {
  return [`# ${name}`, '', `Listens on port ${port}.`, '', '## Deploy', '', '```bash', `docker build -t ${name}:latest .`, 'kubectl apply -f k8s/deployment.yaml', 'kubectl apply -f k8s/service.yaml', '```', ''].join('\n');
}

/** The heavy shape (see above), with the same Terraform and Helm chart as generateFleet. */
export function generateHeavyFleet(dir, services = 2000, seed = 7) {
  const r = prng(seed);
  const names = Array.from({ length: services }, (_, i) => serviceName(i));
  let files = 0;
  const write = (rel, text) => {
    const p = join(dir, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text);
    files++;
  };
  for (const [rel, text] of Object.entries({ ...terraform(names, []), ...helm() })) write(rel, text);
  for (const name of names) {
    const port = r.int(8000, 8999);
    const svc = `services/${name}`;
    write(`${svc}/Dockerfile`, heavyDockerfile(r, port));
    write(`${svc}/README.md`, heavyReadme(name, port));
    write(`${svc}/service.py`, heavyServicePy(r, name, port));
    write(`${svc}/requirements.txt`, 'fastapi==0.110.0\nuvicorn[standard]==0.29.0\nhttpx==0.27.0\n');
    write(`${svc}/k8s/deployment.yaml`, deployment(r, name, port, false, false));
    write(`${svc}/k8s/service.yaml`, k8sService(name, port));
  }
  return { names, dockerfiles: names.map((n) => `services/${n}/Dockerfile`), files };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : dflt;
  };
  const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!dir) {
    process.stderr.write('usage: node bench/fleet.mjs <dir> [--services N] [--seed S] [--heavy]\n');
    process.exit(2);
  }
  const heavy = args.includes('--heavy');
  const { files } = (heavy ? generateHeavyFleet : generateFleet)(dir, opt('--services', heavy ? 2000 : 10000), opt('--seed', heavy ? 7 : 42));
  process.stdout.write(`${files} files in ${dir}\n`);
}
