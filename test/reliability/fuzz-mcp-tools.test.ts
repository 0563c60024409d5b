/**
 * Fuzzed MCP tool arguments (issue 9): each of the four tools is called
 * through an in-process SDK client with arbitrary JSON objects, with the
 * tool's own keys holding arbitrary values, and with mutations of valid
 * arguments, while the upstream answers with a random fault. Every call must
 * come back, within a bound, as a success or as an `isError` result carrying
 * a clear message: never a thrown transport error, never a hang, never an
 * exception that escaped a tool handler (the SDK would turn it into an
 * `isError` result with the raw exception text), never an output that fails
 * the tool's own output schema.
 */
import { dashscopeErrors, type Scenario } from '@aegis-llm/simulator';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_KEY, startMcpFixture, type McpFixture } from '../../packages/mcp-server/src/test-support/mcp-fixture.js';
import { soakMode } from './support/soak-mode.ts';
import { writeFigures } from './support/write-figures.ts';

const mode = soakMode();
const CALL_BOUND_MS = 10_000;

/** What a valid call of each tool looks like, to mutate from. */
const VALID: Record<string, Record<string, unknown>> = {
  chat: { prompt: 'hello', model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-turbo'], max_tokens: 32, temperature: 0.5 },
  list_models: { provider: 'dashscope', capability: 'vision', live: false },
  test_provider: { provider: 'dashscope' },
  budget_status: { provider: 'dashscope', estimate: { model: 'dashscope/qwen-max', input_tokens: 100, output_tokens: 50, calls: 3 } },
};
const KEYS: Record<string, string[]> = {
  chat: ['prompt', 'messages', 'system', 'model', 'fallbacks', 'task', 'max_tokens', 'temperature', 'thinking', 'images', 'answer_id', 'offset'],
  list_models: ['provider', 'capability', 'live'],
  test_provider: ['provider'],
  budget_status: ['provider', 'estimate'],
};

const UPSTREAM: Scenario[] = [
  {},
  { fault: dashscopeErrors.rateQuota },
  { fault: { ...dashscopeErrors.invalidApiKey, echoKey: true } },
  { fault: dashscopeErrors.internalError },
  { fault: { type: 'hang-before-headers' } },
  { fault: { type: 'drop', afterChunks: 2 } },
  { fault: { type: 'malformed', afterChunks: 1 } },
  { text: 'x'.repeat(2_000), chunks: 3 },
];

/** Values that tend to break naive code: wrong types, edge numbers, odd strings. */
const nasty = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    '',
    ' ',
    '/',
    'dashscope/',
    '/qwen-plus',
    'ollama',
    'openai/gpt-4o-mini',
    '__proto__',
    'constructor',
    'toString',
    'dashscope/qwen-plus\u0000',
    '\ud800',
    -1,
    0,
    1e308,
    -0,
    2 ** 53,
    0.5,
    true,
    null,
    [],
    {},
    [null],
    { __proto__: { polluted: true } },
  ),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.integer(),
  fc.double({ noNaN: true }),
);

const targetish = fc.oneof(
  { arbitrary: fc.constantFrom('dashscope/qwen-plus', 'dashscope/qwen-turbo', 'qwen-max'), weight: 4 },
  fc.constantFrom(
    'dashscope/qwen-plus',
    'dashscope/qwen-turbo',
    'dashscope/qwq-plus',
    'dashscope/qwen-vl-plus',
    'openai/gpt-4o-mini',
    'ollama/qwen2.5:7b',
    'anyllm/x',
    'qwen-max',
    'nope/nope',
    'dashscope/not-a-model',
  ),
  fc.string({ minLength: 1, maxLength: 40 }),
);

/** A chat call of the right types: one of prompt or messages, the rest optional. */
function chatCall(input: 'prompt' | 'messages'): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      [input]:
        input === 'prompt'
          ? fc.string({ minLength: 1, maxLength: 300 })
          : fc.array(fc.record({ role: fc.constantFrom('system', 'user', 'assistant'), content: fc.string({ maxLength: 100 }) }), {
              minLength: 1,
              maxLength: 4,
            }),
      system: fc.string({ maxLength: 50 }),
      model: targetish,
      fallbacks: fc.array(targetish, { maxLength: 4 }),
      task: fc.oneof(fc.constantFrom('chat', 'summarize', 'code', 'extract', 'vision'), fc.string({ minLength: 1, maxLength: 12 })),
      max_tokens: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 4_096 }), weight: 4 }, fc.integer({ min: 1, max: 2_000_000_000 })),
      temperature: fc.double({ min: 0, max: 2, noNaN: true }),
      thinking: fc.boolean(),
      images: fc.array(fc.constantFrom('https://example.invalid/a.png', 'data:image/png;base64,AAAA'), { maxLength: 2 }),
    },
    { requiredKeys: [input] },
  );
}

/** Arguments of the right types with odd values: they get past the schema and reach the core. */
const TYPED: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  chat: fc.oneof(
    { arbitrary: chatCall('prompt'), weight: 4 },
    { arbitrary: chatCall('messages'), weight: 4 },
    // Paging through an answer that may not exist.
    {
      arbitrary: fc.record(
        { answer_id: fc.string({ minLength: 1, maxLength: 40 }), offset: fc.integer({ min: 0, max: 1_000_000 }) },
        { requiredKeys: ['answer_id'] },
      ),
      weight: 1,
    },
  ),
  list_models: fc.record(
    {
      provider: fc.oneof(fc.constantFrom('dashscope', 'openai', 'ollama', 'anyllm'), fc.string({ minLength: 1 })),
      capability: fc.constantFrom('vision', 'thinking', 'streaming-only', 'tools', 'thinking-only'),
      live: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
  test_provider: fc.record(
    { provider: fc.oneof(fc.constantFrom('dashscope', 'openai', 'ollama', 'anyllm'), fc.string({ minLength: 1 })) },
    { requiredKeys: [] },
  ),
  budget_status: fc.record(
    {
      provider: fc.oneof(fc.constantFrom('dashscope', 'openai', 'ollama', 'anyllm'), fc.string({ minLength: 1 })),
      estimate: fc.record(
        { model: targetish, input_tokens: fc.nat(), output_tokens: fc.nat(), calls: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }) },
        { requiredKeys: ['model', 'input_tokens', 'output_tokens'] },
      ),
    },
    { requiredKeys: [] },
  ),
};

function argumentsFor(tool: string): fc.Arbitrary<Record<string, unknown>> {
  const keys = KEYS[tool]!;
  const valid = VALID[tool]!;
  return fc.oneof(
    TYPED[tool]!,
    TYPED[tool]!,
    // Anything at all, as an object (the protocol's `arguments` is one).
    fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
    // The tool's own keys, with any values.
    fc.record(Object.fromEntries(keys.map((k) => [k, nasty])), { requiredKeys: [] }),
    // A valid call with one or two keys changed, dropped or added.
    fc.tuple(fc.subarray([...keys, 'unknown_key']), nasty, fc.boolean()).map(([changed, value, drop]) => {
      const args: Record<string, unknown> = { ...valid };
      for (const key of changed) {
        if (drop) delete args[key];
        else args[key] = value;
      }
      return args;
    }),
  );
}

type Verdict = 'success' | 'error';

function judge(result: CallToolResult): { verdict: Verdict; problem?: string } {
  if (JSON.stringify(result).includes(CANARY_KEY)) return { verdict: result.isError === true ? 'error' : 'success', problem: 'the key is in the result' };
  const first = result.content[0];
  const text = first?.type === 'text' ? first.text : '';
  if (result.isError !== true) {
    if (result.structuredContent === undefined) return { verdict: 'success', problem: 'a success without structured content' };
    return { verdict: 'success' };
  }
  // The tools' own errors lead with "Error (<kind>): <message>"; the SDK's argument check says "Input validation error".
  if (/^Error \([a-z_]+\): \S/.test(text)) return { verdict: 'error' };
  if (text.includes('Input validation error')) return { verdict: 'error' };
  return { verdict: 'error', problem: `an isError result that is not the tool's own: ${text.slice(0, 300)}` };
}

describe(`fuzzed MCP tool arguments, ${mode.fuzzRuns} runs per tool (${mode.name})`, () => {
  let fx: McpFixture;
  const figures = { calls: 0, successes: 0, toolErrors: 0, slowestMs: 0 };
  const findings: string[] = [];
  /** `tool:outcome` -> calls, to see the fuzzing reaches past the argument check. */
  const outcomes: Record<string, number> = {};
  const startedAt = Date.now();

  beforeAll(async () => {
    fx = await startMcpFixture({
      simulator: { recordRequests: false },
      // Short timers: a hung upstream ends in a fraction of the call bound.
      file: { routing: { maxRetries: 1, baseBackoffMs: 1, maxBackoffMs: 5, streamIdleTimeoutMs: 200, requestTimeoutMs: 3_000 } },
    });
  });

  afterAll(async () => {
    await fx?.close();
    writeFigures(
      'fuzz-mcp-tools',
      mode,
      {
        suite: 'Fuzzed MCP tool arguments',
        checks: 'chat, list_models, test_provider, budget_status via an in-process SDK client, upstream faults at random',
        figures: {
          inputsTried: figures.calls,
          successes: figures.successes,
          toolErrors: figures.toolErrors,
          slowestMs: figures.slowestMs,
          leaksFound: findings.length,
        },
        findings,
      },
      startedAt,
    );
    console.info('[reliability] fuzzed MCP tools: outcomes', outcomes);
  });

  for (const tool of Object.keys(VALID)) {
    it(
      `${tool}: a result or a clear tool error, within ${CALL_BOUND_MS} ms, for any arguments`,
      async () => {
        await fc.assert(
          fc.asyncProperty(
            argumentsFor(tool),
            fc.oneof({ arbitrary: fc.constant<Scenario>({}), weight: 6 }, fc.constantFrom(...UPSTREAM)),
            async (args, upstream) => {
              fx.sim.setDefault(upstream);
              const started = performance.now();
              let timer: ReturnType<typeof setTimeout> | undefined;
              const bound = new Promise<never>((_, reject) => {
                timer = setTimeout(() => reject(new Error(`no answer within ${CALL_BOUND_MS} ms`)), CALL_BOUND_MS);
              });
              let result: CallToolResult;
              try {
                result = (await Promise.race([fx.client.callTool({ name: tool, arguments: args }), bound])) as CallToolResult;
              } catch (error) {
                findings.push(`${tool} ${JSON.stringify(args).slice(0, 200)}: ${String(error)}`);
                throw error;
              } finally {
                clearTimeout(timer);
              }
              const elapsed = performance.now() - started;
              figures.calls += 1;
              figures.slowestMs = Math.max(figures.slowestMs, Math.round(elapsed));
              const { verdict, problem } = judge(result);
              const head = result.content[0]?.type === 'text' ? result.content[0].text : '';
              const kind = verdict === 'success' ? 'ok' : (/^Error \(([a-z_]+)\)/.exec(head)?.[1] ?? 'input_validation');
              outcomes[`${tool}:${kind}`] = (outcomes[`${tool}:${kind}`] ?? 0) + 1;
              if (verdict === 'success') figures.successes += 1;
              else figures.toolErrors += 1;
              if (problem !== undefined) {
                findings.push(`${tool} ${JSON.stringify(args).slice(0, 200)}: ${problem}`);
                throw new Error(problem);
              }
            },
          ),
          { numRuns: mode.fuzzRuns, seed: mode.seed, endOnFailure: true },
        );
        fx.sim.setDefault({});
        expect(fx.logs.filter((line) => line.includes(CANARY_KEY))).toEqual([]);
      },
      60_000 + mode.fuzzRuns * 200,
    );
  }
});
