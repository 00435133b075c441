// Request draining in a workload manifest: a preStop sleep on the server's container (so the
// endpoint leaves Services and load balancers before SIGTERM) and a termination budget that
// covers the sleep plus the server's own graceful shutdown. Edits are text inserted at the
// mapping's indentation — the YAML is never re-serialised, comments and layout stay.
import { isMap, isScalar, isSeq, type Pair, type YAMLMap, type Node as YamlNode } from 'yaml';
import type { Edit, Report } from '../../engine/types.js';
import { k8sObjects, nodeAt, podSpec, replaceScalar, str, type K8sObject } from '../../languages/k8s.js';
import type { YamlDoc } from '../../languages/yaml.js';
import { GRACE_FLAG, UVICORN_ENV } from './launcher.js';

export interface Budget {
  /** seconds the server gives in-flight requests, and where that number comes from */
  grace: number;
  graceFrom: string;
  preStop: number;
  termination: number;
  /** the image has no `sleep` binary (distroless): use the kubelet's own sleep action (Kubernetes 1.30+) */
  sleepAction?: boolean;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

const lineStart = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
const column = (text: string, at: number) => at - lineStart(text, at);

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => str(p.key as YamlNode) === key) as Pair | undefined;
}

/** Lines at a column; the first line of `lines` starts at `at`, which is a line start. */
function block(lines: string[], col: number): string {
  return lines.map((l) => ' '.repeat(col) + l).join('\n') + '\n';
}

/** Before a key's line, above the comment lines that sit on it at its column. */
function beforeKey(text: string, pair: Pair, lines: string[]): Edit {
  const keyAt = (pair.key as YamlNode).range![0];
  const col = column(text, keyAt);
  let at = lineStart(text, keyAt);
  while (at > 0) {
    const prev = lineStart(text, at - 1);
    const line = text.slice(prev, at - 1);
    if (!/^\s*#/.test(line) || line.length - line.trimStart().length !== col) break;
    at = prev;
  }
  return { start: at, end: at, text: block(lines, col) };
}

/** After a block mapping's last entry, at the column of its keys. */
function atEnd(text: string, map: YAMLMap, lines: string[]): Edit | undefined {
  const first = map.items[0]?.key as YamlNode | undefined;
  if (!first?.range || !map.range) return undefined;
  const col = column(text, first.range[0]);
  const end = map.range[1];
  if (end > 0 && text[end - 1] === '\n') return { start: end, end, text: block(lines, col) };
  return { start: end, end, text: '\n' + block(lines, col).replace(/\n$/, '') };
}

/** The file's nesting step: how far a block mapping's keys sit from their parent's key (2 if none shows). */
function step(text: string, root: unknown): number {
  const visit = (n: unknown): number | undefined => {
    if (isSeq(n)) {
      for (const i of n.items) {
        const d = visit(i);
        if (d) return d;
      }
    }
    if (!isMap(n) || n.flow) return undefined;
    for (const p of n.items) {
      const v = p.value;
      const k = (p.key as YamlNode)?.range;
      const inner = isMap(v) && !v.flow ? (v.items[0]?.key as YamlNode | undefined)?.range : undefined;
      if (k && inner && column(text, inner[0]) > column(text, k[0])) return column(text, inner[0]) - column(text, k[0]);
      const d = visit(v);
      if (d) return d;
    }
    return undefined;
  };
  return visit(root) ?? 2;
}

function sleepOf(preStop: YamlNode | undefined): number | undefined {
  const seconds = nodeAt(preStop, ['sleep', 'seconds']);
  if (isScalar(seconds) && typeof seconds.value === 'number') return seconds.value;
  const cmd = nodeAt(preStop, ['exec', 'command']);
  if (!isSeq(cmd)) return undefined;
  const words = cmd.items.map((i) => str(i as YamlNode) ?? '').join(' ');
  const m = /(?:^|\s|\/)sleep\s+(\d+)/.exec(words);
  return m ? Number(m[1]) : undefined;
}

/** The server's container: the only one, or the one named like the workload or the service. */
function mainContainer(pod: YAMLMap, names: string[]): YAMLMap | undefined {
  const list = pod.get('containers', true);
  if (!isSeq(list)) return undefined;
  const maps = list.items.filter((i): i is YAMLMap => isMap(i));
  return maps.find((m) => names.includes(str(m.get('name', true) as YamlNode) ?? '')) ?? maps[0];
}

// Images of datastores, brokers and proxies that sit beside a service in its manifests (a
// StatefulSet of postgres:13): they are not the Python server, and their shutdown is their own.
const OTHER_IMAGES = /^(postgres(ql)?|postgis|mysql|mariadb|mongo(db)?|redis|valkey|memcached|rabbitmq|kafka|zookeeper|cassandra|elasticsearch|opensearch|kibana|minio|etcd|consul|vault|nginx|nginx-unprivileged|httpd|envoy|haproxy|traefik|caddy|prometheus|grafana|influxdb|neo4j|busybox|pgbouncer|cloud-sql-proxy|cloudsql-proxy)$/;

function imageName(c: YAMLMap): string | undefined {
  const image = str(c.get('image', true) as YamlNode);
  return image?.replace(/@.*$/, '').replace(/:[^/]*$/, '').split('/').pop();
}

/** A container that runs something else than a web server (a worker, a job, a database): no traffic to drain. */
function notAServer(c: YAMLMap): boolean {
  const image = imageName(c);
  if (image && OTHER_IMAGES.test(image)) return true;
  const cmd = c.get('command', true);
  if (!isSeq(cmd) || !cmd.items.length) return false;
  const text = cmd.items.map((i) => str(i as YamlNode) ?? '').join(' ');
  return !/\b(uvicorn|gunicorn|hypercorn|daphne|granian)\b|\.py\b|-m\s+\w*app/.test(text);
}

/** A container that starts uvicorn itself (command/args) without a graceful timeout. */
function overriddenCommand(c: YAMLMap): string | undefined {
  const words = ['command', 'args'].flatMap((k) => {
    const s = c.get(k, true);
    return isSeq(s) ? s.items.map((i) => str(i as YamlNode) ?? '') : [];
  });
  const text = words.join(' ');
  if (!/\buvicorn\b/.test(text) || text.includes(GRACE_FLAG.uvicorn)) return undefined;
  const env = c.get('env', true);
  if (isSeq(env) && env.items.some((e) => isMap(e) && str(e.get('name', true) as YamlNode) === UVICORN_ENV)) return undefined;
  return text;
}

export function checkManifest(text: string, y: YamlDoc, names: string[], budget: Budget, report: (r: Report) => void): void {
  for (const obj of k8sObjects(y)) {
    if (!WORKLOADS.has(obj.kind)) continue;
    const pod = podSpec(obj);
    if (!pod) continue;
    const c = mainContainer(pod, [obj.name ?? '', ...names]);
    if (!c || notAServer(c)) continue;
    const label = `${obj.kind} ${obj.name ?? ''}`.trim();
    const cname = str(c.get('name', true) as YamlNode) ?? 'its container';
    const preStop = nodeAt(c, ['lifecycle', 'preStop']);
    const sleep = preStop ? (sleepOf(preStop) ?? 0) : budget.preStop;
    if (!preStop) reportPreStop(text, c, step(text, obj.doc.contents), cname, label, budget, report);
    reportBudget(text, obj, pod, label, sleep, budget, report);
    const cmd = overriddenCommand(c);
    if (cmd) {
      const at = (c.get('command', true) ?? c.get('args', true)) as YamlNode;
      report({
        start: at.range![0],
        end: at.range![1],
        message: `${label}: container "${cname}" starts uvicorn itself (${cmd}) without ${GRACE_FLAG.uvicorn}: add it (uvicorn 0.22+), or set ${UVICORN_ENV} in its env, so in-flight requests get ${budget.grace} s on SIGTERM (no automatic fix for commands in manifests).`,
      });
    }
  }
}

function reportPreStop(text: string, c: YAMLMap, s: number, cname: string, label: string, b: Budget, report: (r: Report) => void): void {
  const name = c.get('name', true) as YamlNode | undefined;
  const at = name?.range ?? c.range!;
  const pad = ' '.repeat(s);
  const hook = [
    'preStop:',
    `${pad}# Keep serving while the endpoint is removed from Services and load balancers; SIGTERM comes after`,
    ...(b.sleepAction ? [`${pad}sleep:`, `${pad}${pad}seconds: ${b.preStop}`] : [`${pad}exec:`, `${pad}${pad}command: ["sleep", "${b.preStop}"]`]),
  ];
  const lifecycle = c.get('lifecycle', true);
  let edit: Edit | undefined;
  if (c.flow) edit = undefined;
  else if (isMap(lifecycle) && !lifecycle.flow) edit = atEnd(text, lifecycle, hook);
  else if (!lifecycle) {
    const lines = ['lifecycle:', ...hook.map((l) => pad + l)];
    const probe = ['livenessProbe', 'readinessProbe', 'startupProbe'].map((k) => pairOf(c, k)).filter((p): p is Pair => !!p).sort((x, y) => (x.key as YamlNode).range![0] - (y.key as YamlNode).range![0])[0];
    edit = probe && c.items[0] !== probe ? beforeKey(text, probe, lines) : atEnd(text, c, lines);
  }
  report({
    start: at[0],
    end: at[1],
    message: `${label}: container "${cname}" has no preStop hook, so the pod gets SIGTERM while Services and load balancers still send it traffic, and those requests fail; add a ${b.preStop} s preStop sleep${edit ? '' : ' (no automatic fix: the container is written in flow style)'}.`,
    fix: edit ? { title: `Add a ${b.preStop} s preStop sleep`, applicability: 'safe', edits: [edit] } : undefined,
  });
}

function reportBudget(text: string, obj: K8sObject, pod: YAMLMap, label: string, sleep: number, b: Budget, report: (r: Report) => void): void {
  const need = sleep + b.grace;
  const target = Math.max(b.termination, need + 5);
  const pair = pairOf(pod, 'terminationGracePeriodSeconds');
  const why = `the preStop sleep (${sleep} s) plus ${b.graceFrom} (${b.grace} s) must fit in it, or the kubelet kills the pod mid-request`;
  if (pair) {
    const v = pair.value as YamlNode;
    const n = isScalar(v) ? Number(v.value) : NaN;
    if (!Number.isFinite(n) || n > need) return;
    report({
      start: v.range![0],
      end: v.range![1],
      message: `${label}: terminationGracePeriodSeconds is ${n}: ${why}; raise it to ${target}.`,
      fix: isScalar(v) ? { title: `Set terminationGracePeriodSeconds to ${target}`, applicability: 'safe', edits: [replaceScalar(v, String(target))] } : undefined,
    });
    return;
  }
  const containers = pairOf(pod, 'containers');
  const comment = `# preStop sleep (${sleep} s) + ${b.graceFrom} (${b.grace} s) fit in this budget`;
  const edit = pod.flow || !containers ? undefined : beforeKey(text, containers, [comment, `terminationGracePeriodSeconds: ${target}`]);
  const at = (containers?.key as YamlNode | undefined)?.range ?? obj.node.range!;
  report({
    start: at[0],
    end: at[1],
    severity: 30 > need ? 'low' : undefined,
    message: `${label}: no terminationGracePeriodSeconds (Kubernetes' default is 30 s): ${why}; state the budget next to the preStop sleep (${target} s)${30 > need ? '' : ' — the default is too short'}.`,
    fix: edit ? { title: `Set terminationGracePeriodSeconds to ${target}`, applicability: 'safe', edits: [edit] } : undefined,
  });
}
