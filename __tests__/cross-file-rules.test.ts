// The docs/deploy consistency rules on whole workspaces: the example fleet (the seed's Fix 2,
// a clean service-account/IRSA join, the backend reported), and workspaces with a broken .tf.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from '../src/index.js';
import { copyFleet } from './helpers/cli.js';

const MINE = ['readme-helm', 'service-account-name', 'irsa-annotation', 'terraform-backend'];

function temp(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'guardfix-cross-'));
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), t);
  }
  return root;
}

describe('the example fleet', () => {
  it('READMEs become the seed\'s Fix 2; accounts and IRSA are clean; the backend is reported', async () => {
    const root = copyFleet();
    try {
      const services = readdirSync(join(root, 'services'));
      const before = new Map(services.map((s) => [s, readFileSync(join(root, 'services', s, 'README.md'), 'utf8')]));
      const r = await run({ paths: [root], cwd: root, write: true, unsafe: false, only: MINE });
      expect(r.internalErrors).toEqual([]);
      const findings = r.outcomes.flatMap((o) => o.findings);
      expect(findings.filter((f) => f.rule === 'service-account-name' || f.rule === 'irsa-annotation')).toEqual([]);
      const backend = findings.filter((f) => f.rule === 'terraform-backend');
      expect(backend).toHaveLength(1);
      expect(backend[0].message).toContain('s3://bravetto-terraform-state/atomic-guardians/terraform.tfstate (us-east-1)');

      for (const s of services) {
        const old = before.get(s)!;
        const now = readFileSync(join(root, 'services', s, 'README.md'), 'utf8');
        // Exactly the seed's rewrite, from the README's own folder; every other line untouched.
        const expected = old.replace(
          '# Deploy to Kubernetes\nkubectl apply -f k8s/deployment.yaml\nkubectl apply -f k8s/service.yaml\n',
          '# Deploy using Helm\ncd ../../helm-charts\n./deploy.sh guardian-services dev\n',
        );
        expect(expected, `${s}: the fleet README still has the seed's kubectl block`).not.toBe(old);
        expect(now).toBe(expected);
      }
      const again = await run({ paths: [root], cwd: root, write: false, unsafe: false, only: ['readme-helm'] });
      expect(again.outcomes.flatMap((o) => o.findings)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('a .tf file that does not parse', () => {
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: zero\nspec:\n  template:\n    spec:\n      serviceAccountName: zero-sa\n';
  const broken = 'resource "kubernetes_service_account" "sa" {\n  metadata {\n    name = "zero-sa"\n';

  it('is reported as a problem, and the cross-file rules neither crash nor conclude', async () => {
    const root = temp({ 'k8s/deployment.yaml': deployment, 'terraform/sa.tf': broken, 'terraform/ok.tf': 'data "aws_eks_cluster" "c" {\n  name = "x"\n}\n' });
    try {
      const r = await run({ paths: [root], cwd: root, write: false, unsafe: false, only: MINE });
      expect(r.internalErrors).toEqual([]);
      expect(r.problems.map((p) => p.file)).toEqual(['terraform/sa.tf']);
      const sa = r.outcomes.flatMap((o) => o.findings).filter((f) => f.rule === 'service-account-name');
      // The broken file may create the account: a low note, never a critical finding or a fix.
      expect(sa.map((f) => [f.severity, !!f.fix])).toEqual([['low', false]]);
      expect(sa[0].message).toContain('terraform/sa.tf does not parse');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a matching account elsewhere still counts', async () => {
    const root = temp({
      'k8s/deployment.yaml': deployment,
      'k8s/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: zero-sa\n',
      'terraform/sa.tf': broken,
    });
    try {
      const r = await run({ paths: [root], cwd: root, write: false, unsafe: false, only: ['service-account-name'] });
      expect(r.outcomes.flatMap((o) => o.findings)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
