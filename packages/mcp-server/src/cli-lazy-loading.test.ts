/**
 * What the built `aegis-llm` loads (issue 5): a stdio server is spawned per
 * client session, so its start must not pay for what only `serve`, a Redis
 * store or a first chat needs, and `--version` must not load the core.
 * A loader hook in the child lists every module file it loads.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH, ensureBuilt } from './test-support/ensure-built.js';

const MARK = 'LOADED-MODULES ';
/** module.registerHooks sees ES modules and require() alike; the list goes to stderr at exit. */
const HOOK = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
import { writeSync } from 'node:fs';
const loaded = [];
registerHooks({ load(url, context, next) { if (url.startsWith('file:')) loaded.push(url); return next(url, context); } });
process.on('exit', () => writeSync(2, '\\n${MARK}' + JSON.stringify(loaded) + '\\n'));
`)}`;

interface Run {
  stdout: string;
  /** file: URLs of every module loaded. */
  loaded: string[];
}

/** Runs the CLI with the hook; `input` lines go to stdin one at a time, each after the previous answer. */
function runCli(args: string[], env: Record<string, string>, input: string[] = []): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', HOOK, CLI_PATH, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const pending = [...input];
    const sendNext = () => {
      const line = pending.shift();
      if (line === undefined) child.stdin.end();
      else child.stdin.write(`${line}\n`);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (input.length > 0 && stdout.endsWith('\n')) sendNext();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      const line = stderr.split('\n').find((l) => l.startsWith(MARK));
      if (line === undefined) reject(new Error(`no module list on stderr:\n${stderr}`));
      else resolve({ stdout, loaded: JSON.parse(line.slice(MARK.length)) as string[] });
    });
    if (input.length > 0) sendNext();
    else child.stdin.end();
  });
}

const rpc = (id: number, method: string, params: object = {}) => JSON.stringify({ jsonrpc: '2.0', id, method, params });
const INITIALIZE = rpc(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'lazy-test', version: '0' } });

describe('aegis-llm loads only what the command needs (built CLI, subprocess)', () => {
  let home: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    await ensureBuilt();
    home = mkdtempSync(join(tmpdir(), 'aegis-lazy-'));
    env = { PATH: process.env.PATH ?? '', HOME: home, AEGIS_LLM_HOME: home, DASHSCOPE_API_KEY: 'sk-lazy-test', DASHSCOPE_BASE_URL: 'http://127.0.0.1:9/v1' };
  }, 300_000);
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('stdio: initialize and tools/list without ioredis, the HTTP stack or the openai SDK', async () => {
    const { stdout, loaded } = await runCli([], env, [INITIALIZE, rpc(2, 'tools/list')]);
    expect(stdout).toContain('"name":"chat"');
    for (const unneeded of ['ioredis', 'express', 'run-serve', 'openai-compatible', 'node_modules/openai/']) {
      expect(
        loaded.filter((url) => url.includes(unneeded)),
        unneeded,
      ).toEqual([]);
    }
  });

  it('--version reads a few KiB of JavaScript, not the core', async () => {
    const { stdout, loaded } = await runCli(['--version'], env);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const bytes = loaded.reduce((sum, url) => sum + statSync(fileURLToPath(url)).size, 0);
    expect(bytes).toBeLessThan(64 * 1024);
  });
});
