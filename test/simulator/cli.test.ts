import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args.ts';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

describe('parseCliArgs', () => {
  it('maps flags to simulator options and a default scenario', () => {
    expect(
      parseCliArgs([
        '--port',
        '0',
        '--api-key',
        'K',
        '--latency-ms',
        '5',
        '--ttft-ms',
        '6',
        '--chunks',
        '3',
        '--chunk-interval-ms',
        '7',
        '--models',
        'a, b',
        '--streaming-only',
        'b',
        '--request-log-limit',
        '10',
      ]),
    ).toEqual({
      help: false,
      options: {
        port: 0,
        apiKey: 'K',
        models: ['a', 'b'],
        streamingOnly: ['b'],
        requestLogLimit: 10,
        defaultScenario: { latencyMs: 5, ttftMs: 6, chunks: 3, chunkIntervalMs: 7 },
      },
    });
  });

  it('defaults to port 8080 and says what is wrong with bad input', () => {
    expect(parseCliArgs([])).toEqual({ help: false, options: { port: 8080, defaultScenario: {} } });
    expect(parseCliArgs(['-h'])).toEqual({ help: true });
    expect(parseCliArgs(['--', '--port', '0'])).toEqual({ help: false, options: { port: 0, defaultScenario: {} } });
    expect(() => parseCliArgs(['--port', 'eighty'])).toThrow('--port needs a whole number >= 0, got "eighty"');
    expect(() => parseCliArgs(['--chunks', '0'])).toThrow(/chunks must be an integer >= 1/);
    expect(() => parseCliArgs(['--nope'])).toThrow(/nope/);
  });
});

describe('cli.ts', () => {
  it('prints the base URL, serves, and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--api-key', 'sk-cli', '--chunks', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const lines = createInterface({ input: child.stdout });
      const [baseURL] = (await once(lines, 'line')) as [string];
      expect(baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const response = await fetch(`${baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-cli' },
        body: JSON.stringify({ model: 'qwen-plus', messages: [{ role: 'user', content: 'hi' }], stream: true }),
      });
      expect((await response.text()).match(/^data: /gm)).toHaveLength(3);
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('prints help', async () => {
    const child = spawn(process.execPath, [CLI, '--help'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(out).toContain('--chunk-interval-ms');
  });
});
