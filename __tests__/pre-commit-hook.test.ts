// .pre-commit-hooks.yaml: the hook pre-commit installs must call our binary as a dry run, on the
// whole repository, and trigger on every kind of file guardfix checks.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './helpers/cli.js';

const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('.pre-commit-hooks.yaml', () => {
  const hook = hooks[0];
  it('runs the package binary as a node hook, a dry run over the whole repository', () => {
    expect(hook).toMatchObject({ id: 'guardfix', language: 'node', entry: 'guardfix', pass_filenames: false });
    expect(Object.keys(pkg.bin)).toContain(hook.entry);
    expect(hook.args).toEqual(['--dry-run']);
  });

  it('triggers on the files guardfix checks, and not on others', () => {
    // pre-commit's (?i) prefix is Python's; JavaScript takes it as a flag
    const re = new RegExp(String(hook.files).replace(/^\(\?i\)/, ''), 'i');
    for (const p of ['Dockerfile', 'svc/Dockerfile.prod', 'svc/api.dockerfile', 'Containerfile', 'k8s/deployment.yaml', 'chart/values.yml', 'terraform/main.tf', 'svc/README.md', 'svc/requirements-dev.txt', 'svc/app/main.py', 'guardfix.config.json', 'package.json']) {
      expect(re.test(p), p).toBe(true);
    }
    for (const p of ['LICENSE', 'svc/static/logo.png', 'dockerfiles/notes.txt', 'Makefile']) expect(re.test(p), p).toBe(false);
  });
});
