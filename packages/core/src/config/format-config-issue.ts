/**
 * One zod issue as one readable sentence: "<path>: <value> <problem> <fix>".
 *
 * Values are quoted so the reader sees what was read, except where they may
 * be secrets (`apiKey`, anything under `headers`): those are never echoed.
 */
import { z } from 'zod';
import { closestKey } from './closest-key.js';
import { formatConfigPath } from './format-config-path.js';
import type { CheckParams } from './schema-checks.js';
import { showConfigValue } from './show-config-value.js';

type Issue = z.core.$ZodIssue;

export interface FormattedIssue {
  /** The field path, `""` for the top level. */
  path: string;
  /** The sentence, starting with the path (no "Invalid configuration" prefix). */
  text: string;
}

export function formatConfigIssue(issue: Issue, raw: unknown, schema: z.ZodType): FormattedIssue {
  const path = formatConfigPath(issue.path);
  const value = valueAt(raw, issue.path);
  const shown = show(value, issue.path);
  const at = (sentence: string): FormattedIssue => ({ path, text: path === '' ? sentence : `${path}: ${sentence}` });

  switch (issue.code) {
    case 'custom': {
      const params = (issue.params ?? {}) as Partial<CheckParams>;
      const fix = params.fix === undefined ? '' : ` ${params.fix}`;
      if (params.whole) return at(`${issue.message}${fix}`);
      if (value === undefined) return at(`is missing.${fix}`);
      return at(`${shown} ${issue.message}${fix}`);
    }
    case 'unrecognized_keys':
      return unknownKey(issue, schema);
    case 'invalid_key': {
      // A record key that breaks its rule ("Translate Text" as a task): name the key and the rule.
      const inner = issue.issues[0];
      const key = issue.path.at(-1);
      const params = (inner?.code === 'custom' ? (inner.params ?? {}) : {}) as Partial<CheckParams>;
      const fix = params.fix === undefined ? '' : ` ${params.fix}`;
      const problem = inner?.code === 'custom' ? inner.message : 'is not a valid name here.';
      return at(`${typeof key === 'string' ? showConfigValue(key) : 'the name'} ${problem}${fix}`);
    }
    case 'invalid_type': {
      const expected = describeExpected(issue.expected);
      if (value === undefined) return at(`is missing. Add it (${expected}).`);
      return at(`${shown} is ${describeKind(value)}, not ${expected}. Use ${expected}.`);
    }
    case 'invalid_value': {
      const options = issue.values.map((v) => String(v)).join(', ');
      return at(`${shown} is not a ${noun(issue.path)}. Use one of: ${options}.`);
    }
    case 'too_small': {
      if (issue.origin === 'string') return at('is empty. Give a value or remove the key.');
      if (issue.origin === 'array') return at('is an empty list. List at least one item or remove the key.');
      return at(`${shown} is too small. Use a number ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}.`);
    }
    case 'too_big':
      if (issue.origin === 'string') return at(`is longer than ${String(issue.maximum)} characters. Shorten it.`);
      return at(`${shown} is too large. Use a number ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}.`);
    default:
      return at(`${shown} is not valid here.`);
  }
}

function unknownKey(issue: Extract<Issue, { code: 'unrecognized_keys' }>, schema: z.ZodType): FormattedIssue {
  const key = issue.keys[0] ?? '';
  const known = knownKeysAt(schema, issue.path).filter((k) => k !== '$schema');
  const suggestion = closestKey(key, known);
  const parent = formatConfigPath(issue.path);
  const fullPath = formatConfigPath([...issue.path, key]);
  const didYouMean = suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
  const where = parent === '' ? 'top-level keys' : `keys in ${parent}`;
  const endpointsHint =
    parent === 'providers' && suggestion === undefined ? ' Other OpenAI-compatible servers go in "endpoints": [{ "name": ..., "baseURL": ... }].' : '';
  const sentence = `${JSON.stringify(key)} is not a known key.${didYouMean} Known ${where}: ${known.join(', ')}.${endpointsHint}`;
  return { path: fullPath, text: parent === '' ? sentence : `${parent}: ${sentence}` };
}

/** The keys an object schema accepts at `path`, walking through optionals, arrays and records. */
function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (node instanceof z.ZodObject) node = (node.shape as Record<string, z.ZodType>)[String(segment)];
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else if (node instanceof z.ZodRecord) node = node.valueType as z.ZodType;
    else node = undefined;
    if (node === undefined) return [];
    node = unwrap(node);
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let node = schema;
  for (;;) {
    if (node instanceof z.ZodOptional || node instanceof z.ZodNullable || node instanceof z.ZodDefault) {
      node = node.unwrap() as z.ZodType;
    } else if (node instanceof z.ZodPipe) {
      node = node.in as z.ZodType;
    } else {
      return node;
    }
  }
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node = raw;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

/**
 * Keys whose values are, or may hold, credentials. `apiKeyEnv` is a name,
 * but an invalid one is most likely a key pasted into the wrong field.
 */
function isSecretPath(path: readonly PropertyKey[]): boolean {
  return path.some((segment) => segment === 'apiKey' || segment === 'apiKeyEnv' || segment === 'headers');
}

function show(value: unknown, path: readonly PropertyKey[]): string {
  if (isSecretPath(path)) return 'the value';
  if (typeof value === 'string') return showConfigValue(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'the list';
  if (typeof value === 'object') return 'the object';
  return 'the value';
}

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a number' : 'a fractional number';
  if (typeof value === 'boolean') return 'a boolean';
  return 'an object';
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'string':
      return 'a string in double quotes';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list [ ... ]';
    case 'object':
    case 'record':
      return 'an object { ... }';
    default:
      return `a value of type ${expected}`;
  }
}

const NOUNS: Readonly<Record<string, string>> = {
  region: 'region',
  currency: 'currency',
  onLimit: 'limit action',
  capabilities: 'capability',
};

/** What an enum field holds, named by its key (or its list's key). */
function noun(path: readonly PropertyKey[]): string {
  const key = [...path].reverse().find((segment): segment is string => typeof segment === 'string');
  return (key !== undefined ? NOUNS[key] : undefined) ?? 'valid value';
}
