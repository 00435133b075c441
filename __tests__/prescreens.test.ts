// Text pre-screens that let a reader skip a parse: each must never skip a text whose parse would
// have mattered. Checked on the awkward spellings YAML allows and through the rules that use them.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { MarkdownDoc } from '../src/languages/markdown.js';
import { codeBlocks } from '../src/languages/markdown-code.js';
import { mentionsKubectl } from '../src/transforms/readme-helm/index.js';
import { mayHold } from '../src/languages/yaml.js';
import { run } from '../src/index.js';

/** Every string key and string value of the parsed documents. */
function strings(text: string): Set<string> {
  const out = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') out.add(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.add(k), visit(x));
  };
  for (const d of parseAllDocuments(text)) visit(d.toJS({ maxAliasCount: 100 }));
  return out;
}

const SAMPLES = [
  'kind: Service\nspec:\n  ports: [{port: 80}]\n',
  'kind: "Deploym\\x65nt"\n',
  '"liveness\\u0050robe": {httpGet: {path: /x}}\n',
  "kind: 'Deployment'\n",
  'k: &k Deployment\nkind: *k\n',
  '? |\n  httpGet\n: {path: /x}\n',
  '{kind: CronJob, spec: {}}\n',
  'kind: !!str Job\n',
  '# kind: Deployment (commented out)\nkind: ConfigMap\n',
];

describe('mayHold', () => {
  it('is true whenever the parse holds one of the words, as a key or a value', () => {
    const words = ['Deployment', 'CronJob', 'Job', 'httpGet', 'livenessProbe'];
    for (const text of SAMPLES) {
      const held = words.some((w) => strings(text).has(w));
      if (held) expect(mayHold(text, words), text).toBe(true);
    }
  });

  it('lets a text without the words and without escapes be skipped', () => {
    expect(mayHold(SAMPLES[0], ['Deployment', 'httpGet'])).toBe(false);
    expect(mayHold('kind: "Servic\\x65"\n', ['Deployment'])).toBe(true); // an escape could spell anything
  });
});

function temp(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'guardfix-prescreen-'));
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), t);
  }
  return root;
}

describe('readers that skip YAML by its text', () => {
  it('still read a workload whose kind and probe are spelled with escapes', async () => {
    const root = temp({
      'svc/Dockerfile': 'FROM python:3.12-slim\nEXPOSE 8000\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]\n',
      'svc/k8s/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: svc-sa\n',
      'svc/k8s/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n',
      'svc/k8s/deployment.yaml':
        'apiVersion: apps/v1\nkind: "Deploym\\x65nt"\nmetadata:\n  name: svc\nspec:\n  template:\n    spec:\n      serviceAccountName: svc-account\n      containers:\n        - name: svc\n          "liveness\\u0050robe":\n            "http\\x47et": {path: /custom-live, port: 8000}\n',
    });
    try {
      const r = await run({ paths: [root], cwd: root, write: false, unsafe: false, only: ['service-account-name', 'healthcheck'] });
      expect(r.internalErrors).toEqual([]);
      const findings = r.outcomes.flatMap((o) => o.findings);
      const sa = findings.filter((f) => f.rule === 'service-account-name');
      expect(sa).toHaveLength(1);
      expect(sa[0].fix?.edits[0].text).toBe('svc-sa');
      const hc = findings.filter((f) => f.rule === 'healthcheck');
      expect(hc).toHaveLength(1);
      expect(hc[0].message).toContain('http://127.0.0.1:8000/custom-live');
      expect(hc[0].message).toContain('path from the livenessProbe in k8s/deployment.yaml');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('Markdown read only when kubectl is mentioned', () => {
  const readme = [
    '# Svc\n\n> ```bash\n> kube\\\n> ctl apply -f k8s/\n> ```\n',
    '- step\n\n  ```sh\n  kubectl apply -f k8s/deployment.yaml\n  ```\n',
    '\tkubectl apply -f x.yaml\n',
    'Use `kubectl` or &#107;ubectl:\n\n```\nk\u0000ubectl apply -f x\n```\n',
    '```console\n$ helm upgrade --install svc ./chart\n```\n',
  ];

  it('builds the same tree as mdast, on first use', () => {
    for (const t of readme) expect(new MarkdownDoc(t).root).toEqual(fromMarkdown(t));
  });

  it('finds kubectl in the document text whenever a code block holds it', () => {
    for (const t of readme) {
      const inBlocks = codeBlocks(new MarkdownDoc(t), t).some((b) => [b.node.value, ...b.lines.map((l) => l.text)].some((v) => /\bkubectl\b/.test(v)));
      if (inBlocks) expect(mentionsKubectl(t), t).toBe(true);
    }
    expect(mentionsKubectl(readme[4])).toBe(false);
  });
});
