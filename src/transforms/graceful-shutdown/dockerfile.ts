// The image's server command: a bounded graceful shutdown for in-flight requests.
import type { Edit, Report } from '../../engine/types.js';
import type { DockerDoc } from '../../languages/dockerfile.js';
import type { Service } from '../../engine/workspace.js';
import { insertBefore, keyword } from '../../languages/dockerfile-edit.js';
import { GRACE_FLAG, UVICORN_ENV, uvicornSupport, type Launcher } from './launcher.js';

function appendFlag(l: Launcher, flag: string, n: number): Edit | undefined {
  if (!l.append) return undefined;
  const { at, style, sep } = l.append;
  const text = style === 'json' ? `${sep}"${flag}"${sep}"${n}"` : ` ${flag} ${n}`;
  return { start: at, end: at, text };
}

export function checkDockerfile(doc: DockerDoc, l: Launcher, service: Service | undefined, n: number, report: (r: Report) => void): void {
  if (l.server === 'python' || l.elsewhere || l.grace !== undefined) return;
  const { start, end } = doc.range(l.ins.getRange());
  const kw = l.ins.getKeyword();
  if (l.server === 'gunicorn') {
    const edit = appendFlag(l, GRACE_FLAG.gunicorn, n);
    report({
      start,
      end,
      message: `gunicorn in ${kw} has no ${GRACE_FLAG.gunicorn}: its default (30 s) leaves no room for the pod's preStop sleep inside Kubernetes' 30 s budget; give in-flight requests ${n} s.${edit ? '' : ' No automatic fix: the server is not the last command of the instruction.'}`,
      fix: edit ? { title: `Add ${GRACE_FLAG.gunicorn} ${n}`, applicability: 'safe', edits: [edit] } : undefined,
    });
    return;
  }
  const base = `uvicorn in ${kw} has no ${GRACE_FLAG.uvicorn}: on SIGTERM (every rollout) it waits for in-flight requests with no limit, until Kubernetes kills the pod and the app's shutdown code never runs; give them ${n} s`;
  const { support, spec } = uvicornSupport(service);
  if (support === 'yes') {
    const edit = appendFlag(l, GRACE_FLAG.uvicorn, n);
    report({
      start,
      end,
      message: `${base}.${edit ? '' : ' No automatic fix: uvicorn is not the last command of the instruction.'}`,
      fix: edit ? { title: `Add ${GRACE_FLAG.uvicorn} ${n}`, applicability: 'safe', edits: [edit] } : undefined,
    });
    return;
  }
  // uvicorn before 0.22 exits on an unknown flag but ignores an unknown variable: the variable
  // works wherever the flag would, and breaks nothing where it would not.
  const reqs = spec ? `The requirements (${spec})` : 'Nothing in the requirements';
  const why =
    support === 'no'
      ? `${reqs} pin a uvicorn older than 0.22, which has no such option, so the fix sets ${UVICORN_ENV} instead: it takes effect once uvicorn is upgraded to 0.22+`
      : `${spec ? `${reqs} do not guarantee` : 'No requirement guarantees'} uvicorn 0.22+, the first version with this option (older ones refuse to start with it), so the fix sets ${UVICORN_ENV} instead: 0.22+ reads it, older versions ignore it. Require uvicorn>=0.22 to be sure it applies`;
  const body = `# Seconds in-flight requests get after SIGTERM (uvicorn 0.22+ reads this; older versions ignore it)\n${doc.indentOf(l.ins.getRange().start.line)}${keyword(doc, 'ENV')} ${UVICORN_ENV}=${n}`;
  report({
    start,
    end,
    message: `${base}. ${why}.`,
    fix: { title: `Set ${UVICORN_ENV}=${n}`, applicability: 'safe', edits: [insertBefore(doc, l.ins, body)] },
  });
}
