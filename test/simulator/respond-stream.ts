import { dropConnection, type Exchange, sendError, startResponse } from './exchange.ts';
import { sleep } from './sleep.ts';
import type { Scenario } from './types.ts';
import { DONE_EVENT } from './wire-format.ts';

/**
 * Stream prepared SSE events as the scenario says: `latencyMs` before the
 * headers, `ttftMs` before the first chunk, `chunkIntervalMs` between chunks,
 * then `data: [DONE]`. A chunk fault strikes when chunk `afterChunks + 1`
 * would have been sent (after its wait), so `afterChunks: 0` is right after
 * the headers and `afterChunks: events.length` is just before [DONE].
 */
export async function respondStream(x: Exchange, scenario: Scenario, events: () => string[], malformed: string): Promise<void> {
  const fault = scenario.fault;
  if (fault?.type === 'hang-before-headers') return;
  if (!(await sleep(scenario.latencyMs ?? 0, x.signal))) return;
  if (fault?.type === 'status') {
    sendError(x, fault);
    return;
  }
  if (x.signal.aborted) return;
  startResponse(x, 'text/event-stream;charset=UTF-8');

  const all = events();
  const cut = fault === undefined ? -1 : Math.min(fault.afterChunks ?? 0, all.length);
  const ttft = scenario.ttftMs ?? 0;
  const interval = scenario.chunkIntervalMs ?? 0;
  // Chunks due at the same moment go out in one write: the zero-latency benchmark path is one write per response.
  let pending = '';
  const flush = (): void => {
    if (pending !== '' && !x.signal.aborted) x.res.write(pending);
    pending = '';
  };

  for (let i = 0; i <= all.length; i++) {
    const wait = i === all.length ? 0 : i === 0 ? ttft : interval;
    if (wait > 0) {
      flush();
      if (!(await sleep(wait, x.signal))) return;
    }
    if (i === cut && fault !== undefined) {
      if (fault.type === 'drop') {
        flush();
        dropConnection(x);
        return;
      }
      if (fault.type === 'hang') {
        flush();
        return;
      }
      pending += malformed;
    }
    const event = all[i];
    if (event !== undefined) pending += event;
  }
  if (!x.signal.aborted) x.res.end(pending + DONE_EVENT);
}
