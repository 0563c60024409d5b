import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../ledger-record.js';
import { memoryLogger, sampleRecord, tempHomes } from '../test-support/ledger-fixtures.js';
import { readLastLines } from './read-last-lines.js';
import { replayLog } from './replay-log.js';

const homes = tempHomes();
afterAll(() => homes.removeAll());

/** Records with multi-byte model names, so lines and chunk edges fall inside characters. */
function records(count: number): LedgerRecord[] {
  return Array.from({ length: count }, (_, i) => sampleRecord(`id-${i}`, i, { model: `模型-${'é'.repeat(i % 50)}` }));
}

async function logFile(list: LedgerRecord[], tail = ''): Promise<string> {
  const file = join(await homes.make(), 'ledger-2026-11.jsonl');
  await writeFile(file, list.map((r) => `${JSON.stringify(r)}\n`).join('') + tail);
  return file;
}

describe('reading the JSONL log', () => {
  it('reads the last lines backwards across chunk edges (several 64 KB chunks)', async () => {
    const list = records(3000);
    const file = await logFile(list);
    const size = (await stat(file)).size;
    expect(size).toBeGreaterThan(4 * 64 * 1024);
    const last = await readLastLines(file, size, 2500);
    expect(last.map((line) => JSON.parse(line).id)).toEqual(
      list
        .slice(-2500)
        .reverse()
        .map((r) => r.id),
    );
    expect(JSON.parse(last[0]!)).toEqual(list.at(-1));
    expect(await readLastLines(file, size, 5000)).toHaveLength(3000);
    expect(await readLastLines(join(file, '..', 'missing.jsonl'), 100, 5)).toEqual([]);
  });

  it('replays from an offset across 1 MB chunks, cuts a torn tail and skips bad lines', async () => {
    const list = records(8000);
    const file = await logFile(list.slice(0, 4000), '{"not":"a record"}\n');
    await writeFile(
      file,
      (await readFile(file, 'utf8')) +
        list
          .slice(4000)
          .map((r) => `${JSON.stringify(r)}\n`)
          .join('') +
        '{"id":"torn","ti',
    );
    const size = (await stat(file)).size;
    expect(size).toBeGreaterThan(2 * 1024 * 1024);
    const firstLine = Buffer.byteLength(`${JSON.stringify(list[0])}\n`);
    const seen: string[] = [];
    const logger = memoryLogger();
    const result = await replayLog(file, firstLine, (r) => seen.push(r.id), logger);
    expect(seen).toEqual(list.slice(1).map((r) => r.id));
    expect(result).toMatchObject({ records: 7999, skipped: 1, tornBytes: Buffer.byteLength('{"id":"torn","ti') });
    expect(result.offset).toBe((await stat(file)).size);
    expect((await readFile(file, 'utf8')).endsWith('\n')).toBe(true);
    expect(logger.entries.map((e) => e.message)).toEqual([expect.stringContaining('not a valid record'), expect.stringContaining('torn last log line')]);
  });
});
