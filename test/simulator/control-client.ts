import type { RecordedRequest, Scenario, ScriptOptions, SimulatorStatus } from './types.ts';

/** The control API of a simulator running in another process, as the in-process verbs. */
export interface SimulatorClient {
  script(scenarios: Scenario | readonly Scenario[], options?: ScriptOptions): Promise<void>;
  setDefault(scenario: Scenario): Promise<void>;
  reset(): Promise<void>;
  requests(): Promise<RecordedRequest[]>;
  status(): Promise<SimulatorStatus>;
}

/**
 * `url` may be the simulator's origin or any URL on it (its baseURL, the
 * compatible-mode base URL): only the origin is used.
 */
export function createSimulatorClient(url: string, fetchImpl: typeof fetch = fetch): SimulatorClient {
  const origin = new URL(url).origin;
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.headers = { 'content-type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    const response = await fetchImpl(`${origin}/__sim/${path}`, init);
    const text = await response.text();
    if (!response.ok) throw new Error(`Simulator control ${method} /__sim/${path} failed (${response.status}): ${text}`);
    return JSON.parse(text) as T;
  };
  return {
    async script(scenarios, options = {}) {
      await call('POST', 'script', { scenarios: Array.isArray(scenarios) ? scenarios : [scenarios], ...options });
    },
    async setDefault(scenario) {
      await call('POST', 'default', { scenario });
    },
    async reset() {
      await call('POST', 'reset');
    },
    requests: () => call<RecordedRequest[]>('GET', 'requests'),
    status: () => call<SimulatorStatus>('GET', 'status'),
  };
}
