import { statSync } from 'node:fs';

/**
 * Size in bytes; a missing file is empty. Synchronous, like the rest of a
 * commit's small file calls (open-embedded-store.ts).
 */
export function fileSize(file: string): number {
  return statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}
