/**
 * A real redis-server for the Redis store tests: started on a free loopback
 * port in a temporary directory, killed after. Debian's `redis-server`
 * package provides it (.ci/run installs it). Without it the tests are skipped
 * with a message, except under CI=true, where a missing server fails the run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const BINARY = process.env.AEGIS_REDIS_SERVER ?? 'redis-server';

export interface RedisServer {
  /** `redis://127.0.0.1:<port>/0`. */
  readonly url: string;
  readonly port: number;
  /** SIGKILL, as a crash would; the data survives only with `appendonly`. */
  kill(): Promise<void>;
  /** Starts again on the same port and directory (after kill). */
  restart(): Promise<void>;
  /** Kills the server and removes its directory. */
  stop(): Promise<void>;
}

let checked: boolean | undefined;

/**
 * True when redis-server can run. Under CI=true a missing server throws, so
 * the suite fails instead of passing on skipped tests.
 */
export function hasRedisServer(): boolean {
  if (checked !== undefined) return checked;
  const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
  checked = probe.status === 0;
  if (!checked) {
    const message = `redis-server not found (${BINARY}): the Redis store tests need it (apt-get install -y redis-server)`;
    if (process.env.CI === 'true') throw new Error(`${message}; CI must install it.`);
    console.warn(`${message}; skipping them.`);
  }
  return checked;
}

export async function startRedisServer(options: { appendonly?: boolean } = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'aegis-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    // `always`: a write is on disk before Redis answers it. With `everysec`
    // a SIGKILL can lose the last second or two (Redis postpones AOF writes
    // while a background fsync runs), and the restart tests would be flaky.
    ...(options.appendonly === true ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
    '--daemonize',
    'no',
    '--logfile',
    '',
  ];
  let child: ChildProcess | undefined;
  const onExit = (): void => {
    child?.kill('SIGKILL');
  };
  process.once('exit', onExit);

  const start = async (): Promise<void> => {
    let output = '';
    child = spawn(BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    const deadline = Date.now() + 10_000;
    while (!(await pong(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`redis-server did not start on port ${port}:\n${output}`);
      }
      await sleep(20);
    }
  };
  const kill = async (): Promise<void> => {
    const running = child;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    kill,
    restart: async () => {
      await kill();
      await start();
    },
    stop: async () => {
      await kill();
      process.off('exit', onExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** True once the server answers PING with PONG (not LOADING while it replays its AOF). */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
