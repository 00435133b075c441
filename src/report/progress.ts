// A one-line progress indicator on stderr, for a person at a terminal waiting on a long run.
// Drawn from the run's own callbacks, not a timer: the checks are synchronous work that a timer
// would not interrupt. Nothing is drawn during the first second, so quick runs stay clean.

export interface Progress {
  update(p: { done: number; total: number; services: number }): void;
  /** erases the line (before the report, a prompt, or an error) */
  clear(): void;
}

const NONE: Progress = { update() {}, clear() {} };
const ERASE = '\r\u001b[2K';

export function progressFor(
  stream: NodeJS.WriteStream,
  opts: { enabled: boolean; delayMs?: number; everyMs?: number; now?: () => number },
): Progress {
  if (!opts.enabled) return NONE;
  const now = opts.now ?? Date.now;
  const start = now();
  const delay = opts.delayMs ?? 1000;
  const every = opts.everyMs ?? 80;
  let drawn = false;
  let last = -Infinity;
  return {
    update({ done, total, services }) {
      const t = now();
      if (t - start < delay || (t - last < every && done < total)) return;
      last = t;
      const cols = stream.columns || 80;
      const line = `guardfix: checked ${done}/${total} files · ${services} service${services === 1 ? '' : 's'}`;
      stream.write(ERASE + line.slice(0, cols - 1));
      drawn = true;
    },
    clear() {
      if (drawn) stream.write(ERASE);
      drawn = false;
    },
  };
}

/** A person watches this stream: a terminal, not CI, not TERM=dumb. */
export function isInteractiveTerminal(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return !!stream.isTTY && !env.CI && env.TERM !== 'dumb';
}
