import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const LOOPBACK_PRELOAD = fileURLToPath(new URL('./loopback-listen.ts', import.meta.url));
/** Lines of Portkey's stderr kept for diagnosis (a failed stream logs its cause there, not in the reply). */
const KEPT_LINES = 40;

export interface PortkeyProcess {
  /** Its OpenAI-compatible base URL (`http://127.0.0.1:PORT/v1`). */
  baseURL: string;
  /** The headers that route a request to the upstream, as Portkey's docs show for a custom OpenAI-compatible host. */
  headers: Record<string, string>;
  version: string;
  child: ChildProcess;
  /** Portkey's last stderr lines. */
  recentErrors(): string[];
  close(): Promise<void>;
}

/** Where `@portkey-ai/gateway` (a root devDependency) puts its Node server; its package exports nothing else. */
export function portkeyServerPath(root: string): string {
  return join(root, 'node_modules/@portkey-ai/gateway/build/start-server.js');
}

/**
 * Portkey's open-source gateway in its own process, started as its README
 * starts it on Node (`npx @portkey-ai/gateway`, i.e. `build/start-server.js`)
 * with `--port=0` and `--headless` (no log console UI), and a preload that
 * keeps it on 127.0.0.1 and reports its port (loopback-listen.ts). It routes
 * by header: `x-portkey-provider: openai` with `x-portkey-custom-host` set to
 * the simulator's base URL (127.0.0.1 is one of its default trusted custom
 * hosts), the client's `Authorization` passed on as the provider key.
 */
export async function startPortkey(root: string, upstreamBaseURL: string): Promise<PortkeyProcess> {
  const server = portkeyServerPath(root);
  if (!existsSync(server)) throw new Error(`${server} is missing: run pnpm install`);
  const version = (JSON.parse(readFileSync(join(server, '../../package.json'), 'utf8')) as { version: string }).version;
  const home = await mkdtemp(join(tmpdir(), 'aegis-bench-portkey-'));
  const env = { PATH: process.env.PATH ?? '', HOME: home };
  const child = spawn(process.execPath, ['--import', LOOPBACK_PRELOAD, server, '--port=0', '--headless'], {
    env,
    cwd: home,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const recent: string[] = [];
  const lines = createInterface({ input: child.stderr! });
  const port = await new Promise<number>((resolve, reject) => {
    lines.on('line', (line) => {
      recent.push(line);
      if (recent.length > KEPT_LINES) recent.shift();
      const match = /^bench: listening on 127\.0\.0\.1:(\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`Portkey's gateway exited (${String(code)}): ${recent.join('\n')}`)));
  });
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    headers: { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': upstreamBaseURL },
    version,
    child,
    recentErrors: () => [...recent],
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit').catch(() => undefined);
      }
      await rm(home, { recursive: true, force: true });
    },
  };
}
