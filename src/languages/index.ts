import type { Language, LanguageId } from '../engine/types.js';
import { dockerfile } from './dockerfile.js';
import { python } from './python.js';
import { markdown } from './markdown.js';
import { yaml } from './yaml.js';
import { terraform } from './terraform.js';
import { javascript } from './javascript.js';

/** Order matters: the first language that matches a path owns it. */
export const LANGUAGES: Language<any>[] = [dockerfile, python, markdown, yaml, terraform, javascript];

const byId = new Map<LanguageId, Language<any>>(LANGUAGES.map((l) => [l.id, l]));

export function languageFor(path: string): Language<any> | undefined {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const base = path.slice(slash + 1).toLowerCase();
  return LANGUAGES.find((l) => l.matches(base, path));
}

export function languageById(id: LanguageId): Language<any> | undefined {
  return byId.get(id);
}

const loaded = new Set<LanguageId>();
/** Awaits a language's heavy set-up once. */
export async function ensureLoaded(lang: Language<any>): Promise<void> {
  if (loaded.has(lang.id)) return;
  await lang.load?.();
  loaded.add(lang.id);
}
