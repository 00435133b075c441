import { run, UsageError } from '../engine/run.js';
import { renderText } from '../report/text.js';
import { renderJson } from '../report/json.js';
import { exitCode } from '../report/summary.js';

export interface CheckFlags {
  write: boolean;
  unsafe: boolean;
  only?: string[];
  skip?: string[];
  format: 'text' | 'json';
  color: boolean;
  quiet: boolean;
  online: boolean;
  s3Endpoint?: string;
}

export async function check(paths: string[], f: CheckFlags): Promise<number> {
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  if (f.write) process.on('SIGINT', onSigint);
  try {
    const result = await run({
      paths,
      write: f.write,
      unsafe: f.unsafe,
      only: f.only,
      skip: f.skip,
      check: { online: f.online, s3Endpoint: f.s3Endpoint },
      shouldStop: () => interrupted,
    });
    const out = f.format === 'json' ? renderJson(result, f) : renderText(result, f);
    process.stdout.write(out);
    return exitCode(result, f.write);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`guardfix: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
