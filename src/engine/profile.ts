// The production pattern rules compare against. Built-in defaults; the config file and
// --reference override them.
export interface Profile {
  /** target CPython version for base images, "3.11" or "3.11.9" */
  pythonVersion: string;
  /** files larger than this are skipped with a message */
  maxFileBytes: number;
}

export const DEFAULT_PROFILE: Profile = {
  pythonVersion: '3.11',
  maxFileBytes: 2 * 1024 * 1024,
};
