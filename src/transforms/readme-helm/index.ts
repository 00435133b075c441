import { basename, dirname, relative, resolve, sep } from 'node:path';
import { defineTransform } from '../define.js';
import type { Edit } from '../../engine/types.js';
import type { RuleContext } from '../../engine/rule.js';
import { LineIndex } from '../../engine/line-index.js';
import type { MarkdownDoc } from '../../languages/markdown.js';
import { loadShell } from '../../languages/shell.js';
import { codeBlocks, type CodeBlock } from '../../languages/markdown-code.js';
import { cwdFree, statements, type Kubectl, type Statement } from './kubectl.js';
import { deployTarget, exists, manifestNamespace, type Target } from './target.js';
import { docs } from './docs.js';

const SHELL = new Set(['bash', 'sh', 'shell', 'zsh', 'ksh', 'console', 'shell-session', 'shellsession', 'sh-session', 'terminal']);
const SESSION = new Set(['console', 'shell-session', 'shellsession', 'sh-session', 'terminal']);
const PROMPT = /^([ \t]*[$%] )/;
const DEPLOY_COMMENT = /kubernetes|\bk8s\b|kubectl|manifest|\bapply\b/i;
// Records of what was done, not instructions: rewriting them would falsify history.
const HISTORICAL_FILE = /^(?:changelog|changes|history|news|releases?|release[-_ ]?notes)(?:[-_.][^/]*)?\.(?:md|markdown)$/i;
const HISTORICAL_DIR = /(?:^|\/)(?:adrs?|decisions|rfcs?)\//i;

/** A code block's text as a shell script: prompts, session output and `<placeholders>` masked, lengths kept. */
function script(block: CodeBlock): { text: string; output: boolean[] } | undefined {
  const lang = block.lang?.toLowerCase();
  const lines = block.mappable ? block.lines.map((l) => l.text) : block.node.value.split('\n');
  if (lang ? !SHELL.has(lang) : !lines.every(shellLooking)) return undefined;
  const session = (lang && SESSION.has(lang)) || lines.some((l) => PROMPT.test(l));
  const output = lines.map(() => false);
  let continued = false;
  const masked = lines.map((l, i) => {
    const p = PROMPT.exec(l);
    let out = l;
    if (p) out = ' '.repeat(p[1].length) + l.slice(p[1].length);
    else if (session && continued) out = l.replace(/^[ \t]*> /, (m) => ' '.repeat(m.length));
    else if (session && l.trim() !== '') {
      output[i] = true; // a transcript's output line
      out = ' '.repeat(l.length);
    }
    continued = !output[i] && /\\$/.test(l);
    // `<namespace>` is a placeholder in docs, not a redirection.
    return out.replace(/(?<!<)<([A-Za-z][\w.:/-]*)>/g, (_, w: string) => `_${w}_`);
  });
  return { text: masked.join('\n'), output };
}

function shellLooking(l: string, i: number, all: string[]): boolean {
  if (l.trim() === '' || (i > 0 && /\\$/.test(all[i - 1]))) return true;
  if (/^\s*[\w.-]+:(\s|$)/.test(l)) return false; // YAML
  return /^\s*(?:[$%] )?(?:#.*|[\w./~-]+(?:=\S*)?(?:\s.*)?)$/.test(l);
}

/** A word that was a masked `<placeholder>`, as the docs wrote it. */
const unmask = (w: string) => w.replace(/^_([A-Za-z][\w.:/-]*)_$/, '<$1>');

const q = (p: string) => (/^[\w./@+-]+$|^<[\w.:/-]+>$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`);
const posix = (p: string) => p.split(sep).join('/');

export default defineTransform<MarkdownDoc>({
  meta: {
    id: 'readme-helm',
    languages: ['markdown'],
    context: ['yaml'],
    severity: 'high',
    category: 'Deployment Docs',
    summary: 'Docs deploy with the fleet\'s Helm chart / deploy.sh, not `kubectl apply -f`',
    fix: 'sometimes',
    applicability: 'safe',
    sources: ['seed issue 6', 'seed Fix 2'],
    docs,
  },
  async check(ctx) {
    const rel = ctx.file.rel;
    if (ctx.profile.deployWith === 'kubectl') return; // the fleet says kubectl is its way
    if (HISTORICAL_FILE.test(basename(rel)) || HISTORICAL_DIR.test(rel)) return;
    // Every block is judged by its kubectl commands, and a code block's text is the document's
    // own (no escapes or entities in code): without the word, no block can fire, and the
    // Markdown is never parsed.
    if (!mentionsKubectl(ctx.text)) return;
    await loadShell();
    for (const block of codeBlocks(ctx.doc, ctx.text)) checkBlock(ctx, block);
  },
});

/** The pre-screen for `\bkubectl\b` in a block's script (which masks, but never adds, text). */
export const mentionsKubectl = (text: string) => text.includes('kubectl');

function checkBlock(ctx: RuleContext<MarkdownDoc>, block: CodeBlock) {
  const sh = script(block);
  if (!sh || !/\bkubectl\b/.test(sh.text)) return;
  const stmts = statements(sh.text);
  const deploys = stmts.filter((s) => s.kind === 'deploy' || s.kind === 'compound' || s.kind === 'broken');
  if (!deploys.length) return;
  // A block that already deploys with Helm applies extras (secrets, CRDs) on purpose.
  const helm = (c: string[]) => (c[0] === 'helm' && (c[1] === 'upgrade' || c[1] === 'install')) || /(^|\/)deploy\.sh$/.test(c[0] ?? '');
  if (stmts.some((s) => s.kind === 'other' && s.commands.some(helm))) return;

  const si = new LineIndex(sh.text);
  const src = (o: number) => {
    const l = si.lineOf(o);
    return block.lines[l] && block.mappable ? block.lines[l].start + (o - si.lineStart(l)) : block.node.position!.start.offset!;
  };
  const firstDeploy = deploys[0];
  const at = firstDeploy.kind === 'broken' ? firstDeploy : firstDeploy.kind === 'deploy' ? firstDeploy.deploy : firstDeploy.deploys[0];
  const where = { start: src(at.start), end: src(at.end) };
  const all = deploys.flatMap((s) => (s.kind === 'deploy' ? [s.deploy] : s.kind === 'compound' ? s.deploys : []));
  const shown = (block.mappable ? ctx.text.slice(where.start, where.end) : sh.text.slice(at.start, at.end)).replace(/[ \t]*\\\n[ \t>]*/g, ' ');
  const head = `Deploys with \`${shown}\`${deploys.length > 1 ? ` (and ${deploys.length - 1} more kubectl command${deploys.length > 2 ? 's' : ''})` : ''}, but the fleet deploys with Helm`;

  const readmeDir = dirname(ctx.file.path);
  const service = ctx.service?.name ?? basename(readmeDir);
  const target = deployTarget(ctx.workspace, readmeDir, service);
  if (target.kind === 'none') {
    // Only where the workspace (or the profile) shows Helm deploys: kubectl docs are right elsewhere.
    const helm = target.helm ?? (ctx.profile.deployWith === 'helm' ? 'profile.deployWith is "helm"' : undefined);
    if (!helm) return;
    ctx.report({ ...where, severity: 'low', message: `${head} (${helm}); ${target.why}, so guardfix does not rewrite these docs (it never points docs at something that does not exist).` });
    return;
  }
  const blockers = [
    !block.closed && 'the code fence is never closed (the block runs to the end of the file)',
    !block.mappable && 'guardfix could not map the block\'s lines back to the file (tabs or lazy continuation lines)',
    ...deploys.map((s) => s.kind === 'broken' && s.why),
  ].filter(Boolean);
  const base = baseDir(ctx, stmts, all, readmeDir);
  const plan = planDeploy(ctx, target, base, all);
  const targetName = target.kind === 'script' ? posix(ctx.workspace.display(target.script)) : `chart ${posix(ctx.workspace.display(target.chart.dir))}`;
  if (blockers.length || !base) {
    const why = blockers.length ? blockers.join('; ') : 'a `cd` in the block goes somewhere guardfix cannot follow';
    ctx.report({ ...where, message: `${head} (${targetName}): use \`${plan.oneLine}\`. No autofix: ${why}.` });
    return;
  }
  const edits = rewrite(block, sh.output, stmts, deploys, plan, src);
  const unsafe = plan.unsafe.length ? ` The fix is unsafe: ${plan.unsafe.join('; ')}.` : '';
  ctx.report({
    ...where,
    message: `${head} (${targetName}): use \`${plan.oneLine}\`.${unsafe}`,
    fix: { title: `Deploy with ${plan.oneLine}`, applicability: plan.unsafe.length ? 'unsafe' : 'safe', edits },
  });
}

/**
 * The folder the block's commands run in. kubectl's file arguments tell: the first of the
 * README's folder and its parents (up to the scanned root) where they all exist. `cd <dir>`
 * statements before the deploy move it; undefined when a `cd` cannot be followed.
 */
function baseDir(ctx: RuleContext, stmts: Statement[], all: Kubectl[], readmeDir: string): string | undefined {
  let cwd = '.';
  for (const s of stmts) {
    if (s.kind !== 'other') {
      if (s.kind !== 'comment') break;
      continue;
    }
    for (const c of s.commands) {
      if (c[0] !== 'cd') continue;
      if (!c[1] || /[$~`]/.test(c[1]) || c[1] === '-') return undefined;
      cwd = `${cwd}/${c[1]}`;
    }
  }
  const root = ctx.workspace.rootOf(readmeDir) ?? ctx.workspace.displayRoot;
  const files = all.flatMap((k) => k.files).filter((f) => !/[$`*?]/.test(f));
  for (let d = readmeDir; ; d = dirname(d)) {
    const b = resolve(d, cwd);
    if (files.length && files.every((f) => exists(ctx.workspace, resolve(b, f)))) return b;
    if (d === root || dirname(d) === d || !d.startsWith(root)) break;
  }
  return resolve(readmeDir, cwd);
}

interface Plan {
  lines: string[];
  oneLine: string;
  unsafe: string[];
}

function planDeploy(ctx: RuleContext, target: Exclude<Target, { kind: 'none' }>, base: string | undefined, all: Kubectl[]): Plan {
  const from = base ?? dirname(ctx.file.path);
  const cluster = [...new Set(all.flatMap((k) => k.cluster))];
  const namespaces = [...new Set(all.map((k) => k.namespace).filter((n): n is string => !!n))].map(unmask);
  const unsafe: string[] = [];
  if (target.kind === 'script') {
    const dir = posix(relative(from, dirname(target.script)));
    const run = `./deploy.sh ${q(ctx.profile.helmRelease)} ${q(ctx.profile.helmEnvironment)}`;
    if (cluster.length) unsafe.push(`the kubectl command chose its cluster (${cluster.join(' ')}) and deploy.sh decides that itself`);
    if (namespaces.length) unsafe.push(`the kubectl command deployed into namespace ${namespaces.join(', ')} and deploy.sh decides that itself`);
    return { lines: dir ? [`cd ${q(dir)}`, run] : [run], oneLine: dir ? `(cd ${q(dir)} && ${run})` : run, unsafe };
  }
  const chart = posix(relative(from, target.chart.dir)) || '.';
  const ns = namespaces.length === 1 ? namespaces[0] : manifestNamespace(ctx.workspace, all.flatMap((k) => k.files).map((f) => resolve(from, f)));
  const flags: string[] = [];
  for (const c of cluster) {
    const [flag, value] = c.split(' ');
    if (flag === '--context') flags.push(`--kube-context ${q(value)}`);
    else if (flag === '--kubeconfig') flags.push(`--kubeconfig ${q(value)}`);
    else unsafe.push(`helm has no equivalent of kubectl's ${flag} here`);
  }
  if (namespaces.length > 1) unsafe.push(`the kubectl commands used several namespaces (${namespaces.join(', ')})`);
  if (target.guess) unsafe.push(target.guess);
  const cmd = [`helm upgrade --install ${q(target.chart.name)} ${q(chart.startsWith('.') ? chart : `./${chart}`)}`, ns && `--namespace ${q(ns)}`, ...flags].filter(Boolean).join(' ');
  return { lines: [cmd], oneLine: cmd, unsafe };
}

/** The edits: the first run of deploy lines becomes the Helm deploy, later ones go, compound lines change in place. */
function rewrite(block: CodeBlock, output: boolean[], stmts: Statement[], deploys: Statement[], plan: Plan, src: (o: number) => number): Edit[] {
  const edits: Edit[] = [];
  const lines = block.lines;
  const end = (s: Statement) => {
    let last = s.last;
    while (output[last + 1]) last++; // a transcript's output of the removed command goes with it
    return last;
  };
  const standalone = deploys.filter((s) => s.kind === 'deploy');
  // A run: standalone deploys with only comments between them.
  const run: Statement[] = [];
  if (standalone.length) {
    const i0 = stmts.indexOf(standalone[0]);
    for (let i = i0; i < stmts.length; i++) {
      const s = stmts[i];
      if (s.kind === 'deploy') run.push(s);
      else if (s.kind !== 'comment') break;
    }
  }
  const later = stmts.slice(run.length ? stmts.indexOf(run[run.length - 1]) + 1 : 0);
  const cwdLater = later.some((s) => s.kind === 'compound' || (s.kind === 'other' && !s.commands.every(cwdFree)));
  if (run.length) {
    const first = run[0].first;
    const last = end(run[run.length - 1]);
    const prompt = PROMPT.exec(lines[first].text)?.[1] ?? '';
    const indent = /^[ \t]*/.exec(lines[first].text.slice(prompt.length))![0];
    const body = cwdLater ? [plan.oneLine] : plan.lines;
    const text = body.map((l, i) => (i === 0 ? '' : lines[first].prefix) + (i === 0 ? '' : prompt + indent) + l).join('\n');
    edits.push({ start: lines[first].start + prompt.length + indent.length, end: lines[last].end, text });
  }
  const firstStmt = stmts.indexOf(deploys[0]);
  const above = stmts[firstStmt - 1];
  if (above?.kind === 'comment' && above.last === deploys[0].first - 1 && DEPLOY_COMMENT.test(above.text)) {
    const l = lines[above.first];
    const hash = l.text.indexOf('#');
    edits.push({ start: l.start + hash, end: l.end, text: '# Deploy using Helm' });
  }
  for (const s of deploys) {
    if (run.includes(s)) continue;
    if (s.kind === 'deploy') {
      const a = lines[s.first];
      const b = lines[end(s)];
      edits.push(b.end < block.node.position!.end.offset! ? { start: a.lineStart, end: b.end + 1, text: '' } : { start: a.lineStart - 1, end: b.end, text: '' });
    } else if (s.kind === 'compound') {
      for (const k of s.deploys) edits.push({ start: src(k.start), end: src(k.end), text: plan.oneLine });
    }
  }
  return edits;
}
