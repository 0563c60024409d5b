import type { Money, ProviderBudgetStatus, TagBudgetStatus, TagSpend } from '@aegis-llm/core';
import { EXIT, type CliIo } from './cli-io.js';
import type { Values } from './commands.js';
import { formatTable } from './format-table.js';
import { openGateway } from './open-gateway.js';

const usd = (money: Money | undefined) => money?.usd ?? '-';

/** `aegis-llm budget`: the budget_status answer as a table (or JSON). */
export async function runBudget(values: Values, io: CliIo): Promise<number> {
  const { gateway } = openGateway(values, io);
  try {
    const provider = typeof values.provider === 'string' ? values.provider : undefined;
    const tag = typeof values.tag === 'string' ? values.tag : undefined;
    const status = await gateway.budgetStatus({ provider, tag });
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      return EXIT.ok;
    }
    io.stdout.write(`Budget period ${status.period} (resets ${status.resetDate}, ${status.timeZone})\n\n`);
    if (status.providers.length === 0 && status.tagBudgets === undefined) {
      io.stdout.write('No spend this month and no budgets set. Set e.g. MONTHLY_BUDGET_ALIBABA_CLOUD=50 (USD) to cap DashScope.\n');
      return EXIT.ok;
    }
    io.stdout.write(
      formatTable<ProviderBudgetStatus>(status.providers, [
        { header: 'PROVIDER', value: (p) => p.provider },
        { header: 'LIMIT', value: (p) => (p.budgeted ? usd(p.limit) : 'none'), align: 'right' },
        { header: 'SPENT', value: (p) => usd(p.spent), align: 'right' },
        { header: 'RESERVED', value: (p) => usd(p.reserved), align: 'right' },
        { header: 'REMAINING', value: (p) => usd(p.remaining), align: 'right' },
        { header: 'USED', value: (p) => (p.percent === undefined ? '-' : `${p.percent}%`), align: 'right' },
        { header: 'PROJECTED', value: (p) => usd(p.projectedMonthEnd), align: 'right' },
        { header: 'REQUESTS', value: (p) => String(p.requests), align: 'right' },
        // A webhook delivery not done yet (or given up) is named: `80%(pending)`.
        {
          header: 'ALERTS',
          value: (p) => p.alerts.map((a) => `${a.threshold}%${a.delivery && a.delivery.state !== 'delivered' ? `(${a.delivery.state})` : ''}`).join(','),
        },
      ]),
    );
    if (status.tagBudgets !== undefined) io.stdout.write(`\nTag budgets\n\n${tagBudgetTable(status.tagBudgets)}`);
    if (status.tags.length > 0) io.stdout.write(`\nSpend per tag${tag === undefined ? '' : ` (${tag})`}\n\n${tagTable(status.tags)}`);
    return EXIT.ok;
  } finally {
    await gateway.close();
  }
}

/** Spend per tag pair, largest first (as budgetStatus orders it). */
function tagTable(tags: TagSpend[]): string {
  return formatTable<TagSpend>(tags, [
    { header: 'TAG', value: (t) => t.name },
    { header: 'VALUE', value: (t) => t.value ?? '(other values)' },
    { header: 'SPENT', value: (t) => t.spent.usd, align: 'right' },
    { header: 'REQUESTS', value: (t) => String(t.requests), align: 'right' },
    { header: 'UNPRICED', value: (t) => String(t.unpricedRequests), align: 'right' },
  ]);
}

/** Budgets on one tag pair (client keys, workflows...), by scope. */
function tagBudgetTable(budgets: TagBudgetStatus[]): string {
  return formatTable<TagBudgetStatus>(budgets, [
    { header: 'TAG', value: (b) => b.tag },
    { header: 'LIMIT', value: (b) => b.limit.usd, align: 'right' },
    { header: 'SPENT', value: (b) => b.spent.usd, align: 'right' },
    { header: 'REMAINING', value: (b) => b.remaining.usd, align: 'right' },
    { header: 'USED', value: (b) => `${b.percent}%`, align: 'right' },
    { header: 'REQUESTS', value: (b) => String(b.requests), align: 'right' },
    { header: 'SET BY', value: (b) => b.limitSetBy ?? '-' },
  ]);
}
