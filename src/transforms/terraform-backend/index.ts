import { dirname, basename, sep } from 'node:path';
import { defineTransform } from '../define.js';
import type { RuleContext } from '../../engine/rule.js';
import type { Workspace } from '../../engine/workspace.js';
import type { TerraformDoc } from '../../languages/terraform.js';
import { attr, evaluate, nested, objectElems, rootBlocks, type TfBlock } from '../../languages/terraform-model.js';
import type { Probe, ProbeTarget } from './head-bucket.js';
import { docs } from './docs.js';

// One HeadBucket per bucket (and endpoint, region, profile) per run, however many blocks name it.
const probes = new WeakMap<Workspace, Map<string, Promise<Probe>>>();

function probe(ws: Workspace, t: ProbeTarget): Promise<Probe> {
  let m = probes.get(ws);
  if (!m) probes.set(ws, (m = new Map()));
  const key = JSON.stringify([t.endpoint, t.region, t.profile, t.bucket]);
  let p = m.get(key);
  if (!p) {
    p = import('./head-bucket.js').then((h) => h.headBucket(t));
    m.set(key, p);
  }
  return p;
}

const literal = (b: TfBlock, name: string): string | undefined => {
  const a = attr(b, name);
  const v = a && evaluate(a.expr, {});
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** The backend's own S3 endpoint: `endpoints = { s3 = … }` (Terraform ≥ 1.6) or the older `endpoint`. */
function blockEndpoint(b: TfBlock): string | undefined {
  const eps = attr(b, 'endpoints');
  const s3 = eps && objectElems(eps.expr).find((e) => e.key === 's3');
  const v = s3 && evaluate(s3.value, {});
  if (typeof v === 'string') return v;
  const nestedEps = nested(b, 'endpoints')[0];
  return (nestedEps && literal(nestedEps, 's3')) ?? literal(b, 'endpoint');
}

/** Files next to the configuration that look like -backend-config inputs. */
function backendConfigFiles(ctx: RuleContext, dir: string): string[] {
  return ctx.workspace.allPaths
    .filter((p) => p.startsWith(dir + sep) && /\.tfbackend$|backend.*\.(hcl|conf|tfvars)$/i.test(basename(p)))
    .map((p) => ctx.workspace.display(p));
}

const list = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : xs[0]);

export default defineTransform<TerraformDoc>({
  meta: {
    id: 'terraform-backend',
    languages: ['terraform'],
    severity: 'critical',
    category: 'Terraform Backend',
    summary: 'The S3 bucket of every Terraform `backend "s3"` must exist (checked with --online)',
    fix: 'none',
    sources: ['seed issue 13'],
    docs,
  },
  async check(ctx) {
    for (const tf of rootBlocks(ctx.doc, 'terraform')) {
      for (const b of nested(tf, 'backend').filter((x) => x.labels[0] === 's3')) await checkBackend(ctx, b);
    }
  },
});

async function checkBackend(ctx: RuleContext<TerraformDoc>, b: TfBlock) {
  const bucket = literal(b, 'bucket');
  const key = literal(b, 'key');
  const region = literal(b, 'region');
  const at = attr(b, 'bucket')?.node ?? b.node;
  const where = { start: at.startIndex, end: at.type === 'block' ? at.startIndex + at.text.indexOf('{') : at.endIndex };
  const missing = (['bucket', 'key', 'region'] as const).filter((n) => !literal(b, n));
  const computed = (['bucket', 'key', 'region'] as const).filter((n) => {
    const a = attr(b, n);
    return a && typeof evaluate(a.expr, {}) !== 'string';
  });
  if (computed.length) {
    const a = attr(b, computed[0])!.node;
    ctx.report({
      start: a.startIndex,
      end: a.endIndex,
      message: `S3 backend ${list([...computed])} ${computed.length > 1 ? 'are' : 'is'} not a literal string: Terraform reads backend blocks before variables exist, so \`terraform init\` rejects it ("Variables may not be used here"). Write the value, or leave it out and pass it with -backend-config.`,
    });
    return;
  }

  if (!bucket) {
    const files = backendConfigFiles(ctx, dirname(ctx.file.path));
    const from = files.length ? ` (backend config files here: ${list(files.slice(0, 3))}${files.length > 3 ? '…' : ''})` : '';
    ctx.report({
      ...where,
      severity: 'info',
      message: `S3 backend with partial configuration: ${list(missing)} come from \`terraform init -backend-config=…\`${from}, which guardfix does not read, so the bucket is not checked. Make sure the bucket given there exists (\`aws s3api head-bucket --bucket <bucket>\`).`,
    });
    return;
  }
  const state = `s3://${bucket}/${key ?? '<key from -backend-config>'}${region ? ` (${region})` : ''}`;
  const partial = missing.length ? ` ${list(missing)} ${missing.length > 1 ? 'come' : 'comes'} from -backend-config.` : '';
  const endpoint = ctx.options.s3Endpoint || blockEndpoint(b) || process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL || undefined;
  const howTo = `\`aws s3api head-bucket --bucket ${bucket}${region ? ` --region ${region}` : ''}${endpoint ? ` --endpoint-url ${endpoint}` : ''}\``;
  if (!ctx.options.online) {
    // Offline nothing is known about the bucket: a note, not a failure, or every CI run of a repo
    // with an S3 backend would fail forever.
    ctx.report({
      ...where,
      severity: 'info',
      message: `Terraform state in ${state}: the bucket must exist before \`terraform init\`; check with ${howTo}. Not checked: offline (run with --online to ask S3).${partial}`,
    });
    return;
  }
  const target: ProbeTarget = {
    bucket,
    region: region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    endpoint,
    profile: literal(b, 'profile'),
  };
  const r = await probe(ctx.workspace, target);
  const via = endpoint ? ` at ${endpoint}` : '';
  const head = `Terraform state bucket "${bucket}" (${state})`;
  switch (r.status) {
    case 'exists':
      return;
    case 'missing':
      ctx.report({ ...where, message: `${head}: the bucket does not exist (HeadBucket${via}: 404). \`terraform init\` will fail: create it (with versioning) or point the backend at the right bucket.${partial}` });
      return;
    case 'forbidden':
      ctx.report({ ...where, message: `${head}: the bucket exists but is not accessible with these credentials (HeadBucket${via}: 403). Terraform needs s3:ListBucket on it and s3:GetObject/PutObject on the key; check the credentials or the bucket policy.${partial}` });
      return;
    case 'moved':
      ctx.report({ ...where, message: `${head}: the bucket is in ${r.region ? `region ${r.region}` : 'another region'}, not ${target.region} (HeadBucket${via}: 301). Set region = "${r.region ?? '…'}" in the backend.${partial}` });
      return;
    default:
      ctx.report({ ...where, severity: 'info', message: `${head}: could not check the bucket (${r.reason}${via}); whether it exists is unknown. Check with ${howTo}.${partial}` });
  }
}
