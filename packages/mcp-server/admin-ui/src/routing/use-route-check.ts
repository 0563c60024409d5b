import { useEffect, useState } from 'preact/hooks';
import type { RouteCheckResponse } from '../../../src/admin/api/api-types.js';
import { api } from '../api-client.js';

const EMPTY: RouteCheckResponse = { targets: [] };

/**
 * The server's check of a route as typed (task name, each target), asked a
 * moment after the typing stops; the answer for an older input is dropped.
 */
export function useRouteCheck(task: string, chain: readonly string[], delayMs = 250): RouteCheckResponse {
  const [result, setResult] = useState<RouteCheckResponse>(EMPTY);
  const key = JSON.stringify([task, chain]);
  useEffect(() => {
    if (task.trim() === '' && chain.every((t) => t.trim() === '')) {
      setResult(EMPTY);
      return undefined;
    }
    let current = true;
    const timer = window.setTimeout(() => {
      api<RouteCheckResponse>('POST', '/routing/check', { task, chain })
        .then((next) => current && setResult(next))
        .catch(() => current && setResult(EMPTY));
    }, delayMs);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
    // `key` stands for task and chain (a new array each render).
  }, [key, delayMs]);
  return result;
}
