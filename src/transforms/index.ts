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
import unusedIgnore from './unused-ignore/index.js';

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
  unusedIgnore,
];

export const RULE_IDS = RULES.map((r) => r.meta.id);

/**
 * Rule categories, for `--only dockerfile`, `--skip kubernetes` and `guardfix rules`: what a rule
 * is about, one each. A rule not named here falls in the category of its first language.
 */
const CATEGORY_OF: Record<string, string> = {
  'python-version': 'dockerfile',
  'non-root-user': 'dockerfile',
  healthcheck: 'dockerfile',
  'apt-cleanup': 'dockerfile',
  'multi-stage-build': 'dockerfile',
  'duplicate-print': 'python',
  'parallel-io': 'python',
  'http-pooling': 'python',
  // uvicorn's shutdown timeout in the CMD and the pod's preStop serve the app's shutdown code
  'graceful-shutdown': 'python',
  'middleware-stack': 'python',
  'service-account-name': 'kubernetes',
  'irsa-annotation': 'kubernetes',
  'terraform-backend': 'terraform',
  'readme-helm': 'docs',
  'unused-ignore': 'general',
};
const BY_LANGUAGE: Record<string, string> = { dockerfile: 'dockerfile', python: 'python', yaml: 'kubernetes', terraform: 'terraform', markdown: 'docs', javascript: 'javascript', text: 'python' };

export function categoryOf(rule: Rule): string {
  return CATEGORY_OF[rule.meta.id] ?? BY_LANGUAGE[rule.meta.languages[0]] ?? 'general';
}

/** category → its rule ids, in registry order */
export const CATEGORIES: Record<string, string[]> = {};
for (const r of RULES) (CATEGORIES[categoryOf(r)] ??= []).push(r.meta.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}

const guardfix: Plugin = {
  url: import.meta.url,
  rules: RULES,
  categories: CATEGORIES,
  shared: [terraformAccountsFact],
  learn: learnReference,
};
export default guardfix;
