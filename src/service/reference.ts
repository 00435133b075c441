// --reference DIR: learn the profile from a production service instead of the built-in defaults.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { discover } from '../engine/discover.js';
import { Workspace } from '../engine/workspace.js';
import { DEFAULT_PROFILE, type Profile } from '../engine/profile.js';
import { factsOf, type ServiceFacts } from './facts.js';
import { UsageError } from '../engine/errors.js';
import type { Reference as LearnedReference } from '../engine/plugin.js';

export interface Reference extends LearnedReference {
  facts: ServiceFacts;
}

export function learnReference(dir: string, cwd: string): Reference {
  const abs = resolve(cwd, dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new UsageError(`--reference ${dir}: not a folder`);
  const ws = new Workspace(discover([abs]).files, abs, [abs], DEFAULT_PROFILE.maxFileBytes);
  // The folder itself must be the service: learning from the first service found below it would
  // silently take a yardstick nobody chose.
  const svc = ws.services.find((s) => s.dir === abs);
  if (!svc?.dockerfile) throw new UsageError(`--reference ${dir}: not a service (no Dockerfile of its own)`);
  const facts = factsOf(svc);
  return { dir: abs, facts, profile: profileFrom(facts) };
}

/** Facts → profile values, for the profile fields that exist (rules add their own fields). */
function profileFrom(f: ServiceFacts): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  const known = DEFAULT_PROFILE as unknown as Record<string, unknown>;
  const set = (path: string, value: unknown) => {
    if (value === undefined) return;
    const keys = path.split('.');
    let target: Record<string, unknown> = p;
    let shape: unknown = known;
    for (const [i, k] of keys.entries()) {
      if (!shape || typeof shape !== 'object' || !(k in (shape as object))) return; // no such profile field
      shape = (shape as Record<string, unknown>)[k];
      if (i === keys.length - 1) target[k] = value;
      else target = (target[k] ??= {}) as Record<string, unknown>;
    }
  };
  set('pythonVersion', f.pythonVersion);
  set('multiStageCopy', f.copyPattern);
  // The UID is policy (runAsNonRoot checks it); the reference's account name is its own, not ours.
  set('user.uid', f.user?.uid);
  set('healthcheck.interval', f.healthcheck?.interval);
  set('healthcheck.timeout', f.healthcheck?.timeout);
  set('healthcheck.startPeriod', f.healthcheck?.startPeriod);
  set('healthcheck.retries', f.healthcheck?.retries);
  set('rateLimiting', f.rateLimiting);
  // A reference whose README deploys with Helm says the fleet does (its chart may live elsewhere).
  if (f.deployDocs === 'Helm') set('deployWith', 'helm');
  return p;
}

export type { Profile };
