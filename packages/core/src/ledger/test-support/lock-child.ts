/**
 * A process contending for one file lock (acquire-file-lock.multi-process.test.ts),
 * run as `node --import ./register-ts-hooks.ts lock-child.ts '<json>'`.
 *
 * Loops until killed: take the lock, do a read-modify-write of a counter file
 * with a pause in the middle (two holders at once lose an update), release,
 * print `done`; a holder that finds at its fence that the lock was taken
 * over (it stalled) writes nothing and prints `lost`. So `done` lines <= the counter <= `done` lines + the kills of
 * holders after their write: a counter below the `done` count means two
 * processes held the lock at once.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireFileLock } from '../embedded/acquire-file-lock.js';

interface LockChildArgs {
  lockPath: string;
  counterPath: string;
  staleMs: number;
  /** Epoch ms to begin at, so every child contends for the same stale lock at once. */
  startAt: number;
  holdMs: number;
  /** Every 5th hold, block the event loop this long before writing (a stalled holder, taken over meanwhile). */
  stallMs?: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as LockChildArgs;
await sleep(Math.max(0, args.startAt - Date.now()));
for (let n = 1; ; n += 1) {
  const lock = await acquireFileLock({
    lockPath: args.lockPath,
    staleMs: args.staleMs,
    timeoutMs: 60_000,
    onCompromised: (error) => process.stderr.write(`compromised: ${error.message}\n`),
  });
  const before = Number((await readFile(args.counterPath, 'utf8').catch(() => '0')) || '0');
  await sleep(args.holdMs);
  if (args.stallMs !== undefined && n % 5 === 0) {
    const until = Date.now() + args.stallMs;
    while (Date.now() < until);
  }
  try {
    // What a ledger commit does before each write it cannot undo.
    await lock.assertHeld();
  } catch {
    process.stdout.write('lost\n');
    await lock.release();
    continue;
  }
  // Temp file + rename: a kill mid-write must not read back as 0.
  await writeFile(`${args.counterPath}.${process.pid}.tmp`, String(before + 1));
  await rename(`${args.counterPath}.${process.pid}.tmp`, args.counterPath);
  await lock.release();
  process.stdout.write('done\n');
}
