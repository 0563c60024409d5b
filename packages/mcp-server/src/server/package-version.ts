import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageDir } from './package-dir.js';

/** This package's version, from its package.json. */
export function packageVersion(): string {
  try {
    const text = readFileSync(path.join(packageDir(), 'package.json'), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
