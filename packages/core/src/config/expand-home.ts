import path from 'node:path';

/**
 * A data directory as an absolute path: a leading `~` (alone or before a
 * separator) becomes `homeDir`; other relative paths are taken from `base`.
 * `~user` forms are not expanded (no portable way to look users up).
 */
export function expandHome(value: string, homeDir: string, base: string): string {
  if (value === '~') return homeDir;
  if (value.startsWith('~/') || value.startsWith('~\\')) return path.join(homeDir, value.slice(2));
  return path.resolve(base, value);
}
