import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { writeFileAtomic } from './write-file-atomic.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('writes the file with mode 0600 (tightening a looser one) and leaves no temp file', async () => {
  const file = join(dir, 'aegis-llm.config.json');
  writeFileSync(file, '{}\n', { mode: 0o644 });
  chmodSync(file, 0o644);
  await writeFileAtomic(file, '{"a":1}\n');
  expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(readdirSync(dir)).toEqual(['aegis-llm.config.json']);
});

test('creates the file and its directory when missing', async () => {
  const file = join(dir, 'nested', 'config.json');
  await writeFileAtomic(file, '{}\n');
  expect(readFileSync(file, 'utf8')).toBe('{}\n');
});

test('a failure before the rename leaves the old content and no temp file', async () => {
  const file = join(dir, 'config.json');
  writeFileSync(file, '{"old":true}\n');
  await expect(
    writeFileAtomic(file, '{"new":true}\n', {
      rename: async () => {
        throw new Error('disk full');
      },
    }),
  ).rejects.toThrow('disk full');
  expect(readFileSync(file, 'utf8')).toBe('{"old":true}\n');
  expect(readdirSync(dir)).toEqual(['config.json']);
});

test('readers racing many writes only ever see a whole file', async () => {
  const file = join(dir, 'config.json');
  await writeFileAtomic(file, JSON.stringify({ n: 0, pad: 'x'.repeat(200_000) }));
  let reading = true;
  const seen: number[] = [];
  const reader = (async () => {
    while (reading) seen.push((JSON.parse(await readFile(file, 'utf8')) as { n: number }).n);
  })();
  for (let n = 1; n <= 25; n += 1) await writeFileAtomic(file, JSON.stringify({ n, pad: 'x'.repeat(200_000) }));
  reading = false;
  await reader;
  expect(seen.length).toBeGreaterThan(0);
  expect((JSON.parse(readFileSync(file, 'utf8')) as { n: number }).n).toBe(25);
});

test('a symlinked config file keeps its link; the write goes to the target', async () => {
  const target = join(dir, 'real.json');
  const link = join(dir, 'link.json');
  writeFileSync(target, '{}\n');
  symlinkSync(target, link);
  await writeFileAtomic(link, '{"via":"link"}\n');
  expect(lstatSync(link).isSymbolicLink()).toBe(true);
  expect(readFileSync(target, 'utf8')).toBe('{"via":"link"}\n');
});
