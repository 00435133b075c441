// The official SARIF 2.1.0 JSON schema, as embedded in Microsoft's SARIF multitool (an npm
// devDependency): read from its binary at test time, so no copy of it lives in this repository.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

export const MULTITOOL_BINARY = join(ROOT, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');

export function officialSarifSchema(): object {
  if (!existsSync(MULTITOOL_BINARY)) throw new Error(`the SARIF multitool is not installed (${MULTITOOL_BINARY}); run npm ci`);
  const bin = readFileSync(MULTITOOL_BINARY);
  const marker = Buffer.from('"title": "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"');
  const at = bin.indexOf(marker);
  if (at < 0) throw new Error('SARIF schema not found in the multitool binary');
  const start = bin.lastIndexOf('{', at);
  // Walk to the matching brace (the schema's strings contain no unbalanced braces inside quotes we must skip).
  let depth = 0;
  let inString = false;
  for (let i = start; i < bin.length; i++) {
    const c = bin[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b) depth++;
    else if (c === 0x7d && --depth === 0) return JSON.parse(bin.subarray(start, i + 1).toString('utf8'));
  }
  throw new Error('SARIF schema in the multitool binary is truncated');
}
