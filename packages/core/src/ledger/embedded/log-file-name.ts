/** The per-request log of one month: `ledger-2026-11.jsonl`. */
export function logFileName(period: string): string {
  return `ledger-${period}.jsonl`;
}

const LOG_FILE = /^ledger-(\d{4}-\d{2})\.jsonl$/;

/** The month of a log file name, or undefined for any other file. */
export function periodOfLogFile(name: string): string | undefined {
  return LOG_FILE.exec(name)?.[1];
}
