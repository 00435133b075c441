import { readFileSync } from 'node:fs';

/** From package.json, read once (dist/ and src/ both sit one level below it). */
export const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
