// The service-account lookups built once per index (closest names, accounts by stem, workloads by
// account) must say what the full scans and sorts they replaced said, ties and order included.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from '../src/index.js';

function temp(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'guardfix-accounts-'));
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), t);
  }
  return root;
}

const sa = (name: string, extra = '') => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n${extra}`;
const deploy = (name: string, account: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      serviceAccountName: ${account}\n      containers:\n        - name: app\n          image: app\n`;

async function findings(files: Record<string, string>, rule: string) {
  const root = temp(files);
  try {
    const r = await run({ paths: [root], cwd: root, write: false, unsafe: false, only: [rule] });
    expect(r.internalErrors).toEqual([]);
    return r.outcomes.flatMap((o) => o.findings).filter((f) => f.rule === rule);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('service-account-name messages', () => {
  it('name the three closest accounts as a stable sort by common prefix, then name, would', async () => {
    // Ties on the common prefix with "pay-api-x" ("pay-" for four names) are ordered by name;
    // a duplicate name counts once.
    const names = ['zeta', 'pay-web', 'Pay-api', 'pay-db', 'pay-api', 'pay-cache', 'pay-web', 'alpha', 'pay-Db'];
    const accounts = names.map((n) => sa(n)).join('---\n');
    const unique = [...new Set(names)];
    const common = (a: string) => {
      let i = 0;
      while (i < a.length && a[i] === 'pay-api-x'[i]) i++;
      return i;
    };
    const expected = [...unique].sort((a, b) => common(b) - common(a) || a.localeCompare(b)).slice(0, 3);
    const [f] = await findings({ 'k8s/accounts.yaml': accounts, 'k8s/deployment.yaml': deploy('orders', 'pay-api-x') }, 'service-account-name');
    expect(f.message).toContain(`(closest of ${unique.length}: ${expected.join(', ')})`);
  });

  it('list the accounts that fit the service in the order the workspace defines them', async () => {
    // The workload goes by "orders" (its name) and "billing" (its app label): accounts of both
    // stems fit, listed as the workspace defines them, not grouped by stem.
    const accounts = [sa('billing-sa'), sa('zzz'), sa('orders-sa'), sa('billing-serviceaccount'), sa('orders-svc-account')].join('---\n');
    const labelled = deploy('orders', 'wrong').replace('  template:\n', '  template:\n    metadata:\n      labels:\n        app: billing\n');
    const [f] = await findings({ 'k8s/accounts.yaml': accounts, 'k8s/deployment.yaml': labelled }, 'service-account-name');
    expect(f.message).toContain('Several accounts fit this service (billing-sa, orders-sa, billing-serviceaccount, orders-svc-account); pick one');
  });
});

describe('irsa-annotation users', () => {
  it('counts the workloads of the account in its namespace only, in workspace order', async () => {
    const files = {
      'k8s/accounts.yaml': [sa('shared', '  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/x\n'), sa('plain', '  namespace: prod\n')].join('---\n'),
      'k8s/a.yaml': deploy('a', 'plain'),
      'k8s/b.yaml': deploy('b', 'plain').replace('  name: b\n', '  name: b\n  namespace: prod\n'),
      'k8s/c.yaml': deploy('c', 'plain').replace('  name: c\n', '  name: c\n  namespace: dev\n'),
      'k8s/d.yaml': deploy('d', 'plain'),
    };
    const [f] = await findings(files, 'irsa-annotation');
    expect(f.message).toContain('"plain" is used by Deployment a (k8s/a.yaml), Deployment b (k8s/b.yaml) and 1 more');
  });
});
