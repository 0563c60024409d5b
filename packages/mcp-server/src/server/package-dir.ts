import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = '@aegis-llm/mcp-server';

/**
 * This package's directory (packages/mcp-server, or node_modules/@aegis-llm/mcp-server
 * once installed): the nearest directory above this module whose package.json
 * is ours. Searched, not a fixed `../..`: the module runs from src/server
 * (tests), dist/server (tsc's output) and dist/chunks (the bundled command,
 * see ../build/bundle-cli.ts), at different depths.
 */
export function packageDir(from: string = import.meta.url): string {
  const start = path.dirname(fileURLToPath(from));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (isOurPackage(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`${PACKAGE_NAME}: no package.json of ours above ${start}`);
  }
}

function isOurPackage(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}
