import { AegisError, isAegisError } from '../errors.js';

/** What to do about a file system failure, by errno code. */
const ADVICE: Readonly<Record<string, string>> = {
  EACCES: 'the ledger directory is not writable by this process: fix its permissions',
  EPERM: 'the ledger directory is not writable by this process: fix its permissions',
  EROFS: 'the ledger directory is on a read-only file system',
  ENOSPC: 'the disk holding the ledger is full: free some space',
  EDQUOT: 'the disk quota of the ledger directory is exhausted',
  ENOTDIR: 'the ledger path (AEGIS_LLM_HOME/ledger) is not a directory',
  EEXIST: 'the ledger path (AEGIS_LLM_HOME/ledger) is not a directory',
  EMFILE: 'this process has run out of file handles (too many open files or connections)',
  ENFILE: 'the system has run out of file handles',
  EIO: 'the disk holding the ledger reported an I/O error',
};

/**
 * A store failure (disk full, permissions, lock timeout) as an AegisError, so
 * nothing but AegisErrors leaves the core. The kind is `store_unavailable`,
 * as for an unreachable Redis: not the provider's fault, so never fallbackable
 * (every target shares the ledger), never counted towards a target's cooldown
 * (routing/cooldown-tracker.ts), and not retried by the router. The message
 * names the file system error and the path it was about (under
 * AEGIS_LLM_HOME), never a secret (the store holds none).
 */
export function toLedgerError(error: unknown): AegisError {
  if (isAegisError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  const advice = code === undefined ? undefined : ADVICE[code];
  return new AegisError(
    'store_unavailable',
    `The cost ledger could not be read or written (${reason})${advice === undefined ? '' : `: ${advice}`}. ` +
      'Requests under a budget are refused until it can be written; records already due are kept and retried.',
    {
      code: 'LEDGER_UNAVAILABLE',
      details: code === undefined ? undefined : { fsCode: code },
      cause: error,
    },
  );
}
