import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse-config.js';
import { describeTaskNameProblem, endpointNameProblem, suggestTaskName, taskNameProblem } from './name-rules.js';

const messageOf = (raw: unknown): string => {
  try {
    parseConfig(raw, {}, { file: 'aegis-llm.config.json', cwd: '/p' });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('parseConfig accepted it');
};

describe('task names', () => {
  it('accepts words, digits, "_", "." and "-", and names of Object.prototype members', () => {
    for (const name of ['chat', 'translate-text', 'v2.summarize', 'toString', 'constructor', 'a'.repeat(64)])
      expect(taskNameProblem(name), name).toBeUndefined();
  });

  it('refuses spaces, a leading symbol, __proto__ and more than 64 characters, stating the rule', () => {
    expect(taskNameProblem('Translate Text')?.problem).toBe('is not a task name.');
    expect(taskNameProblem('__proto__')?.problem).toBe('is not a task name.');
    expect(taskNameProblem('-x')?.problem).toBe('is not a task name.');
    expect(taskNameProblem('a'.repeat(65))?.problem).toBe('is longer than 64 characters.');
    expect(describeTaskNameProblem('Translate Text')).toBe(
      '"Translate Text" is not a task name. Task names use letters, digits, "_", "." and "-" (no spaces), start with a letter or digit, and are at most 64 characters, e.g. "summarize" or "translate-text". Try "translate-text".',
    );
  });

  it('suggests a usable name when one can be told', () => {
    expect(suggestTaskName('Translate Text')).toBe('translate-text');
    expect(suggestTaskName('  Résumé  ')).toBe('r-sum');
    expect(suggestTaskName('!!!')).toBeUndefined();
    expect(suggestTaskName('chat')).toBeUndefined();
  });

  it('the config file says the same, naming the key and the rule (not "the list is not valid here")', () => {
    const message = messageOf({ routes: { 'Translate Text': ['dashscope/qwen-plus'] } });
    expect(message).toContain('routes["Translate Text"]: "Translate Text" is not a task name. Task names use letters');
    expect(message).not.toContain('not valid here');
    expect(messageOf({ routes: { ['x'.repeat(65)]: ['dashscope/qwen-plus'] } })).toContain('is longer than 64 characters. Task names use');
  });
});

describe('endpoint and model names', () => {
  it('endpoint names: lowercase, at most 64 characters', () => {
    expect(endpointNameProblem('groq')).toBeUndefined();
    expect(endpointNameProblem('constructor')).toBeUndefined();
    expect(endpointNameProblem('Groq')?.problem).toBe('is not a valid endpoint name.');
    expect(endpointNameProblem('g'.repeat(65))?.problem).toBe('is longer than 64 characters.');
    expect(messageOf({ endpoints: [{ name: 'g'.repeat(65), baseURL: 'http://127.0.0.1:1/v1' }] })).toContain('endpoints[0].name: "gggg');
  });

  it('model ids: at most 128 characters, as budget keys and in targets', () => {
    expect(messageOf({ budgets: { openai: { monthlyUsd: 1, models: { ['m'.repeat(129)]: 1 } } } })).toContain('is longer than 128 characters.');
    expect(messageOf({ routes: { chat: [`openai/${'m'.repeat(200)}`] } })).toContain('routes.chat[0]: ');
    expect(() => parseConfig({ budgets: { openai: { monthlyUsd: 1, models: { ['m'.repeat(128)]: 1 } } } }, {})).not.toThrow();
  });
});
