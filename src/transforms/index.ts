// The registry: every rule, by id. Static on purpose — no filesystem discovery at run time.
// One line per rule; the file of a rule is src/transforms/<id>.ts.
import type { Rule } from '../engine/types.js';
import pythonVersion from './python-version/index.js';
import duplicatePrint from './duplicate-print/index.js';
import parallelIo from './parallel-io/index.js';
import serviceAccountName from './service-account-name/index.js';
import irsaAnnotation from './irsa-annotation/index.js';
import terraformBackend from './terraform-backend/index.js';
import nonRootUser from './non-root-user/index.js';
import healthcheck from './healthcheck/index.js';
import aptCleanup from './apt-cleanup/index.js';
import multiStageBuild from './multi-stage-build/index.js';
import httpPooling from './http-pooling/index.js';
import readmeHelm from './readme-helm/index.js';
import gracefulShutdown from './graceful-shutdown/index.js';
import middlewareStack from './middleware-stack/index.js';

export const RULES: Rule[] = [
  pythonVersion,
  duplicatePrint,
  parallelIo,
  serviceAccountName,
  irsaAnnotation,
  terraformBackend,
  nonRootUser,
  healthcheck,
  aptCleanup,
  multiStageBuild,
  httpPooling,
  readmeHelm,
  gracefulShutdown,
  middlewareStack,
];

export const RULE_IDS = RULES.map((r) => r.meta.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
