import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadServerToken, TOKEN_FILE_NAME } from './load-server-token.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'aegis-token-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadServerToken', () => {
  it('generates a token into the data directory with mode 0600, and the next start reads the same one', () => {
    const home = path.join(dir, 'data');
    const first = loadServerToken(home);
    expect(first).toMatchObject({ created: true, file: path.join(home, TOKEN_FILE_NAME) });
    expect(first.token).toMatch(/^[\w-]{32}$/);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.file, 'utf8')).toBe(`${first.token}\n`);
    const second = loadServerToken(home);
    expect(second).toEqual({ token: first.token, file: first.file, created: false });
  });

  it('tightens a kept file readable by others, and replaces one that holds no token', () => {
    const file = path.join(dir, TOKEN_FILE_NAME);
    const kept = 'k'.repeat(40);
    writeFileSync(file, `${kept}\n`);
    chmodSync(file, 0o644);
    expect(loadServerToken(dir)).toMatchObject({ token: kept, created: false });
    expect(statSync(file).mode & 0o777).toBe(0o600);

    writeFileSync(file, 'short\n');
    const replaced = loadServerToken(dir);
    expect(replaced.created).toBe(true);
    expect(replaced.token).not.toBe('short');
    expect(readFileSync(file, 'utf8').trim()).toBe(replaced.token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
