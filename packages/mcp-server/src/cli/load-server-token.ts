import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, openSync, readFileSync, closeSync, writeSync, statSync } from 'node:fs';
import path from 'node:path';

/** The file in the data directory that keeps a generated server token across restarts. */
export const TOKEN_FILE_NAME = 'server-token';

export interface ServerToken {
  token: string;
  /** Where it is kept. */
  file: string;
  /** Made at this start (else read from the file). */
  created: boolean;
}

/** A token as generated: 24 random bytes, base64url (32 characters). Shorter text in the file is not one of ours. */
const TOKEN_SHAPE = /^[\w-]{32,512}$/;

/**
 * The server token when AEGIS_LLM_TOKEN is not set: the one kept in the data
 * directory, or a new one written there (mode 0600, created exclusively so
 * two starts never keep different tokens). A restart no longer logs the
 * admin out. A file with looser permissions is tightened; one that does
 * not hold a token is replaced.
 */
export function loadServerToken(home: string): ServerToken {
  const file = path.join(home, TOKEN_FILE_NAME);
  const kept = readToken(file);
  if (kept !== undefined) return { token: kept, file, created: false };
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const token = randomBytes(24).toString('base64url');
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another start wrote one just now, or the file held no token: that start's wins, else ours replaces it.
    const raced = readToken(file);
    if (raced !== undefined) return { token: raced, file, created: false };
    fd = openSync(file, 'w', 0o600);
  }
  try {
    writeSync(fd, `${token}\n`);
  } finally {
    closeSync(fd);
  }
  chmodSync(file, 0o600);
  return { token, file, created: true };
}

function readToken(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
  if (!TOKEN_SHAPE.test(text)) return undefined;
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return text;
}
