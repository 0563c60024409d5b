import type { ChatResult } from '../types.js';

const FENCED = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i;

/**
 * Whether a JSON-mode answer is JSON, and its value. A model asked for JSON
 * sometimes wraps it in a Markdown fence all the same: one fence around the
 * whole answer is taken off before parsing.
 */
export function parseJsonAnswer(text: string): NonNullable<ChatResult['json']> {
  const fenced = FENCED.exec(text);
  const source = fenced ? (fenced[1] as string) : text;
  try {
    return { parsed: true, value: JSON.parse(source) as unknown };
  } catch (error) {
    return { parsed: false, error: error instanceof Error ? error.message : String(error) };
  }
}
