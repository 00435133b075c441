// The image's server command: a bounded graceful shutdown for in-flight requests.
import type { Edit, Report } from '../../engine/types.js';
import type { DockerDoc } from '../../languages/dockerfile.js';
import type { Service } from '../../engine/workspace.js';
import { insertBefore, keyword } from '../../languages/dockerfile-edit.js';
import { excluded, supports, unchecked } from '../../service/constructs.js';
import { GRACE_FLAG, UVICORN_ENV, type Launcher } from './launcher.js';

function appendFlag(l: Launcher, flag: string, n: number): Edit | undefined {
  if (!l.append) return undefined;
  const { at, style, sep } = l.append;
  const text = style === 'json' ? `${sep}"${flag}"${sep}"${n}"` : ` ${flag} ${n}`;
  return { start: at, end: at, text };
}

export function checkDockerfile(doc: DockerDoc, l: Launcher, service: Service | undefined, n: number, report: (r: Report) => void): void {
  if ((l.server !== 'uvicorn' && l.server !== 'gunicorn') || l.elsewhere || l.grace !== undefined) return;
  const { start, end } = doc.range(l.ins.getRange());
  const kw = l.ins.getKeyword();
  if (l.server === 'gunicorn') {
    const support = supports(service, 'gunicorn-graceful-timeout');
    const edit = support.status === 'no' ? undefined : appendFlag(l, GRACE_FLAG.gunicorn, n);
    const why = support.status === 'no' ? ` No automatic fix: ${excluded(support)}.` : edit ? '' : ' No automatic fix: the server is not the last command of the instruction.';
    const unsafe = edit && support.status === 'maybe' ? ` The fix is unsafe: ${unchecked(support)}.` : '';
    report({
      start,
      end,
      message: `gunicorn in ${kw} has no ${GRACE_FLAG.gunicorn}: its default (30 s) leaves no room for the pod's preStop sleep inside Kubernetes' 30 s budget; give in-flight requests ${n} s.${why}${unsafe}`,
      fix: edit ? { title: `Add ${GRACE_FLAG.gunicorn} ${n}`, applicability: support.status === 'yes' ? 'safe' : 'unsafe', edits: [edit] } : undefined,
    });
    return;
  }
  const base = `uvicorn in ${kw} has no ${GRACE_FLAG.uvicorn}: on SIGTERM (every rollout) it waits for in-flight requests with no limit, until Kubernetes kills the pod and the app's shutdown code never runs; give them ${n} s`;
  const support = supports(service, 'uvicorn-graceful-timeout');
  if (support.status === 'yes') {
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
  const why =
    support.status === 'no'
      ? `${cap(excluded(support))}, so the fix sets ${UVICORN_ENV} instead: it takes effect once uvicorn is upgraded to 0.22+`
      : `The flag is not written because ${unchecked(support)}; the fix sets ${UVICORN_ENV} instead: 0.22+ reads it, older versions ignore it. Require uvicorn>=0.22 to be sure it applies`;
  const body = `# Seconds in-flight requests get after SIGTERM (uvicorn 0.22+ reads this; older versions ignore it)\n${doc.indentOf(l.ins.getRange().start.line)}${keyword(doc, 'ENV')} ${UVICORN_ENV}=${n}`;
  report({
    start,
    end,
    message: `${base}. ${why}.`,
    fix: { title: `Set ${UVICORN_ENV}=${n}`, applicability: 'safe', edits: [insertBefore(doc, l.ins, body)] },
  });
}

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
