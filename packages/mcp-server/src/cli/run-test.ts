import type { ProviderTestResult } from '@aegis-llm/core';
import { EXIT, type CliIo } from './cli-io.js';
import type { Values } from './commands.js';
import { formatTable } from './format-table.js';
import { openGateway } from './open-gateway.js';

const yesNo = (value: boolean | undefined) => (value === undefined ? '-' : value ? 'yes' : 'no');

function note(r: ProviderTestResult): string {
  const cooling = r.cooldowns.filter((c) => c.state !== 'closed').map((c) => `${c.model} in cooldown`);
  return [r.hint, r.error && !r.hint ? r.error.message.split('\n')[0] : undefined, ...cooling].filter(Boolean).join('; ');
}

/** `aegis-llm test [provider]`: the test_provider answer as a table (or JSON); exit 1 when nothing answered. */
export async function runTest(values: Values, provider: string | undefined, io: CliIo): Promise<number> {
  const { gateway } = openGateway(values, io);
  try {
    const results = await gateway.testProvider(provider);
    const answered = results.filter((r) => r.modelAnswered === true).map((r) => r.provider);
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify({ results, answered }, null, 2)}\n`);
    } else {
      io.stdout.write(
        formatTable(results, [
          { header: 'PROVIDER', value: (r) => r.provider },
          { header: 'CONFIGURED', value: (r) => yesNo(r.configured) },
          { header: 'REACHABLE', value: (r) => (r.configured ? yesNo(r.reachable) : '-') },
          { header: 'KEY', value: (r) => (r.keyAccepted === undefined ? '-' : r.keyAccepted ? 'accepted' : 'refused') },
          { header: 'LATENCY', value: (r) => (r.latencyMs === undefined ? '-' : `${r.latencyMs} ms`), align: 'right' },
          { header: 'MODEL', value: (r) => r.model ?? '-' },
          { header: 'ANSWERED', value: (r) => yesNo(r.modelAnswered) },
          { header: 'NOTE', value: note },
        ]),
      );
    }
    return answered.length > 0 ? EXIT.ok : EXIT.failed;
  } finally {
    await gateway.close();
  }
}
