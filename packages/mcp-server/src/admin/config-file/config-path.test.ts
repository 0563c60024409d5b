import { expect, test } from 'vitest';
import { routeFieldOf } from './apply-route-patch.js';
import { budgetFieldOf } from './apply-budget-patch.js';
import { configPath, fieldsUnder } from './config-path.js';

test('paths are written as parseConfig writes them', () => {
  expect(configPath(['providers', 'dashscope', 'region'])).toBe('providers.dashscope.region');
  expect(configPath(['endpoints', 0, 'name'])).toBe('endpoints[0].name');
  expect(configPath(['budgets', 'ollama', 'models', 'qwen2.5:0.5b'])).toBe('budgets.ollama.models["qwen2.5:0.5b"]');
});

test('a section matches only at a key boundary', () => {
  const field = fieldsUnder(['budgets', 'open'], () => 'x');
  expect(field('budgets.open.monthlyUsd')).toBe('x');
  expect(field('budgets.openai.monthlyUsd')).toBeUndefined();
  expect(field(undefined)).toBeUndefined();
});

test('budget and route paths map to their form fields', () => {
  expect(budgetFieldOf('dashscope')('budgets.dashscope.alertThresholds[1]')).toBe('alertThresholds');
  expect(budgetFieldOf('dashscope')('budgets.dashscope.models["qwen-max"]')).toBe('models');
  expect(budgetFieldOf('dashscope')('budgets.dashscope')).toBe('provider');
  expect(routeFieldOf('chat')('routes.chat[2]')).toBe('chain[2]');
  expect(routeFieldOf('my task')('routes["my task"]')).toBe('chain');
  expect(routeFieldOf('chat')('routes.code[0]')).toBe('task');
  expect(routeFieldOf('chat')('timeZone')).toBeUndefined();
});
