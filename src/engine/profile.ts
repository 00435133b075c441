// The production pattern rules compare against. Built-in defaults; the config file and
// --reference override them.
export interface Profile {
  /** target CPython version for base images, "3.11" or "3.11.9" */
  pythonVersion: string;
  /** files larger than this are skipped with a message */
  maxFileBytes: number;
  /** readme-helm: the release and environment of `./deploy.sh <release> <env>` (the seed's `guardian-services dev`) */
  helmRelease: string;
  helmEnvironment: string;
  /**
   * readme-helm: how the fleet deploys. 'auto' reads the workspace (a Chart.yaml, or a deploy
   * script or CI job that runs helm); 'helm' says so when the charts live elsewhere; 'kubectl'
   * silences the rule.
   */
  deployWith: 'auto' | 'helm' | 'kubectl';
  /** the account the final image runs as (non-root-user); `uid` is also the group id */
  user: { name: string; uid: number };
  /** HEALTHCHECK options written by the healthcheck rule (Docker duration strings) */
  healthcheck: { interval: string; timeout: string; startPeriod: string; retries: number };
  /** how multi-stage-build carries pip's packages from the builder: `pip install --prefix=/install`, the site-packages folder, or a venv */
  multiStageCopy: 'prefix' | 'site-packages' | 'venv';
  /** graceful-shutdown: seconds uvicorn gives in-flight requests, the pod's preStop sleep, and the pod's termination budget (must exceed both) */
  shutdown: { graceSeconds: number; preStopSleepSeconds: number; terminationGracePeriodSeconds: number };
  /** middleware-stack: where rate limiting is enforced; 'gateway' silences the per-service finding */
  rateLimiting: 'service' | 'gateway';
}

export const DEFAULT_PROFILE: Profile = {
  pythonVersion: '3.11',
  maxFileBytes: 2 * 1024 * 1024,
  helmRelease: 'guardian-services',
  helmEnvironment: 'dev',
  deployWith: 'auto',
  user: { name: 'app', uid: 10001 },
  healthcheck: { interval: '30s', timeout: '10s', startPeriod: '5s', retries: 3 },
  multiStageCopy: 'prefix',
  shutdown: { graceSeconds: 20, preStopSleepSeconds: 5, terminationGracePeriodSeconds: 30 },
  rateLimiting: 'service',
};
