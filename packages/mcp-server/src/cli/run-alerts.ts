import { formatUsd, type AlertDeliveryStatus, type FiredAlert, type Gateway, type WebhookStatus } from '@aegis-llm/core';
import { EXIT, type CliIo } from './cli-io.js';
import type { Values } from './commands.js';
import { formatTable } from './format-table.js';
import { openGateway } from './open-gateway.js';
import { UsageError } from './usage-error.js';

const SET_WEBHOOK = 'Set AEGIS_LLM_ALERT_WEBHOOK (or alerts.webhookUrl in the config file) to have them POSTed.';

/**
 * `aegis-llm alerts [status]`: the alert webhook's delivery status and the
 * alerts fired this month, as every process on the store sees them.
 * `aegis-llm alerts test`: a signed test alert through the outbox, and its
 * first attempt's outcome (exit 0 only when the webhook accepted it).
 * The webhook URL and secret are never printed.
 */
export async function runAlerts(values: Values, action: string | undefined, io: CliIo): Promise<number> {
  if (action !== undefined && action !== 'status' && action !== 'test') throw new UsageError(`unknown action "${action}": use status (the default) or test`);
  if (action === 'test' && typeof values.provider === 'string') throw new UsageError('--provider is for status; a test alert goes to the one webhook');
  const { gateway } = openGateway(values, io);
  try {
    return action === 'test' ? await sendTest(gateway, values.json === true, io) : await showStatus(gateway, values, io);
  } finally {
    await gateway.close();
  }
}

async function showStatus(gateway: Gateway, values: Values, io: CliIo): Promise<number> {
  const provider = typeof values.provider === 'string' ? values.provider : undefined;
  const status = await gateway.budgetStatus({ provider });
  const providers = status.providers
    .filter((p) => p.budgeted || p.alerts.length > 0)
    .map((p) => ({ provider: p.provider, limit: p.limit, alertThresholds: p.alertThresholds ?? [], alerts: p.alerts }));
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify({ period: status.period, webhook: status.webhook, providers }, null, 2)}\n`);
    return EXIT.ok;
  }
  io.stdout.write(webhookLines(status.webhook).join('\n') + '\n');
  io.stdout.write(`\nBudget alerts in ${status.period} (thresholds re-arm when a limit changes)\n\n`);
  if (providers.length === 0) {
    io.stdout.write('No budgets set, so no thresholds. Set e.g. MONTHLY_BUDGET_ALIBABA_CLOUD=50 (USD); alerts fire at 50, 80 and 100 % by default.\n');
    return EXIT.ok;
  }
  io.stdout.write(
    formatTable(providers, [
      { header: 'PROVIDER', value: (p) => p.provider },
      { header: 'LIMIT', value: (p) => p.limit?.usd ?? '-', align: 'right' },
      { header: 'THRESHOLDS', value: (p) => p.alertThresholds.map((t) => `${t}%`).join(',') || '-' },
      { header: 'FIRED', value: (p) => p.alerts.map((a) => `${a.threshold}%`).join(',') || 'none' },
    ]),
  );
  const fired = providers.flatMap((p) => p.alerts);
  if (fired.length > 0) io.stdout.write(`\n${firedTable(fired)}`);
  return EXIT.ok;
}

function webhookLines(webhook: WebhookStatus): string[] {
  if (!webhook.configured) return [`Webhook: not configured: alerts are only logged. ${SET_WEBHOOK}`];
  const lines = [
    `Webhook: configured, ${webhook.signed ? 'signed (X-Aegis-Signature, alerts.webhookSecret)' : 'not signed (set AEGIS_LLM_ALERT_WEBHOOK_SECRET or alerts.webhookSecret to sign)'}`,
    `Last delivered: ${webhook.lastSuccess ? `${webhook.lastSuccess.at}  ${webhook.lastSuccess.type} (${webhook.lastSuccess.alertId})` : 'never'}`,
  ];
  const failure = webhook.lastFailure;
  if (failure) {
    const now = failure.state === 'pending' ? 'being retried' : failure.state === 'failed' ? 'given up' : 'delivered since';
    lines.push(`Last failure:   ${failure.at}  ${failure.error}  ${failure.type} (${failure.alertId}; ${now})`);
  }
  lines.push(`Queue: ${webhook.pending} pending, ${webhook.failed} given up`);
  return lines;
}

function firedTable(alerts: FiredAlert[]): string {
  return formatTable(alerts, [
    { header: 'PROVIDER', value: (a) => a.provider },
    { header: 'THRESHOLD', value: (a) => `${a.threshold}%`, align: 'right' },
    { header: 'FIRED AT', value: (a) => a.firedAt },
    { header: 'SPENT', value: (a) => formatUsd(a.spentMicroUsd), align: 'right' },
    { header: 'LIMIT', value: (a) => formatUsd(a.limitMicroUsd), align: 'right' },
    { header: 'DELIVERY', value: (a) => deliveryText(a.delivery) },
  ]);
}

function deliveryText(delivery: AlertDeliveryStatus | undefined): string {
  if (delivery === undefined) return 'logged only';
  const attempts = `${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`;
  if (delivery.state === 'delivered') return `delivered (${attempts})`;
  return `${delivery.state} (${attempts}${delivery.lastError ? `, last: ${delivery.lastError}` : ''})`;
}

async function sendTest(gateway: Gateway, json: boolean, io: CliIo): Promise<number> {
  const outcome = await gateway.sendTestAlert();
  const delivered = outcome.state === 'delivered';
  if (json) {
    io.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
    return delivered ? EXIT.ok : EXIT.failed;
  }
  if (delivered) {
    io.stdout.write(`Test alert ${outcome.id} delivered: the webhook answered 2xx.\n`);
    return EXIT.ok;
  }
  const why = outcome.lastError === undefined ? 'no answer yet (the attempt outlasted the wait)' : outcome.lastError;
  io.stderr.write(
    `aegis-llm alerts: test alert ${outcome.id} not delivered: ${why}. It stays queued and is retried like any alert; "aegis-llm alerts" shows where it stands.\n`,
  );
  return EXIT.failed;
}
