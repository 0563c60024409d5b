import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { createSimulatorClient, type SimulatorClient } from '@aegis-llm/simulator';

export interface SimulatorProcess {
  baseURL: string;
  client: SimulatorClient;
  stop(): Promise<void>;
}

/**
 * The simulator as its own process (its CLI), the way n8n reaches an upstream:
 * over HTTP from another process. Scripted through the control API.
 */
export async function startSimulatorProcess(repoRoot: string, node: string, apiKey: string): Promise<SimulatorProcess> {
  const child = spawn(node, [join(repoRoot, 'test', 'simulator', 'cli.ts'), '--port', '0', '--api-key', apiKey], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const baseURL = await firstLine(child, 15_000).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`simulator did not start: ${String(error)} ${stderr}`);
  });
  return {
    baseURL,
    client: createSimulatorClient(baseURL),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error('no stdout'));
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`no base URL within ${timeoutMs} ms`)), timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}`));
    });
  });
}
