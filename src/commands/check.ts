import { statSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { run, UsageError } from '../engine/run.js';
import { renderText } from '../report/text.js';
import { renderJson } from '../report/json.js';
import { exitCode } from '../report/summary.js';
import { renderSarif } from '../report/sarif.js';
import { renderMarkdown } from '../report/markdown.js';
import { loadConfig, ConfigError } from '../engine/config.js';

export interface CheckFlags {
  write: boolean;
  unsafe: boolean;
  only?: string[];
  skip?: string[];
  format: 'text' | 'json' | 'sarif' | 'markdown';
  config?: string;
  reference?: string;
  color: boolean;
  quiet: boolean;
  online: boolean;
  s3Endpoint?: string;
}

function configSearchStart(path: string): string {
  const abs = resolve(path);
  try {
    return statSync(abs).isDirectory() ? abs : dirname(abs);
  } catch {
    return process.cwd();
  }
}

export async function check(paths: string[], f: CheckFlags): Promise<number> {
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  if (f.write) process.on('SIGINT', onSigint);
  try {
    // Like ESLint, the configuration belongs to the code: search from the first scanned path up.
    const config = loadConfig(configSearchStart(paths[0]), f.config);
    const result = await run({
      paths,
      config,
      reference: f.reference,
      write: f.write,
      unsafe: f.unsafe,
      only: f.only,
      skip: f.skip,
      check: { online: f.online, s3Endpoint: f.s3Endpoint },
      shouldStop: () => interrupted,
    });
    const out =
      f.format === 'json' ? renderJson(result, f) : f.format === 'sarif' ? renderSarif(result) : f.format === 'markdown' ? renderMarkdown(result, f) : renderText(result, f);
    process.stdout.write(out);
    return exitCode(result, f.write);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      process.stderr.write(`guardfix: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
