import path from 'node:path';
import { createRedisLedgerStore, createStderrLogger, describeRedisUrl, importEmbeddedLedger, loadConfig } from '@aegis-llm/core';
import { EXIT, type CliIo } from './cli-io.js';
import type { Values } from './commands.js';
import { UsageError } from './usage-error.js';

/**
 * `aegis-llm store import`: copies the embedded ledger into the Redis store.
 * No local fallback: a Redis outage fails the import instead of parking it.
 */
export async function runStoreImport(values: Values, action: string | undefined, io: CliIo): Promise<number> {
  if (action !== 'import') throw new UsageError(`unknown store action "${action ?? ''}": the only one is "import".`);
  const config = loadConfig({ env: io.env, cwd: io.cwd, file: typeof values.config === 'string' ? values.config : undefined });
  if (config.store.kind !== 'redis') {
    throw new UsageError('store import needs a Redis store: set AEGIS_LLM_STORE=redis://host:6379/0 or store.url.');
  }
  const fromDir = typeof values.from === 'string' ? path.resolve(io.cwd, values.from) : path.join(config.home, 'ledger');
  const logger = createStderrLogger();
  const to = createRedisLedgerStore({
    url: config.store.url,
    keyPrefix: config.store.keyPrefix,
    recordRetentionDays: config.store.recordRetentionDays,
    logger,
  });
  try {
    const result = await importEmbeddedLedger({ fromDir, to, logger });
    const where = describeRedisUrl(config.store.url);
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify({ store: where, fromDir, ...result }, null, 2)}\n`);
    } else {
      const span = result.periods.length ? ` (${result.periods[0]}..${result.periods.at(-1)})` : '';
      io.stdout.write(
        `Imported ${result.records} records${span} into ${where}: ${result.added} new, ${result.records - result.added} already there; ` +
          `${result.alerts} fired alerts; ${result.skippedLines} lines skipped.\n`,
      );
    }
    return EXIT.ok;
  } finally {
    await to.close();
  }
}
