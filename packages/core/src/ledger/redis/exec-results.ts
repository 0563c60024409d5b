/** What ioredis's `exec()` resolves to for a MULTI or a pipeline. */
export type ExecReply = Array<[Error | null, unknown]> | null;

/**
 * A MULTI or pipeline's replies, throwing the first error (a discarded MULTI
 * is one too). Call it inside `connection.run`, so a connection lost
 * mid-pipeline is reported as the store being unavailable.
 */
export function execResults(replies: ExecReply): unknown[] {
  if (replies === null) throw new Error('ledger: a Redis transaction was discarded');
  return replies.map(([error, value]) => {
    if (error !== null) throw error;
    return value;
  });
}
