import path from 'node:path';

/** A file path as messages show it: `./name.json` inside `cwd`, absolute elsewhere. */
export function displayPath(file: string, cwd: string): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return absolute;
  return `./${relative.split(path.sep).join('/')}`;
}
