// terraform-backend --online against a real S3-protocol server (s3rver on 127.0.0.1, port 0),
// through the built CLI, as users run it. Never contacts AWS: every run has an endpoint.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import S3rver from 's3rver';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const PROBE = join(ROOT, '__tests__', 'helpers', 'count-aws-sdk.cjs');

interface Out {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function cli(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Out> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeArgs, CLI, '--no-color', ...args],
      {
        cwd: ROOT,
        timeout: 30_000,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: tmpdir(), // no shared config from the machine
          AWS_ACCESS_KEY_ID: 'S3RVER',
          AWS_SECRET_ACCESS_KEY: 'S3RVER',
          AWS_EC2_METADATA_DISABLED: 'true',
          ...env,
        },
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr), ms: Date.now() - started }),
    );
  });
}

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'guardfix-backend-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

const backend = (bucket: string, key = 'app/terraform.tfstate') =>
  `terraform {\n  backend "s3" {\n    bucket = "${bucket}"\n    key    = "${key}"\n    region = "us-east-1"\n  }\n}\n`;

let server: S3rver;
let endpoint: string;
let data: string;
const roots: string[] = [];

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: build first (npm run build)');
  data = mkdtempSync(join(tmpdir(), 's3rver-'));
  server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: data, configureBuckets: [{ name: 'team-state', configs: [] }] });
  const { port } = (await server.run()) as { port: number };
  endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await server?.close();
  for (const r of [data, ...roots]) if (r) rmSync(r, { recursive: true, force: true });
});

function ws(files: Record<string, string>) {
  const r = workspace(files);
  roots.push(r);
  return r;
}

// --verbose: the whole message under each finding's line
const online = (root: string, extra: string[] = []) => ['--verbose', '--online', '--s3-endpoint', endpoint, '--only', 'terraform-backend', ...extra, root];

describe('terraform-backend --online (s3rver)', () => {
  it('an existing bucket is no finding', async () => {
    const r = await cli(online(ws({ 'main.tf': backend('team-state') })));
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('terraform-backend');
    expect(r.code).toBe(0);
  });

  it('a missing bucket is a critical "does not exist" finding', async () => {
    const r = await cli(online(ws({ 'main.tf': backend('no-such-bucket') })));
    expect(r.stdout).toMatch(/critical\s+terraform-backend .*\n.*"no-such-bucket".*does not exist \(HeadBucket at http:\/\/127\.0\.0\.1:\d+: 404\)/);
    expect(r.code).toBe(1);
  });

  it('wrong credentials: the bucket exists but is not accessible (403)', async () => {
    // s3rver checks the access key id, not the signature's secret (measured), so the id is wrong here.
    const r = await cli(online(ws({ 'main.tf': backend('team-state') })), { AWS_ACCESS_KEY_ID: 'NOT-A-KNOWN-KEY' });
    expect(r.stdout).toMatch(/"team-state".*exists but is not accessible with these credentials \(HeadBucket at .*: 403\)/);
    expect(r.code).toBe(1);
  });

  it('the endpoint also comes from AWS_ENDPOINT_URL_S3', async () => {
    const r = await cli(['--verbose', '--online', '--only', 'terraform-backend', ws({ 'main.tf': backend('nope-bucket') })], { AWS_ENDPOINT_URL_S3: endpoint });
    expect(r.stdout).toContain(`does not exist (HeadBucket at ${endpoint}: 404)`);
  });

  it('a closed port gives a clear network message, quickly, and no crash: a note, not a failure', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const r = await cli(['--verbose', '--online', '--s3-endpoint', `http://127.0.0.1:${closed}`, '--only', 'terraform-backend', ws({ 'main.tf': backend('team-state') })]);
    expect(r.stdout).toMatch(/could not check the bucket \(connection refused \(ECONNREFUSED\) at http:\/\/127\.0\.0\.1:\d+\); whether it exists is unknown/);
    expect(r.stdout).toMatch(/info\s+terraform-backend/);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0); // unknown proves nothing: only a missing or inaccessible bucket fails
    expect(r.ms).toBeLessThan(10_000);
  });

  it('a server that never answers is cut off within a few seconds', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    const port = await new Promise<number>((resolve) => silent.listen(0, '127.0.0.1', () => resolve((silent.address() as { port: number }).port)));
    try {
      const r = await cli(['--verbose', '--online', '--s3-endpoint', `http://127.0.0.1:${port}`, '--only', 'terraform-backend', ws({ 'main.tf': backend('team-state') })]);
      expect(r.stdout).toMatch(/could not check the bucket \((?:no answer within \d+ s|connection timed out[^)]*\))/);
      expect(r.ms).toBeLessThan(15_000);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('asks S3 once per bucket, however many backend blocks name it', async () => {
    const requests: string[] = [];
    const counting = createServer((client) => {
      // A TCP relay to s3rver that counts HTTP requests on the way.
      const url = new URL(endpoint);
      const upstream = new Socket();
      upstream.connect(Number(url.port), url.hostname);
      client.on('data', (d) => {
        for (const m of d.toString('latin1').matchAll(/^(HEAD|GET|PUT|POST|DELETE) (\S+)/gm)) requests.push(`${m[1]} ${m[2]}`);
        upstream.write(d);
      });
      upstream.on('data', (d) => client.write(d));
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    const port = await new Promise<number>((resolve) => counting.listen(0, '127.0.0.1', () => resolve((counting.address() as { port: number }).port)));
    try {
      const root = ws({ 'a/main.tf': backend('team-state', 'a.tfstate'), 'b/main.tf': backend('team-state', 'b.tfstate'), 'c/main.tf': backend('missing-one') });
      const r = await cli(['--verbose', '--online', '--s3-endpoint', `http://127.0.0.1:${port}`, '--only', 'terraform-backend', root]);
      expect(r.stdout.match(/does not exist/g)?.length).toBe(1);
      expect(requests.filter((q) => q.startsWith('HEAD /team-state'))).toHaveLength(1);
      expect(requests.filter((q) => q.startsWith('HEAD /missing-one'))).toHaveLength(1);
    } finally {
      counting.close();
    }
  });
});

describe('terraform-backend offline', () => {
  it('says it did not check, as a note that does not fail the run, and never loads the AWS SDK', async () => {
    const root = ws({ 'main.tf': backend('team-state') });
    const r = await cli(['--verbose', '--only', 'terraform-backend', root], {}, ['--require', PROBE]);
    expect(r.stdout).toMatch(/info\s+terraform-backend/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Not checked: offline (run with --online to ask S3)');
    expect(r.stdout).toContain('aws s3api head-bucket --bucket team-state --region us-east-1');
    expect(r.stderr).toContain('aws-sdk modules loaded: 0');
  });

  it('the same probe sees the SDK load with --online (the measurement works)', async () => {
    const root = ws({ 'main.tf': backend('team-state') });
    const r = await cli(online(root), {}, ['--require', PROBE]);
    expect(r.stderr).toMatch(/aws-sdk modules loaded: [1-9]/);
  });
});
