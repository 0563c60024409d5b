import type { Scenario } from './types.ts';
import { isObject } from './usage.ts';

const SCENARIO_KEYS = new Set([
  'latencyMs',
  'ttftMs',
  'chunks',
  'reasoningChunks',
  'chunkIntervalMs',
  'text',
  'reasoning',
  'finishReason',
  'usage',
  'cachedTokens',
  'spend',
  'rawUsage',
  'fault',
  'toolCalls',
  'toolCallChunks',
  'json',
]);
const MS_KEYS = ['latencyMs', 'ttftMs', 'chunkIntervalMs'] as const;
const COUNT_KEYS = ['chunks', 'reasoningChunks', 'toolCallChunks'] as const;
const TOOL_CALL_KEYS = new Set(['name', 'arguments', 'id']);
const USAGE_KEYS = new Set(['promptTokens', 'completionTokens', 'totalTokens', 'cachedTokens', 'reasoningTokens']);
const FAULT_KEYS: Record<string, ReadonlySet<string>> = {
  status: new Set(['type', 'status', 'code', 'message', 'errorType', 'param', 'headers', 'echoKey']),
  drop: new Set(['type', 'afterChunks']),
  malformed: new Set(['type', 'afterChunks']),
  hang: new Set(['type', 'afterChunks']),
  'hang-before-headers': new Set(['type']),
};

/**
 * Problems with a would-be scenario, as sentences; empty when it is valid.
 * Strict about unknown keys: a typo such as `latency` would otherwise turn a
 * timeout test into a test of nothing.
 */
export function validateScenario(value: unknown): string[] {
  if (!isObject(value)) return ['a scenario must be an object'];
  const problems: string[] = [];
  for (const key of Object.keys(value)) if (!SCENARIO_KEYS.has(key)) problems.push(`unknown scenario field "${key}"`);
  for (const key of MS_KEYS) checkNumber(value[key], key, 0, problems);
  for (const key of COUNT_KEYS) checkNumber(value[key], key, 1, problems, true);
  checkNumber(value.cachedTokens, 'cachedTokens', 0, problems, true);
  for (const key of ['text', 'reasoning', 'finishReason'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') problems.push(`${key} must be a string`);
  }
  checkUsage(value.usage, problems);
  if (value.spend !== undefined && value.spend !== 'all') problems.push(`spend must be 'all'`);
  if (value.rawUsage !== undefined && !isObject(value.rawUsage)) problems.push('rawUsage must be an object');
  if (value.fault !== undefined) checkFault(value.fault, problems);
  if (value.toolCalls !== undefined) checkToolCalls(value.toolCalls, problems);
  return problems;
}

function checkToolCalls(calls: unknown, problems: string[]): void {
  if (!Array.isArray(calls) || calls.length === 0) {
    problems.push('toolCalls must be a non-empty list');
    return;
  }
  calls.forEach((call: unknown, i) => {
    if (!isObject(call)) return problems.push(`toolCalls[${i}] must be an object`);
    for (const key of Object.keys(call)) if (!TOOL_CALL_KEYS.has(key)) problems.push(`toolCalls[${i}] has no field "${key}"`);
    if (typeof call.name !== 'string' || call.name === '') problems.push(`toolCalls[${i}].name must be a non-empty string`);
    if (call.id !== undefined && typeof call.id !== 'string') problems.push(`toolCalls[${i}].id must be a string`);
    if (call.arguments !== undefined && typeof call.arguments !== 'string' && !isObject(call.arguments)) {
      problems.push(`toolCalls[${i}].arguments must be JSON text or an object`);
    }
    return undefined;
  });
}

/** Throw a TypeError listing every problem, or return the scenario typed. */
export function assertScenario(value: unknown): Scenario {
  const problems = validateScenario(value);
  if (problems.length > 0) throw new TypeError(`Invalid simulator scenario: ${problems.join('; ')}`);
  return value as Scenario;
}

function checkUsage(usage: unknown, problems: string[]): void {
  if (usage === undefined || usage === 'present' || usage === 'absent' || usage === 'zero') return;
  if (!isObject(usage)) {
    problems.push(`usage must be 'present', 'absent', 'zero' or an object of exact numbers`);
    return;
  }
  for (const [key, number] of Object.entries(usage)) {
    if (!USAGE_KEYS.has(key)) problems.push(`unknown usage field "${key}"`);
    else checkNumber(number, `usage.${key}`, 0, problems, true);
  }
}

function checkFault(fault: unknown, problems: string[]): void {
  if (!isObject(fault) || typeof fault.type !== 'string' || !(fault.type in FAULT_KEYS)) {
    problems.push(`fault.type must be one of ${Object.keys(FAULT_KEYS).join(', ')}`);
    return;
  }
  const allowed = FAULT_KEYS[fault.type];
  for (const key of Object.keys(fault)) if (allowed?.has(key) !== true) problems.push(`fault "${fault.type}" has no field "${key}"`);
  checkNumber(fault.afterChunks, 'fault.afterChunks', 0, problems, true);
  if (fault.type !== 'status') return;
  if (typeof fault.status !== 'number' || !Number.isInteger(fault.status) || fault.status < 400 || fault.status > 599) {
    problems.push('fault.status must be an HTTP error status (400-599)');
  }
  for (const key of ['code', 'message', 'errorType'] as const) {
    if (fault[key] !== undefined && typeof fault[key] !== 'string') problems.push(`fault.${key} must be a string`);
  }
  if (fault.param !== undefined && fault.param !== null && typeof fault.param !== 'string') problems.push('fault.param must be a string or null');
  if (fault.echoKey !== undefined && typeof fault.echoKey !== 'boolean') problems.push('fault.echoKey must be a boolean');
  if (fault.headers !== undefined) {
    if (!isObject(fault.headers) || Object.values(fault.headers).some((header) => typeof header !== 'string')) {
      problems.push('fault.headers must map names to strings');
    }
  }
}

function checkNumber(value: unknown, name: string, min: number, problems: string[], integer = false): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    problems.push(`${name} must be ${integer ? 'an integer' : 'a number'} >= ${min}`);
  }
}
