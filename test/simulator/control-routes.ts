import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonObject, readBody } from './read-body.ts';
import type { RecordedRequest, Scenario, ScriptOptions, SimulatorStatus } from './types.ts';
import { isObject } from './usage.ts';
import { validateScenario } from './validate-scenario.ts';

/** Everything under this prefix is the control API, never an upstream route. */
export const CONTROL_PREFIX = '/__sim/';

export interface ControlTarget {
  script(scenarios: readonly Scenario[], options: ScriptOptions): void;
  setDefault(scenario: Scenario): void;
  reset(): void;
  requests(): readonly RecordedRequest[];
  status(): SimulatorStatus;
}

/**
 * The control API for tests in another process (the MCP server subprocess,
 * n8n): the same verbs as the in-process `Simulator`, as JSON over HTTP.
 *   POST /__sim/script   {scenarios: Scenario[] | Scenario, model?, route?}
 *   POST /__sim/default  {scenario: Scenario} (or the scenario itself)
 *   POST /__sim/reset
 *   GET  /__sim/requests
 *   GET  /__sim/status
 */
export async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, target: ControlTarget): Promise<void> {
  const route = `${req.method ?? 'GET'} ${path}`;
  const text = await readBody(req);
  const body = parseJsonObject(text);
  switch (route) {
    case 'GET /__sim/requests':
      return reply(res, 200, target.requests());
    case 'GET /__sim/status':
      return reply(res, 200, target.status());
    case 'POST /__sim/reset':
      target.reset();
      return reply(res, 200, { ok: true });
    case 'POST /__sim/default': {
      const scenario = body !== undefined && 'scenario' in body ? body.scenario : body;
      const problems = validateScenario(scenario);
      if (problems.length > 0) return reply(res, 400, { error: { message: problems.join('; ') } });
      target.setDefault(scenario as Scenario);
      return reply(res, 200, { ok: true });
    }
    case 'POST /__sim/script': {
      const parsed = parseScript(body);
      if (typeof parsed === 'string') return reply(res, 400, { error: { message: parsed } });
      try {
        target.script(parsed.scenarios, parsed.options);
      } catch (error) {
        return reply(res, 400, { error: { message: error instanceof Error ? error.message : String(error) } });
      }
      return reply(res, 200, { ok: true, pending: target.status().pending });
    }
    default:
      return reply(res, 404, { error: { message: `No control route ${route}` } });
  }
}

function parseScript(body: unknown): { scenarios: Scenario[]; options: ScriptOptions } | string {
  if (!isObject(body)) return 'body must be {"scenarios": [...], "model"?: string, "route"?: "chat" | "models"}';
  const list: unknown[] = Array.isArray(body.scenarios) ? body.scenarios : [body.scenarios];
  const problems = list.flatMap((scenario, i) => validateScenario(scenario).map((problem) => `scenarios[${i}]: ${problem}`));
  const options: ScriptOptions = {};
  if (body.model !== undefined) {
    if (typeof body.model !== 'string') problems.push('model must be a string');
    else options.model = body.model;
  }
  if (body.route !== undefined) {
    if (body.route !== 'chat' && body.route !== 'models') problems.push('route must be "chat" or "models"');
    else options.route = body.route;
  }
  return problems.length > 0 ? problems.join('; ') : { scenarios: list as Scenario[], options };
}

function reply(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}
