import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const SIMULATOR_CLI = fileURLToPath(new URL('../../test/simulator/cli.ts', import.meta.url));

export interface SimulatorProcess {
  /** OpenAI-compatible base URL (`http://127.0.0.1:PORT/v1`). */
  baseURL: string;
  /** Replaces the default scenario (e.g. `{ chunks: 2000 }`) over the control API. */
  setDefault(scenario: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The simulator in its own process, not in the measuring one. Both the bare
 * SDK baseline and the gateway are clients in this process; an in-process
 * simulator would run every request's server half on the same event loop, so
 * each measured request would also pay for (and queue behind) the upstream's
 * work, and at concurrency 256 the two would interleave unpredictably. In its
 * own process the upstream runs on the other core, as a remote upstream would,
 * and what differs between baseline and gateway is the client side only.
 * Request recording is off (`--request-log-limit 0`): the log is for tests.
 */
export async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, [SIMULATOR_CLI, '--port', '0', '--request-log-limit', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => String(line).trim()),
    once(child, 'exit').then(([code]) => {
      throw new Error(`simulator exited (code ${String(code)}) before printing its URL`);
    }),
  ]);
  lines.close();
  const baseURL = first;
  const origin = new URL(baseURL).origin;
  return {
    baseURL,
    async setDefault(scenario) {
      const response = await fetch(`${origin}/__sim/default`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scenario }),
      });
      if (!response.ok) throw new Error(`simulator refused the scenario: ${await response.text()}`);
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
