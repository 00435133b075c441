// The shell of a documentation code block, read with tree-sitter-bash: its top-level
// statements, and which of them deploy manifests with `kubectl apply|create -f/-k`.
import { parseShell } from '../../languages/shell.js';
import type { Node } from '../../languages/tree-sitter.js';

export interface Kubectl {
  /** offsets in the analysed script */
  start: number;
  end: number;
  files: string[];
  namespace?: string;
  /** flags that pick a cluster or identity (--context, --kubeconfig, …), as written */
  cluster: string[];
}

export type Statement =
  | { kind: 'comment'; first: number; last: number; text: string }
  | { kind: 'deploy'; first: number; last: number; deploy: Kubectl }
  /** a deploy inside a longer command line (`a && kubectl apply …`) */
  | { kind: 'compound'; first: number; last: number; deploys: Kubectl[] }
  /** kubectl apply in a statement the parser could not read, or inside a loop, function or condition */
  | { kind: 'broken'; first: number; last: number; start: number; end: number; why: string }
  /** anything else: its commands' words, to tell whether it depends on the directory */
  | { kind: 'other'; first: number; last: number; commands: string[][] };

const VALUE_FLAGS = new Set([
  '-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token',
  '-l', '--selector', '-o', '--output', '--field-manager', '--timeout', '-f', '--filename', '-k',
  '--kustomize', '--prune-allowlist', '--as', '--as-group', '--certificate-authority', '--client-certificate',
  '--client-key', '--request-timeout', '--cache-dir', '--template', '--grace-period', '-v', '--v',
]);
const CLUSTER_FLAGS = new Set(['--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token', '--as']);
const REMOTE = /^(?:https?:|git@|git::|github\.com\/)/;
// Cluster prerequisites that charts leave out on purpose (Helm never upgrades CRDs; secrets are
// often applied out of band): applying only these is not deploying the service.
const PREREQUISITE = /(?:^|[/_.-])(?:crds?|customresourcedefinitions?|secrets?|sealed-?secrets?|namespaces?)(?:[/_.-]|$)/i;

/** Statements whose kubectl deploy can be replaced in place by one command. */
const INLINE = new Set(['list', 'pipeline', 'redirected_statement', 'negated_command']);

const kids = (n: Node): Node[] => n.namedChildren.filter(Boolean) as Node[];

/** A shell word as the shell would pass it (quotes removed; expansions kept as written). */
function unquote(n: Node): string {
  switch (n.type) {
    case 'raw_string':
      return n.text.slice(1, -1);
    case 'string':
      return n.text.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
    case 'concatenation':
      return kids(n).map(unquote).join('');
    case 'word':
    case 'command_name':
      return n.text.replace(/\\(.)/g, '$1');
    default:
      return n.text;
  }
}

export function commandWords(cmd: Node): string[] {
  return kids(cmd)
    .filter((c) => !['variable_assignment', 'file_redirect', 'herestring_redirect', 'comment'].includes(c.type))
    .map((c) => (c.type === 'command_name' ? unquote(kids(c)[0] ?? c) : unquote(c)));
}

/** The kubectl arguments of a command, past wrappers such as sudo or `minikube kubectl --`. */
function kubectlArgs(words: string[]): string[] | undefined {
  let w = words;
  if (w[0] === 'sudo' || w[0] === 'command') {
    w = w.slice(1);
    while (w[0]?.startsWith('-')) w = w.slice(1);
  }
  if (w[0] === 'microk8s' && w[1] === 'kubectl') w = w.slice(1);
  if (w[0] === 'minikube' && w[1] === 'kubectl') w = w[2] === '--' ? w.slice(2) : w.slice(1);
  if (!w[0] || !/(^|\/)kubectl$/.test(w[0])) return undefined;
  return w.slice(1);
}

/** A manifest deploy (`kubectl apply|create -f <local files>` / `-k <dir>`), else undefined. */
export function parseKubectl(cmd: Node): Kubectl | undefined {
  const args = kubectlArgs(commandWords(cmd));
  if (!args) return undefined;
  const k: Kubectl = { start: cmd.startIndex, end: cmd.endIndex, files: [], cluster: [] };
  let verb: string | undefined;
  let positional = 0;
  let dryRun = false;
  const take = (flag: string, value: string | undefined) => {
    if (value === undefined) return;
    if (flag === '-n' || flag === '--namespace') k.namespace = value;
    else if (flag === '-f' || flag === '--filename' || flag === '-k' || flag === '--kustomize') k.files.push(value);
    else if (CLUSTER_FLAGS.has(flag)) k.cluster.push(`${flag} ${value}`);
    else if (flag === '--dry-run') dryRun = value !== 'none';
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--') && a.includes('=')) take(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
    else if (a === '--dry-run') dryRun = true;
    else if (VALUE_FLAGS.has(a)) take(a, args[++i]);
    else if (/^-[nfk]./.test(a)) take(a.slice(0, 2), a.slice(a[2] === '=' ? 3 : 2));
    else if (a.startsWith('-') && a !== '-') continue;
    else if (!verb) verb = a;
    else positional++;
  }
  if (verb !== 'apply' && verb !== 'create') return undefined;
  // `apply view-last-applied`, `create secret …`: not a manifest deploy. Stdin, URLs and
  // dry runs install or preview something else than the service.
  if (positional || !k.files.length || dryRun || k.files.some((f) => f === '-' || REMOTE.test(f))) return undefined;
  if (k.files.every((f) => PREREQUISITE.test(f))) return undefined;
  return k;
}

function descendants(n: Node, type: string, out: Node[] = []): Node[] {
  for (const c of kids(n)) {
    if (c.type === type) out.push(c);
    descendants(c, type, out);
  }
  return out;
}

/** Top-level statements of a script, with the (0-based) lines they span. */
export function statements(script: string): Statement[] {
  const tree = parseShell(script);
  const out: Statement[] = [];
  for (const n of kids(tree.rootNode)) {
    const first = n.startPosition.row;
    const last = n.endPosition.column === 0 && n.endPosition.row > first ? n.endPosition.row - 1 : n.endPosition.row;
    if (n.type === 'comment') {
      out.push({ kind: 'comment', first, last, text: n.text });
      continue;
    }
    if (n.hasError) {
      const t = n.text;
      if (/\bkubectl\b[\s\S]*\b(apply|create)\b[\s\S]*(\s-[fk]|--filename|--kustomize)/.test(t)) {
        out.push({ kind: 'broken', first, last, start: n.startIndex, end: n.endIndex, why: 'a kubectl line does not parse as shell' });
      } else out.push({ kind: 'other', first, last, commands: [['?']] });
      continue;
    }
    if (n.type === 'command') {
      const deploy = parseKubectl(n);
      out.push(deploy ? { kind: 'deploy', first, last, deploy } : { kind: 'other', first, last, commands: [commandWords(n)] });
      continue;
    }
    const deploys = descendants(n, 'command').map(parseKubectl).filter((d): d is Kubectl => !!d);
    if (deploys.length && !INLINE.has(n.type)) {
      // Replacing a deploy inside a loop would run the Helm deploy once per iteration.
      out.push({ kind: 'broken', first, last, start: deploys[0].start, end: deploys[0].end, why: `the kubectl deploy is inside a ${n.type.replace(/_/g, ' ')}` });
      continue;
    }
    const commands = descendants(n, 'command').map(commandWords);
    out.push(deploys.length ? { kind: 'compound', first, last, deploys } : { kind: 'other', first, last, commands: commands.length ? commands : [['?']] });
  }
  return out;
}

const CWD_FREE = new Set(['echo', 'printf', 'curl', 'wget', 'watch', 'sleep', 'export', 'aws', 'gcloud', 'az', 'open', 'xdg-open', 'true', 'stern', 'k9s']);

/** Whether a command can run from any directory (so a `cd` before it does not break it). */
export function cwdFree(words: string[]): boolean {
  const args = kubectlArgs(words);
  if (args) return !args.some((a) => /^(-[fk]|--filename|--kustomize)/.test(a));
  if (words[0] === 'helm') return !words.some((a) => /^(-f|--values|--set-file)/.test(a) || a.startsWith('.'));
  return CWD_FREE.has(words[0] ?? '');
}
