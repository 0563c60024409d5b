import { UsageError } from './usage-error.js';

export const DEFAULT_PORT = 8787;

export function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new UsageError(`--port must be a number from 0 to 65535 (0 picks a free port), not "${value}"`);
  return port;
}
