/**
 * The small logger the ledger, budgets and alerts write through. Injected, so
 * a host can route it (an MCP server must keep stdout for the protocol).
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Writes to stderr: stdout belongs to the MCP protocol. */
export function createStderrLogger(prefix = 'aegis-llm'): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>): void => {
    const extra = fields === undefined ? '' : ` ${JSON.stringify(fields)}`;
    process.stderr.write(`${prefix} ${level}: ${message}${extra}\n`);
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
