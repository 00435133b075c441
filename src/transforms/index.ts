// The registry: every rule, by id. Static on purpose — no filesystem discovery at run time.
// One line per rule; a rule lives in src/transforms/<id>/ (index.ts, docs.ts, its own helpers).
// The default export is what the engine runs (engine/plugin.ts): these rules, the workspace facts
// they share across worker threads, and how a reference service is read.
import type { Rule } from '../engine/rule.js';
import type { Plugin } from '../engine/plugin.js';
import { terraformAccountsFact } from '../service/service-accounts.js';
import { learnReference } from '../service/reference.js';
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
import dbPooling from './db-pooling/index.js';
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
  dbPooling,
  readmeHelm,
  gracefulShutdown,
  middlewareStack,
];

export const RULE_IDS = RULES.map((r) => r.meta.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}

const guardfix: Plugin = {
  url: import.meta.url,
  rules: RULES,
  shared: [terraformAccountsFact],
  learn: learnReference,
};
export default guardfix;
