import { createHttpApp } from '../http/create-http-app.js';
import { isLoopbackHost } from '../http/is-loopback-host.js';
import { listen } from '../http/listen.js';
import { EXIT, type CliIo } from './cli-io.js';
import type { Values } from './commands.js';
import { describeProviders } from './describe-providers.js';
import { loadServerToken } from './load-server-token.js';
import { openGateway } from './open-gateway.js';
import { parsePort } from './parse-port.js';

export const TOKEN_ENV = 'AEGIS_LLM_TOKEN';

const list = (value: Values[string]) => (Array.isArray(value) ? value.map(String) : []);

/** `aegis-llm serve`: Streamable HTTP MCP at /mcp and the admin page, until SIGINT/SIGTERM. */
export async function runServe(values: Values, io: CliIo): Promise<number> {
  const port = parsePort(typeof values.port === 'string' ? values.port : undefined);
  const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
  const opened = openGateway(values, io);
  const { gateway, config, logger } = opened;
  const fromEnv = io.env[TOKEN_ENV]?.trim() || undefined;
  // Without AEGIS_LLM_TOKEN, one generated token kept in the data directory: a restart keeps the admin logged in.
  const kept = fromEnv === undefined ? loadServerToken(config.home) : undefined;
  const token = fromEnv ?? kept?.token ?? '';

  const { clientKeys } = opened;
  if (!isLoopbackHost(host) && !clientKeys.hasActiveKeys()) {
    await gateway.close();
    throw new Error(
      `--host ${host} serves the OpenAI-compatible endpoint beyond this machine, and that needs client keys: create one first with "aegis-llm keys create --name <who>" (each client gets its own, revocable key; the server token stays the admin's).`,
    );
  }

  const { app, sessions } = createHttpApp({
    gateway,
    token,
    host,
    extraHosts: list(values['allowed-host']),
    allowedOrigins: list(values['allowed-origin']),
    configFile: opened.configFile,
    reconfigure: opened.reconfigure,
    configPaths: opened.paths,
    env: io.env,
    logger,
    clientKeys,
  });
  let bound: Awaited<ReturnType<typeof listen>>;
  try {
    bound = await listen(app, port, host);
  } catch (error) {
    await gateway.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${port} on ${host} is in use: pass --port N (0 picks a free port).`);
    if (code === 'EADDRNOTAVAIL') throw new Error(`cannot bind ${host}: no such local address. Use --host 127.0.0.1 or 0.0.0.0.`);
    throw error;
  }

  const shown = host.includes(':') ? `[${host}]` : host;
  const base = `http://${shown === '0.0.0.0' || shown === '[::]' ? '127.0.0.1' : shown}:${bound.port}`;
  io.stderr.write(
    [
      `aegis-llm serve: listening on ${shown}:${bound.port}`,
      `  MCP endpoint  ${base}/mcp   (Streamable HTTP; header "Authorization: Bearer <token>")`,
      `  OpenAI API    ${base}/v1   (chat/completions, models; a client key or the token as the API key)`,
      `  Admin page    ${base}/`,
      kept === undefined
        ? `  Token         from ${TOKEN_ENV}`
        : `  Token         ${token}   (${kept.created ? 'generated, kept in' : 'from'} ${kept.file}; set ${TOKEN_ENV} to choose your own)`,
      `  Config file   ${opened.configFile}`,
      `  Data          ${config.home}`,
      ...describeProviders(config).map((line) => `  ${line}`),
      '',
    ].join('\n'),
  );

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    io.stderr.write('aegis-llm serve: shutting down\n');
    await sessions.close();
    bound.server.closeAllConnections();
    await new Promise((resolve) => bound.server.close(resolve));
    await gateway.close().catch((error: unknown) => logger.error('closing the gateway failed', { error: String(error) }));
    process.exit(EXIT.ok);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  return EXIT.ok;
}
