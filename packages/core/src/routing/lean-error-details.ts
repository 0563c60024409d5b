/**
 * A failed request's details as a tool result should carry them (issue 20):
 * only what explains something beyond the error's own message. An
 * all-rate-limited route repeated each target's sentence in every attempt
 * and again in `errors`, beside the message that already lists them, which
 * made a 10 KB result of a one-paragraph failure.
 *
 * - `attempts` are left out when every try failed as its target's error
 *   says (same kind, status and code: the message counts the tries);
 *   otherwise each keeps its facts (outcome, status, waits, latency) and
 *   drops its sentence when the message already says it;
 * - each of `errors` keeps its facts (kind, status, code, request id,
 *   retry-after) and drops the sentence the message already holds;
 * - empty lists (`skipped`, `untried`) are left out.
 * Everything else in `details` is kept as it is. The error itself (kind,
 * message, provider, status...) is not touched.
 */
import type { AegisErrorDetails, AegisErrorJson } from '../errors.js';

/** A failed target's error in lean details: its sentence only when the message does not hold it. */
export type LeanTargetError = Omit<AegisErrorJson, 'message' | 'details'> & { message?: string };

export type LeanErrorDetails = Omit<AegisErrorDetails, 'errors'> & { errors?: LeanTargetError[] };

export function leanErrorDetails(
  error: Pick<AegisErrorJson, 'kind' | 'message' | 'provider' | 'model' | 'status' | 'code' | 'details'>,
): LeanErrorDetails | undefined {
  const details = error.details;
  if (details === undefined) return undefined;
  const said = (text: string | undefined): boolean => text !== undefined && error.message.includes(text);
  const lean: LeanErrorDetails = { ...details, errors: undefined };
  delete lean.errors;

  if (details.attempts !== undefined) {
    // What each target ended with: its entry in `errors`, or the error itself.
    const endings = new Map<string, Pick<AegisErrorJson, 'kind' | 'status' | 'code'>>();
    for (const e of details.errors ?? [error]) endings.set(`${e.provider}/${e.model}`, e);
    const asItEnded = details.attempts.every((a) => {
      const end = endings.get(`${a.provider}/${a.model}`);
      return end !== undefined && end.kind === a.outcome && end.status === a.status && end.code === a.code;
    });
    // Every try failed as its target's error says (the message counts them): nothing to add.
    if (asItEnded) delete lean.attempts;
    else lean.attempts = details.attempts.map(({ message, ...facts }) => (said(message) ? facts : { ...facts, ...(message === undefined ? {} : { message }) }));
  }
  if (details.errors !== undefined) {
    lean.errors = details.errors.map(({ message, details: _details, ...facts }) => (said(message) ? facts : { ...facts, message }));
  }
  if (details.skipped?.length === 0) delete lean.skipped;
  if (details.untried?.length === 0) delete lean.untried;
  return Object.keys(lean).length === 0 ? undefined : lean;
}
