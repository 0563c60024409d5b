import { dropConnection, type Exchange, sendError, sendJson, startResponse } from './exchange.ts';
import { sleep } from './sleep.ts';
import type { Scenario } from './types.ts';

/**
 * Answer with one JSON body (a non-stream completion, the model list) as the
 * scenario says: latency first, then the fault or the body. Chunk counts mean
 * nothing here, so `afterChunks` is ignored.
 */
export async function respondJson(x: Exchange, scenario: Scenario, body: () => string): Promise<void> {
  const fault = scenario.fault;
  if (fault?.type === 'hang-before-headers') return;
  if (!(await sleep(scenario.latencyMs ?? 0, x.signal))) return;
  switch (fault?.type) {
    case 'status':
      sendError(x, fault);
      return;
    case 'drop':
      dropConnection(x);
      return;
    case 'hang':
      startResponse(x, 'application/json');
      return;
    case 'malformed': {
      const full = body();
      sendJson(x, 200, full.slice(0, Math.floor(full.length / 2)));
      return;
    }
    default:
      sendJson(x, 200, body());
  }
}
