import type { IncomingMessage } from 'node:http';
import type { JsonObject } from './types.ts';
import { isObject } from './usage.ts';

/** The whole request body as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** A JSON object body, or undefined for an empty, non-JSON or non-object body. */
export function parseJsonObject(text: string): JsonObject | undefined {
  if (text === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
