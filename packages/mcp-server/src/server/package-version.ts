import { readFileSync } from 'node:fs';

/** This package's version: `../package.json` is the package's own from both `src/` and `dist/`. */
export function packageVersion(): string {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
