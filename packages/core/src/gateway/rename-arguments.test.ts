import { describe, expect, it } from 'vitest';
import { AegisError } from '../errors.js';
import { renameArguments } from './rename-arguments.js';

const names = new Map([
  ['maxTokens', 'max_tokens'],
  ['toolCallId', 'tool_call_id'],
]);

describe('renameArguments', () => {
  it('renames backticked fields in the message and details.field, segment by segment', () => {
    const error = new AegisError('bad_request', 'Invalid request: `messages.2.toolCallId`: bad. Lower `maxTokens`.', {
      details: { field: 'messages.2.toolCallId' },
    });
    const renamed = renameArguments(error, names);
    expect(renamed.message).toBe('Invalid request: `messages.2.tool_call_id`: bad. Lower `max_tokens`.');
    expect(renamed.details?.field).toBe('messages.2.tool_call_id');
    expect(renamed.kind).toBe('bad_request');
  });

  it('leaves unquoted words and unknown names alone', () => {
    const error = new AegisError('budget_exceeded', 'maxTokens is a word here; `prompt` has no new name.');
    expect(renameArguments(error, names).message).toBe(error.message);
  });

  it('the budget refusal names the surface argument', async () => {
    const { createBudgetExceededError } = await import('../ledger/budget/create-budget-exceeded-error.js');
    const error = createBudgetExceededError({
      provider: 'dashscope',
      model: 'qwen-plus',
      refusal: { scope: 'provider', spentMicroUsd: 10, reservedMicroUsd: 0, limitMicroUsd: 10, requestMicroUsd: 5 },
      budget: { monthlyLimitMicroUsd: 10, onLimit: 'block', alertThresholds: [], models: new Map() },
      period: { month: '2026-12', monthStart: 0, monthEnd: 1 },
      timeZone: 'UTC',
    } as never);
    expect(renameArguments(error, names).message).toMatch(/lower `max_tokens`/);
  });
});
