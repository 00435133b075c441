// Whole-process measurements: wall time and peak RSS of one child process.
//
// Peak RSS comes from the kernel when GNU time is installed (`/usr/bin/time -f %M` reports
// ru_maxrss from wait4, exact and covering every thread of the child). Without it we poll
// /proc/<pid>/status for VmHWM, the kernel's own high-water mark of the process: it is
// monotonic, so polling only misses growth after the last sample.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync, rmSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';
export const rssMethod = existsSync(GNU_TIME) ? 'GNU time (ru_maxrss from wait4)' : '/proc/<pid>/status VmHWM, polled every 10 ms';

/** Runs `cmd args` in `cwd` with stdout/stderr discarded; resolves { ms, rssMB, code }. */
export function measure(cmd, args, cwd, env = process.env) {
  const scratch = mkdtempSync(join(tmpdir(), 'guardfix-measure-'));
  const timeOut = join(scratch, 'time');
  const useTime = existsSync(GNU_TIME);
  const argv = useTime ? [GNU_TIME, '-f', '%M', '-o', timeOut, cmd, ...args] : [cmd, ...args];
  // Output goes to a file, not a pipe: both tools then pay the same, synchronous, write cost.
  const outFd = openSync(join(scratch, 'stdout'), 'w');
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', outFd, 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let hwm = 0;
    const poll = useTime
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) hwm = Math.max(hwm, +m[1]);
          } catch {
            // the process is gone
          }
        }, 10);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (poll) clearInterval(poll);
      closeSync(outFd);
      let kb = hwm;
      if (useTime) {
        // GNU time prints "Command exited with non-zero status N" before the number.
        const lines = readFileSync(timeOut, 'utf8').trim().split('\n');
        kb = Number(lines[lines.length - 1]);
      }
      const stdout = readFileSync(join(scratch, 'stdout'), 'utf8');
      rmSync(scratch, { recursive: true, force: true });
      resolve({ ms, rssMB: kb / 1024, code: code ?? -1, stderr, stdout });
    });
  });
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** `reps` runs of one command, one after the other; the median time and the largest RSS. */
export async function repeat(reps, cmd, args, cwd, env = process.env) {
  const runs = [];
  for (let i = 0; i < reps; i++) runs.push(await measure(cmd, args, cwd, env));
  return { ms: median(runs.map((r) => r.ms)), min: Math.min(...runs.map((r) => r.ms)), rssMB: Math.max(...runs.map((r) => r.rssMB)), runs };
}
