// A parallel run works out the Terraform half of the service-account index once, in a prelude
// worker, and seeds the other workers with it as plain data (src/engine/parallel.ts). An index
// built from that seed must be the index a thread builds by parsing the Terraform itself, and a
// seeded thread must not parse the Terraform at all.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Workspace } from '../src/engine/workspace.js';
import { ensureLoaded } from '../src/languages/index.js';
import { terraform } from '../src/languages/terraform.js';
import { yaml } from '../src/languages/yaml.js';
import { accountIndex, seedTerraformAccounts, terraformAccountsOf, type AccountIndex } from '../src/service/service-accounts.js';

const FILES: Record<string, string> = {
  'terraform/variables.tf': 'variable "workers" {\n  default = ["queue-a", "queue-b"]\n}\n',
  'terraform/accounts.tf': `resource "kubernetes_service_account" "workers" {
  for_each = toset(var.workers)
  metadata {
    name      = "\${each.value}-sa"
    namespace = "jobs"
  }
}

resource "kubernetes_service_account_v1" "api" {
  metadata {
    name = "api-sa"
    annotations = {
      "eks.amazonaws.com/role-arn" = "arn:aws:iam::123456789012:role/api"
    }
  }
}

resource "kubernetes_service_account" "computed" {
  metadata {
    name = data.external.name.result
  }
}

resource "kubernetes_manifest" "raw" {
  manifest = {
    kind     = "ServiceAccount"
    metadata = { name = "raw-sa", namespace = "ops" }
  }
}

resource "aws_eks_pod_identity_association" "pi" {
  service_account = "queue-a-sa"
}
`,
  'infra/broken/main.tf': 'resource "kubernetes_service_account" "x" {\n  metadata {\n',
  'k8s/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web-sa\n',
  'k8s/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      serviceAccountName: web-sa\n      containers:\n        - name: web\n          image: web\n',
};

let root: string;
let paths: string[];
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'guardfix-seed-'));
  for (const [p, t] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), t);
  }
  paths = (readdirSync(root, { recursive: true, encoding: 'utf8' }) as string[]).filter((p) => p in FILES).map((p) => join(root, p)).sort();
  await ensureLoaded(terraform);
  await ensureLoaded(yaml);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const workspace = () => new Workspace(paths, root, [root], 1 << 20);

/** What rules read of an index, files by display path. */
function shape(idx: AccountIndex) {
  return {
    accounts: idx.accounts.map((a) => ({ file: a.file.rel, start: a.start, end: a.end, name: a.name, namespace: a.namespace, source: a.source, resource: a.resource })),
    unresolved: idx.unresolved.map((u) => ({ file: u.file.rel, start: u.start, end: u.end, why: u.why })),
    podIdentity: [...idx.podIdentity],
    irsa: idx.irsa,
  };
}

describe('Terraform accounts handed to another thread', () => {
  it('give the index the Terraform itself gives', () => {
    const direct = shape(accountIndex(workspace()));
    // The fixture covers every kind of entry the seed carries.
    expect(direct.accounts.map((a) => a.name)).toEqual(['queue-a-sa', 'queue-b-sa', 'api-sa', 'raw-sa', 'web-sa']);
    expect(direct.accounts[0]).toMatchObject({ namespace: 'jobs', source: 'terraform', resource: 'kubernetes_service_account.workers' });
    expect(direct.unresolved.map((u) => u.file)).toEqual(['infra/broken/main.tf', 'terraform/accounts.tf']);
    expect(direct.podIdentity).toEqual(['queue-a-sa']);
    expect(direct.irsa).toBe(true);

    // Across threads the part travels by structured clone.
    const part = structuredClone(terraformAccountsOf(workspace()));
    const seeded = workspace();
    seedTerraformAccounts(seeded, part);
    const parse = vi.spyOn(terraform, 'parse');
    try {
      expect(shape(accountIndex(seeded))).toEqual(direct);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('refuse a part that names a file the workspace does not hold', () => {
    const part = terraformAccountsOf(workspace());
    const seeded = workspace();
    seedTerraformAccounts(seeded, { ...part, accounts: [{ ...part.accounts[0], file: join(root, 'elsewhere.tf') }] });
    expect(() => accountIndex(seeded)).toThrow(/elsewhere\.tf/);
  });
});
