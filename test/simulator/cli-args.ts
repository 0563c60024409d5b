import { parseArgs } from 'node:util';
import type { Scenario, SimulatorOptions } from './types.ts';
import { assertScenario } from './validate-scenario.ts';

export const CLI_USAGE = `Usage: node test/simulator/cli.ts [options]

An OpenAI-compatible, DashScope-shaped upstream on 127.0.0.1 for tests and
benchmarks. Prints its base URL on stdout, then serves until SIGINT/SIGTERM.
Script it over HTTP: POST /__sim/script {"scenarios":[...]}, see README.md.

Options:
  --port N               port to listen on; 0 picks a free one (default 8080)
  --host H               address to listen on (default 127.0.0.1)
  --api-key K            require "Authorization: Bearer K" (default: any key)
  --models a,b           models served (default: the DashScope list)
  --streaming-only a,b   models that refuse non-stream calls (default: qwq-plus)
  --latency-ms N         default scenario: delay before headers
  --ttft-ms N            default scenario: delay before the first chunk
  --chunks N             default scenario: content chunks per answer
  --chunk-interval-ms N  default scenario: delay between chunks
  --request-log-limit N  requests kept for GET /__sim/requests (default 1000, 0 = none)
  -h, --help             show this help`;

export const DEFAULT_CLI_PORT = 8080;

export type CliCommand = { help: true } | { help: false; options: SimulatorOptions };

/** Parse the CLI's arguments; throws a TypeError with a readable message on bad input. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const { values } = parseArgs({
    // `pnpm simulator -- --port 0` hands the `--` through.
    args: argv[0] === '--' ? argv.slice(1) : [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      models: { type: 'string' },
      'streaming-only': { type: 'string' },
      'latency-ms': { type: 'string' },
      'ttft-ms': { type: 'string' },
      chunks: { type: 'string' },
      'chunk-interval-ms': { type: 'string' },
      'request-log-limit': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return { help: true };

  const scenario: Scenario = {};
  const latencyMs = integer(values['latency-ms'], '--latency-ms');
  const ttftMs = integer(values['ttft-ms'], '--ttft-ms');
  const chunks = integer(values.chunks, '--chunks');
  const chunkIntervalMs = integer(values['chunk-interval-ms'], '--chunk-interval-ms');
  if (latencyMs !== undefined) scenario.latencyMs = latencyMs;
  if (ttftMs !== undefined) scenario.ttftMs = ttftMs;
  if (chunks !== undefined) scenario.chunks = chunks;
  if (chunkIntervalMs !== undefined) scenario.chunkIntervalMs = chunkIntervalMs;

  const options: SimulatorOptions = {
    port: integer(values.port, '--port') ?? DEFAULT_CLI_PORT,
    defaultScenario: assertScenario(scenario),
  };
  if (values.host !== undefined) options.host = values.host;
  if (values['api-key'] !== undefined) options.apiKey = values['api-key'];
  if (values.models !== undefined) options.models = list(values.models);
  if (values['streaming-only'] !== undefined) options.streamingOnly = list(values['streaming-only']);
  const logLimit = integer(values['request-log-limit'], '--request-log-limit');
  if (logLimit !== undefined) options.requestLogLimit = logLimit;
  return { help: false, options };
}

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new TypeError(`${flag} needs a whole number >= 0, got "${value}"`);
  return Number(value);
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
