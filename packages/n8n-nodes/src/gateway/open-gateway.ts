import { createGateway, type AegisConfig, type Gateway, type Logger } from '@aegis-llm/core';

/** The part of n8n's logger the core writes through. */
export interface HostLogger {
  info(message: string, meta?: object): void;
  warn(message: string, meta?: object): void;
  error(message: string, meta?: object): void;
}

/**
 * A gateway for one node run. The ledger is the file store in `config.home`
 * (locked across processes), so every run and the MCP server share it; the
 * caller closes the gateway when the run ends.
 */
export function openGateway(config: AegisConfig, logger?: HostLogger, credentialLabel?: string): Gateway {
  // Who set a budget, as the store's budget book and budget_status say it.
  const budgetSource = `n8n credential (${credentialLabel ?? 'Aegis LLM'})`;
  return createGateway({ config, budgetSource, ...(logger ? { logger: toCoreLogger(logger) } : {}) });
}

function toCoreLogger(logger: HostLogger): Logger {
  return {
    info: (message, fields) => logger.info(`aegis-llm: ${message}`, fields),
    warn: (message, fields) => logger.warn(`aegis-llm: ${message}`, fields),
    error: (message, fields) => logger.error(`aegis-llm: ${message}`, fields),
  };
}
