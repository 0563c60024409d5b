/**
 * Whether a Redis client error means "the store cannot be reached right now"
 * (connection refused or lost, a timeout, a server still loading its data or
 * refusing writes), and if so a short reason safe to show: a code or a fixed
 * phrase, never the error's own text (which may quote command arguments).
 * Undefined for anything else: a script or programming error that retrying
 * elsewhere would not fix.
 */
export function redisFailureReason(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  if (error.name === 'ReplyError') {
    // The server answered: only these answers mean it cannot serve us now.
    const prefix = /^[A-Z]+/.exec(error.message)?.[0] ?? '';
    if (AVAILABILITY_REPLIES.has(prefix)) return prefix;
    if (prefix === 'NOAUTH' || prefix === 'WRONGPASS') return 'authentication failed';
    return undefined;
  }
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
  if (error.name === 'MaxRetriesPerRequestError') return 'connection lost';
  if (/timed out/i.test(error.message)) return 'command timed out';
  if (/Connection is closed|Stream isn't writeable|Connection is not ready/i.test(error.message)) return 'not connected';
  return undefined;
}

const AVAILABILITY_REPLIES = new Set(['LOADING', 'BUSY', 'MASTERDOWN', 'READONLY', 'MISCONF', 'TRYAGAIN', 'CLUSTERDOWN', 'OOM']);
