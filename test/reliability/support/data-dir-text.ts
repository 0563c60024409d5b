import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir`, concatenated (to look for a secret that should not be there). */
export function dataDirText(dir: string): string {
  if (!existsSync(dir)) return '';
  const read = (at: string): string =>
    readdirSync(at, { withFileTypes: true })
      .map((entry) => (entry.isDirectory() ? read(join(at, entry.name)) : readFileSync(join(at, entry.name), 'latin1')))
      .join('\n');
  return read(dir);
}

/** Names of the files under `dir` holding any of `secrets`. */
export function filesHolding(dir: string, secrets: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (secrets.some((secret) => readFileSync(path, 'latin1').includes(secret))) found.push(path);
    }
  };
  walk(dir);
  return found;
}
