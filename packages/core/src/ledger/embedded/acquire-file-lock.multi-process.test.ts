/**
 * The ledger's cross-process lock holds one holder at a time where it is
 * hardest: several processes finding the same stale lock at once (every
 * gateway restarting after a crash), and holders killed with SIGKILL while
 * they hold it, again and again. Each child (test-support/lock-child.ts) does
 * a read-modify-write of a counter under the lock; two holders at once lose
 * an update, which shows as a counter below the critical sections finished.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempHomes } from '../test-support/ledger-fixtures.js';

const homes = tempHomes();
afterAll(() => homes.removeAll());

const here = dirname(fileURLToPath(import.meta.url));
const hooks = pathToFileURL(join(here, '../test-support/register-ts-hooks.ts')).href;
const childScript = join(here, '../test-support/lock-child.ts');

interface Contender {
  child: ChildProcess;
  done: () => number;
  lost: () => number;
  stderr: () => string;
  exited: Promise<void>;
}

function startContender(args: Record<string, unknown>): Contender {
  const child = spawn(process.execPath, ['--import', hooks, childScript, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let done = 0;
  let lost = 0;
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    done += chunk.toString().split('done\n').length - 1;
    lost += chunk.toString().split('lost\n').length - 1;
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, done: () => done, lost: () => lost, stderr: () => stderr, exited };
}

const readCounter = (path: string): number => Number(readFileSync(path, 'utf8'));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('acquireFileLock across processes', () => {
  it('six processes finding one stale lock at once: one takes it over, then one holder at a time', async () => {
    const dir = await homes.make();
    const lockPath = join(dir, 'ledger.lock');
    const counterPath = join(dir, 'counter');
    let finished = 0;
    let counter = 0;
    // Several rounds: each starts on a lock a dead process left an hour ago.
    for (let round = 0; round < 3; round += 1) {
      mkdirSync(lockPath, { recursive: true });
      const old = new Date(Date.now() - 3_600_000);
      utimesSync(lockPath, old, old);
      const startAt = Date.now() + 2_000;
      const contenders = Array.from({ length: 6 }, () => startContender({ lockPath, counterPath, staleMs: 2_000, startAt, holdMs: 3 }));
      // Until enough sections are done for a lost update to show (a loaded machine starts six processes slowly).
      const until = Date.now() + 20_000;
      while (contenders.reduce((sum, c) => sum + c.done(), 0) < 15 && Date.now() < until) await sleep(50);
      for (const c of contenders) c.child.kill('SIGKILL');
      await Promise.all(contenders.map((c) => c.exited));
      finished += contenders.reduce((sum, c) => sum + c.done(), 0);
      counter = finished === 0 ? 0 : readCounter(counterPath);
      expect(counter, `round ${round}: ${finished} critical sections finished, the counter says ${counter}`).toBeGreaterThanOrEqual(finished);
      // At most one kill per child landed between its write and its `done`.
      expect(counter).toBeLessThanOrEqual(finished + 6 * (round + 1));
    }
    expect(finished).toBeGreaterThanOrEqual(45);
    // Takeover leaves nothing behind but the lock a killed holder kept.
    expect(readdirSync(dir).filter((name) => name.startsWith('ledger.lock.'))).toEqual([]);
  }, 90_000);

  it('a holder that stalls past the stale time is taken over, and writes nothing at its fence', async () => {
    const dir = await homes.make();
    const lockPath = join(dir, 'ledger.lock');
    const counterPath = join(dir, 'counter');
    const startAt = Date.now() + 2_000;
    const contenders = Array.from({ length: 3 }, () => startContender({ lockPath, counterPath, staleMs: 300, startAt, holdMs: 2, stallMs: 700 }));
    const until = Date.now() + 25_000;
    while (contenders.reduce((sum, c) => sum + c.lost(), 0) < 2 && Date.now() < until) await sleep(50);
    await sleep(300);
    for (const c of contenders) c.child.kill('SIGKILL');
    await Promise.all(contenders.map((c) => c.exited));
    const finished = contenders.reduce((sum, c) => sum + c.done(), 0);
    const lost = contenders.reduce((sum, c) => sum + c.lost(), 0);
    const counter = readCounter(counterPath);
    expect(lost, 'the stalls were taken over').toBeGreaterThan(0);
    expect(counter, `${finished} sections finished, the counter says ${counter}`).toBeGreaterThanOrEqual(finished);
    expect(counter).toBeLessThanOrEqual(finished + 3);
    expect(contenders.map((c) => c.stderr()).join('')).toContain('compromised');
  }, 45_000);
});
