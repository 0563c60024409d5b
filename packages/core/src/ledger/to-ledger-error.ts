import { AegisError, isAegisError } from '../errors.js';

/**
 * A store failure (disk full, permissions, lock timeout) as an AegisError, so
 * nothing but AegisErrors leaves the core. No kind fits a local store yet:
 * `upstream_unavailable` with code LEDGER_UNAVAILABLE, not fallbackable (every
 * target shares the ledger). The message names the file system error, never a
 * secret (the store holds none).
 */
export function toLedgerError(error: unknown): AegisError {
  if (isAegisError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  return new AegisError('upstream_unavailable', `The cost ledger could not be read or written: ${reason}`, {
    code: 'LEDGER_UNAVAILABLE',
    retryable: true,
    fallbackable: false,
    details: code === undefined ? undefined : { fsCode: code },
    cause: error,
  });
}
