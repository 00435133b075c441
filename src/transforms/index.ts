// The registry: every rule, by id. Static on purpose — no filesystem discovery at run time.
// One line per rule; the file of a rule is src/transforms/<id>.ts.
import type { Rule } from '../engine/types.js';
import pythonVersion from './python-version.js';
import duplicatePrint from './duplicate-print.js';
import parallelIo from './parallel-io.js';
import serviceAccountName from './service-account-name.js';
import irsaAnnotation from './irsa-annotation.js';
import terraformBackend from './terraform-backend.js';
import nonRootUser from './non-root-user.js';
import healthcheck from './healthcheck.js';
import aptCleanup from './apt-cleanup.js';
import multiStageBuild from './multi-stage-build.js';
import httpPooling from './http-pooling.js';
import readmeHelm from './readme-helm.js';
import gracefulShutdown from './graceful-shutdown.js';
import middlewareStack from './middleware-stack.js';

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
