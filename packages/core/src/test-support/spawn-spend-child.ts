/** Starts a gateway-spend-child.ts process (see there): `ready` once it touched the ledger, `go()` to start sending. */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SpendSummary } from './gateway-spend-child.js';

const here = dirname(fileURLToPath(import.meta.url));
const hooks = pathToFileURL(join(here, '../ledger/test-support/register-ts-hooks.ts')).href;
const childScript = join(here, 'gateway-spend-child.ts');

export interface SpendChild {
  ready: Promise<void>;
  go(): void;
  summary: Promise<SpendSummary>;
}

// Type stripping is not enough: the core has a parameter property (streams/with-relay.ts).
export function spawnSpendChild(args: Record<string, unknown>): SpendChild {
  const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', hooks, childScript, JSON.stringify(args)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith('ready\n')) onReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const summary = new Promise<SpendSummary>((resolve, reject) =>
    child.on('exit', (code) => {
      onReady();
      if (code !== 0) reject(new Error(`child exited ${code}:\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as SpendSummary);
    }),
  );
  return { ready, summary, go: () => child.stdin.end('go\n') };
}
