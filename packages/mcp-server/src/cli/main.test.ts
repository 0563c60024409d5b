import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@aegis-llm/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, parseConfig } from '@aegis-llm/core';
import { captureIo } from '../test-support/capture-io.js';
import { CANARY_KEY, memoryLogger } from '../test-support/mcp-fixture.js';
import { COMMANDS } from './commands.js';
import { main } from './main.js';

describe('aegis-llm command line (in-process)', () => {
  let sim: Simulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const run = async (argv: string[], overrides: NodeJS.ProcessEnv = {}) => {
    const io = captureIo({ ...env, ...overrides }, dir);
    const code = await main(argv, io);
    return { code, out: io.out(), err: io.err() };
  };

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: CANARY_KEY });
    dir = mkdtempSync(join(tmpdir(), 'aegis-cli-'));
    env = {
      DASHSCOPE_API_KEY: CANARY_KEY,
      DASHSCOPE_BASE_URL: sim.baseURL,
      OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1',
      AEGIS_LLM_HOME: join(dir, 'home'),
      MONTHLY_BUDGET_ALIBABA_CLOUD: '10',
    };
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints help for the command and for each subcommand', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    for (const command of COMMANDS) expect(top.out).toContain(`  ${command.name} `);
    for (const command of COMMANDS) {
      const help = await run([command.name, '--help']);
      expect(help.code, command.name).toBe(0);
      expect(help.out, command.name).toContain(`Usage: aegis-llm ${command.name === 'mcp' ? '[mcp]' : command.name}`);
      expect(help.out).toContain('--config');
    }
    expect((await run(['--version'])).out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it.each([
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['serve', '--prot', '80'], "Unknown option '--prot'"],
    [['serve', '--port', 'eighty'], '--port must be a number'],
    [['models', 'extra'], 'Unexpected argument'],
    [['test', 'dashscope', 'openai'], 'unexpected argument "openai"'],
  ])('refuses %j with exit code 2 and a pointer to --help', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.err.toLowerCase()).toContain(message.toLowerCase());
    expect(result.err).not.toMatch(/\n\s+at /);
  });

  it('stops on an invalid config with its one message and exit code 2', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ providers: { dashscope: { region: 'mars' } } }));
    const result = await run(['budget', '--config', file]);
    expect(result.code).toBe(2);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(result.err).toContain('providers.dashscope.region');
    expect(result.err).toContain('singapore');
    mkdirSync(join(dir, 'folder.json'));
    const fromEnv = await run(['models'], { AEGIS_LLM_CONFIG: join(dir, 'folder.json') });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.err).toContain('AEGIS_LLM_CONFIG');
    // A file it names that does not exist yet is a new config file, as the default path is.
    expect((await run(['models', '--offline'], { AEGIS_LLM_CONFIG: join(dir, 'new', 'aegis.json') })).code).toBe(0);
  });

  it('models: a table for people, JSON for scripts, filters checked', async () => {
    const table = await run(['models', '--provider', 'dashscope', '--capability', 'vision']);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^MODEL\s+CONTEXT\s+MAX OUT\s+IN \/1M\s+OUT \/1M/);
    expect(table.out).toContain('dashscope/qwen-vl-plus');
    expect(table.out).not.toContain('qwen-max');
    // The status column: retired models say when and what replaces them.
    expect(table.out).toMatch(/dashscope\/qwen-vl-plus .*retired 2026-10-10 -> qwen3-vl-plus/);
    expect(table.out).toMatch(/dashscope\/qwen3-vl-plus .* current /);
    const json = await run(['models', '--json', '--offline']);
    const models = JSON.parse(json.out) as Array<{ id: string; configured: boolean }>;
    expect(models.find((m) => m.id === 'dashscope/qwen-plus')?.configured).toBe(true);
    expect((await run(['models', '--capability', 'telepathy'])).err).toContain('vision');
    const badProvider = await run(['models', '--provider', 'dashscop']);
    expect(badProvider.code).toBe(1);
    expect(badProvider.err).toContain('Known providers: dashscope');
  });

  it('test: one provider answers (exit 0), an unconfigured one says what to set (exit 1)', async () => {
    const ok = await run(['test', 'dashscope']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/dashscope\s+yes\s+yes\s+accepted/);
    const json = await run(['test', 'dashscope', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ answered: ['dashscope'], results: [{ provider: 'dashscope', modelAnswered: true }] });
    const unconfigured = await run(['test', 'openai']);
    expect(unconfigured.code).toBe(1);
    expect(unconfigured.out).toContain('OPENAI_API_KEY');
  });

  it('budget: the month, the limit and the spend', async () => {
    const table = await run(['budget']);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^Budget period \d{4}-\d{2} \(resets \d{4}-\d{2}-\d{2}, UTC\)/);
    expect(table.out).toMatch(/dashscope\s+\$10\.00/);
    const json = await run(['budget', '--json', '--provider', 'dashscope']);
    expect(JSON.parse(json.out).providers[0]).toMatchObject({ provider: 'dashscope', budgeted: true, limit: { microUsd: 10_000_000 } });
    expect(JSON.stringify(json)).not.toContain(CANARY_KEY);
  });

  it('budget: spend per tag, and --tag for one tag name', async () => {
    // Another process on the same ledger (an n8n node, say) spent under two workflows.
    const gateway = createGateway({ config: parseConfig({}, env as Record<string, string>), logger: memoryLogger([]) });
    sim.script({ text: 'ok' });
    await gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'a', tags: { workflow_name: 'Invoices', node_name: 'Sum' } });
    await gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'b', tags: { workflow_name: 'Invoices' } });
    await gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'c', tags: { workflow_name: '__proto__' } });
    await gateway.close();
    const table = await run(['budget']);
    expect(table.out).toMatch(/Spend per tag\n\nTAG\s+VALUE\s+SPENT\s+REQUESTS\s+UNPRICED\n/);
    expect(table.out).toMatch(/workflow_name\s+Invoices\s+\$\d+\.\d+\s+2\s+0/);
    expect(table.out).toMatch(/workflow_name\s+__proto__\s+\$\d+\.\d+\s+1/);
    expect(table.out).toMatch(/node_name\s+Sum/);
    const one = await run(['budget', '--tag', 'node_name', '--json']);
    expect(JSON.parse(one.out).tags).toEqual([expect.objectContaining({ name: 'node_name', value: 'Sum', requests: 1 })]);
  });

  it('budget: tag budgets another process set in the shared store, with who set them', async () => {
    const gateway = createGateway({
      config: parseConfig({ tagBudgets: { 'workflow_name=Reports': { monthlyUsd: 3 } } }, env as Record<string, string>),
      logger: memoryLogger([]),
      budgetSource: 'n8n credential "Reports"',
    });
    sim.script({ text: 'ok' });
    await gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'a', tags: { workflow_name: 'Reports' } });
    await gateway.close();
    const table = await run(['budget']);
    expect(table.out).toMatch(/Tag budgets\n\nTAG\s+LIMIT\s+SPENT\s+REMAINING\s+USED\s+REQUESTS\s+SET BY\n/);
    expect(table.out).toMatch(/workflow_name=Reports\s+\$3\.00\s+\$\d+\.\d+\s+\$2\.\d+\s+\d+(\.\d)?%\s+1\s+n8n credential "Reports"/);
  });
});
