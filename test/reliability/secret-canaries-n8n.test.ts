/**
 * Secret canaries in n8n output (issue 9): the n8n nodes run in-process on
 * their own unit-test context (packages/n8n-nodes/src/test-support), against
 * an upstream that echoes the received key in its errors. The items a node
 * outputs, the chunks it streams, its log lines, the errors it throws (with
 * their whole cause chain) and the files of its data directory must hold no
 * canary: for both action nodes (every operation) and both chat-model
 * sub-nodes (invoke and stream).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { DEFAULT_MODELS, dashscopeErrors, startSimulator, type Fault, type Simulator } from '@aegis-llm/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AegisAnyLlm } from '../../packages/n8n-nodes/nodes/AegisAnyLlm/AegisAnyLlm.node.js';
import { AegisDashScope } from '../../packages/n8n-nodes/nodes/AegisDashScope/AegisDashScope.node.js';
import { LmChatAnyLlm } from '../../packages/n8n-nodes/nodes/LmChatAnyLlm/LmChatAnyLlm.node.js';
import { LmChatDashScopeAegis } from '../../packages/n8n-nodes/nodes/LmChatDashScopeAegis/LmChatDashScopeAegis.node.js';
import { fakeExecuteContext, modelParam } from '../../packages/n8n-nodes/src/test-support/fake-execute-context.js';
import { filesHolding } from './support/data-dir-text.ts';
import { soakMode } from './support/soak-mode.ts';
import { writeFigures } from './support/write-figures.ts';

const mode = soakMode();
const DASHSCOPE_KEY = 'sk-n8n-ds-canary-5e3a1c9b7d2f4e60';
const ANYLLM_KEY = 'n8n.anyllm.canary.Wq72PzK4';
const CANARIES = [DASHSCOPE_KEY, ANYLLM_KEY];

const ECHOING: Fault[] = [
  { ...dashscopeErrors.invalidApiKey, echoKey: true },
  { ...dashscopeErrors.invalidParameter, echoKey: true },
  { ...dashscopeErrors.internalError, echoKey: true },
];

interface ChatModel {
  invoke(input: string): Promise<unknown>;
  stream(input: string): Promise<AsyncIterable<unknown>>;
}

describe('secret canaries: n8n nodes', () => {
  let sim: Simulator;
  let home: string;
  const found: string[] = [];
  const figures = { runs: 0, scanned: 0, masked: 0 };
  const startedAt = Date.now();
  const scan = (where: string, value: unknown) => {
    figures.scanned += 1;
    const text = typeof value === 'string' ? value : inspect(value, { depth: 12, breakLength: Infinity });
    if (text.includes('[REDACTED]')) figures.masked += 1;
    for (const canary of CANARIES) if (text.includes(canary)) found.push(`${where}: ${canary.slice(0, 10)}...`);
  };

  const credentials = () => ({
    aegisDashScopeApi: { apiKey: DASHSCOPE_KEY, region: 'custom', baseUrl: sim.baseURL, dataDir: home },
    aegisAnyLlmApi: { baseUrl: sim.baseURL, apiKey: ANYLLM_KEY, defaultModel: 'qwen-plus', providerId: 'myllm', monthlyBudgetUsd: 2, dataDir: home },
  });

  beforeAll(async () => {
    // No apiKey: it takes any key and echoes the one it got.
    sim = await startSimulator({ models: [...DEFAULT_MODELS] });
    home = mkdtempSync(join(tmpdir(), 'aegis-n8n-canary-'));
  });

  afterAll(async () => {
    await sim?.close();
    for (const path of filesHolding(home, CANARIES)) found.push(`file ${path}`);
    rmSync(home, { recursive: true, force: true });
    writeFigures(
      'secret-canaries-n8n',
      mode,
      {
        suite: 'Secret canaries (n8n nodes)',
        checks:
          'DashScope and AnyLLM nodes (every operation, Continue On Fail on and off, streaming) and both chat-model sub-nodes, upstream errors echoing the key',
        figures: {
          canaryKeys: CANARIES.length,
          nodeRuns: figures.runs,
          outputsScanned: figures.scanned,
          outputsWithMaskedEcho: figures.masked,
          leaksFound: found.length,
        },
        findings: found,
      },
      startedAt,
    );
  });

  const actionNodes = [
    { name: 'DashScope', node: new AegisDashScope(), credentialName: 'aegisDashScopeApi' as const, model: 'qwen-plus' },
    { name: 'AnyLLM', node: new AegisAnyLlm(), credentialName: 'aegisAnyLlmApi' as const, model: 'qwen-plus' },
  ];

  for (const { name, node, credentialName, model } of actionNodes) {
    it(`${name} node: items, chunks, logs and errors of every operation`, async () => {
      for (const operation of ['chat', 'listModels', 'testConnection', 'budgetStatus']) {
        for (const fault of ECHOING) {
          for (const continueOnFail of [true, false]) {
            for (const streaming of operation === 'chat' ? [false, true] : [false]) {
              sim.reset();
              sim.script({ fault }, { model });
              sim.script({ fault }, { route: 'models' });
              const { ctx, logs, chunks } = fakeExecuteContext({
                credentialName,
                credential: credentials()[credentialName],
                parameters: { operation, model: modelParam(model), inputType: 'prompt', prompt: 'Hello there', options: {} },
                continueOnFail,
                streaming,
              });
              figures.runs += 1;
              const outcome = await node.execute.call(ctx).catch((error: unknown) => error);
              scan(`${name} ${operation} cof=${continueOnFail} stream=${streaming}`, [outcome, JSON.stringify(outcome), String(outcome)]);
              scan(`${name} ${operation} logs`, logs);
              scan(`${name} ${operation} chunks`, chunks);
            }
          }
        }
      }
      expect(figures.masked).toBeGreaterThan(0);
      expect(found).toEqual([]);
    });
  }

  const subNodes = [
    { name: 'DashScope Chat Model', node: new LmChatDashScopeAegis(), credentialName: 'aegisDashScopeApi' as const },
    { name: 'AnyLLM Chat Model', node: new LmChatAnyLlm(), credentialName: 'aegisAnyLlmApi' as const },
  ];

  for (const { name, node, credentialName } of subNodes) {
    it(`${name} sub-node: invoke and stream errors, traces and logs`, async () => {
      for (const fault of ECHOING) {
        for (const how of ['invoke', 'stream'] as const) {
          sim.reset();
          sim.script({ fault }, { model: 'qwen-plus' });
          const fake = fakeExecuteContext({
            credentialName,
            credential: credentials()[credentialName],
            parameters: { model: modelParam('qwen-plus'), options: {} },
          });
          figures.runs += 1;
          const supplied = await node.supplyData.call(fake.ctx, 0);
          const model = supplied.response as ChatModel;
          const outcome = await (async () => {
            if (how === 'invoke') return model.invoke('Hello');
            const parts: unknown[] = [];
            for await (const part of await model.stream('Hello')) parts.push(part);
            return parts;
          })().catch((error: unknown) => error);
          await supplied.closeFunction?.();
          scan(`${name} ${how}`, [outcome, String(outcome)]);
          scan(`${name} ${how} traces`, fake.traced);
          scan(`${name} ${how} logs`, fake.logs);
        }
      }
      expect(found).toEqual([]);
    });
  }
});
