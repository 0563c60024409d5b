import { AegisError, CAPABILITIES, type Capability, type ModelInfo } from '@aegis-llm/core';
import { EXIT, type CliIo } from './cli-io.js';
import type { Values } from './commands.js';
import { formatCount } from './format-count.js';
import { formatTable } from './format-table.js';
import { openGateway } from './open-gateway.js';

const str = (value: Values[string]) => (typeof value === 'string' ? value : undefined);

function price(model: ModelInfo, side: 'input' | 'output'): string {
  const tiers = model.pricing?.tiers;
  const first = tiers?.[0];
  if (!model.pricing || !first) return 'unpriced';
  const symbol = model.pricing.currency === 'USD' ? '$' : '¥';
  return `${symbol}${first[side]}${tiers && tiers.length > 1 ? '+' : ''}`;
}

/** `current`, `retired 2026-10-10 -> qwen-flash`, or `-` when the catalog does not know. */
function status(model: ModelInfo): string {
  const lifecycle = model.lifecycle;
  if (lifecycle === undefined) return '-';
  if (lifecycle.status === 'current') return 'current';
  const date = lifecycle.date === undefined ? '' : ` ${lifecycle.date}`;
  const replacement = lifecycle.replacement === undefined ? '' : ` -> ${lifecycle.replacement}`;
  return `${lifecycle.status}${date}${replacement}`;
}

/** `aegis-llm models`: the list_models answer as a table (or JSON). */
export async function runModels(values: Values, io: CliIo): Promise<number> {
  const capability = str(values.capability);
  if (capability !== undefined && !(CAPABILITIES as readonly string[]).includes(capability)) {
    throw new AegisError('bad_request', `unknown capability "${capability}". Use one of: ${CAPABILITIES.join(', ')}.`);
  }
  const { gateway } = openGateway(values, io);
  try {
    const provider = str(values.provider);
    const models = await gateway.listModels({ provider, capability: capability as Capability | undefined, live: values.offline !== true });
    if (values.json === true) {
      io.stdout.write(
        `${JSON.stringify(
          models.map((m) => ({ id: `${m.provider}/${m.model}`, ...m })),
          null,
          2,
        )}\n`,
      );
      return EXIT.ok;
    }
    io.stdout.write(
      formatTable(models, [
        { header: 'MODEL', value: (m) => `${m.provider}/${m.model}` },
        { header: 'CONTEXT', value: (m) => formatCount(m.contextWindow), align: 'right' },
        { header: 'MAX OUT', value: (m) => formatCount(m.maxOutputTokens), align: 'right' },
        { header: 'IN /1M', value: (m) => price(m, 'input'), align: 'right' },
        { header: 'OUT /1M', value: (m) => price(m, 'output'), align: 'right' },
        { header: 'CONFIGURED', value: (m) => (m.configured ? 'yes' : 'no') },
        { header: 'SOURCE', value: (m) => m.source },
        { header: 'STATUS', value: status },
        { header: 'CAPABILITIES', value: (m) => m.capabilities.join(',') },
      ]),
    );
    io.stdout.write(`${models.length} models. Prices per 1M tokens; "+" marks tiered prices (see --json).\n`);
    return EXIT.ok;
  } finally {
    await gateway.close();
  }
}
