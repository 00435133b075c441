// HeadBucket through the AWS SDK, for `--online` only: the SDK is imported here, lazily, so an
// offline run never loads it. Every outcome is a value (never a throw) and the whole probe is
// bounded in time, credentials lookup included.

export type Probe =
  | { status: 'exists' }
  | { status: 'missing' }
  | { status: 'forbidden' }
  | { status: 'moved'; region?: string }
  | { status: 'unreachable'; reason: string };

export interface ProbeTarget {
  bucket: string;
  region: string;
  /** custom S3 endpoint (path-style addressing is used with it) */
  endpoint?: string;
  /** shared-config profile named by the backend block */
  profile?: string;
}

export const PROBE_TIMEOUT_MS = 5000;

const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPROTO: 'TLS/protocol error',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
};

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string> };
  cause?: SdkError;
}

function describe(e: SdkError): Probe {
  const status = e.$metadata?.httpStatusCode;
  if (status === 404 || e.name === 'NotFound' || e.name === 'NoSuchBucket') return { status: 'missing' };
  if (status === 403 || e.name === 'Forbidden') return { status: 'forbidden' };
  if (status === 301 || e.name === 'PermanentRedirect') return { status: 'moved', region: e.$response?.headers?.['x-amz-bucket-region'] };
  const code = e.code ?? e.cause?.code;
  if (code && NETWORK[code]) return { status: 'unreachable', reason: `${NETWORK[code]} (${code})` };
  if (e.name === 'CredentialsProviderError' || /credential/i.test(e.message ?? '')) {
    return { status: 'unreachable', reason: 'no AWS credentials found (environment, shared config, SSO or instance role)' };
  }
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || code === 'ABORT_ERR') return { status: 'unreachable', reason: `no answer within ${PROBE_TIMEOUT_MS / 1000} s` };
  if (status) return { status: 'unreachable', reason: `HTTP ${status} (${e.name ?? 'error'})` };
  return { status: 'unreachable', reason: (e.message ?? String(e)).split('\n')[0] };
}

export async function headBucket(t: ProbeTarget): Promise<Probe> {
  if (t.endpoint) {
    try {
      new URL(t.endpoint);
    } catch {
      return { status: 'unreachable', reason: `the endpoint "${t.endpoint}" is not a URL` };
    }
  }
  // The SDK warns on stderr that its 2027 releases will need Node 22; guardfix pins the SDK and
  // supports Node 20, so that warning is noise in a linter's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { S3Client, HeadBucketCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    region: t.region,
    endpoint: t.endpoint,
    forcePathStyle: !!t.endpoint,
    profile: t.profile,
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 2000, requestTimeout: 3000 },
  });
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Probe>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve({ status: 'unreachable', reason: `no answer within ${PROBE_TIMEOUT_MS / 1000} s` });
    }, PROBE_TIMEOUT_MS);
  });
  const probe = client
    .send(new HeadBucketCommand({ Bucket: t.bucket }), { abortSignal: abort.signal })
    .then((): Probe => ({ status: 'exists' }), (e: SdkError) => describe(e));
  try {
    return await Promise.race([probe, deadline]);
  } finally {
    clearTimeout(timer);
    client.destroy();
  }
}
