import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_PATH } from './ensure-built.js';

export interface ServeProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT` */
  base: string;
  port: number;
  /** The printed token, when it was generated. */
  token?: string;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the built `aegis-llm serve --port 0` and waits for its start-up lines on stderr. */
export async function spawnServe(env: Record<string, string>, args: string[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI_PATH, 'serve', '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/Data {10}/.test(stderr) && stderr.includes('Providers configured')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${stderr}`));
    });
  });
  const port = Number(/MCP endpoint {2}http:\/\/127\.0\.0\.1:(\d+)\/mcp/.exec(stderr)?.[1]);
  const token = /Token {9}(\S+) {3}\((?:generated|from )/.exec(stderr)?.[1];
  if (stdout !== '') throw new Error(`serve wrote to stdout: ${stdout}`);
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    port,
    token,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
