import { createServer } from '../server/create-server.js';
import { BoundedStdioTransport } from './bounded-stdio-transport.js';
import { EXIT, type CliIo } from './cli-io.js';
import type { Values } from './commands.js';
import { describeProviders } from './describe-providers.js';
import { openGateway } from './open-gateway.js';

/**
 * MCP over stdio. Nothing but protocol messages goes to stdout; start-up
 * notes go to stderr. Ends when the client closes stdin or on a signal.
 */
export async function runStdio(values: Values, io: CliIo): Promise<number> {
  const { gateway, config, logger } = openGateway(values, io);
  const server = createServer({ gateway, logger });
  const transport = new BoundedStdioTransport({ logger });
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => undefined);
    await gateway.close().catch((error: unknown) => logger.error('closing the gateway failed', { error: String(error) }));
    process.exit(EXIT.ok);
  };
  transport.onclose = () => void shutdown();
  process.stdin.once('end', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  await server.connect(transport);
  io.stderr.write(`aegis-llm: MCP server on stdio. ${describeProviders(config).join('\n')}\n`);
  return EXIT.ok;
}
