/**
 * Redaction of API keys from any text that may leave the process (errors,
 * logs, tool results, ledger lines). Known secrets are replaced exactly; on top
 * of that, key-shaped strings are masked, because an upstream may echo a key
 * we were never told about (a proxy's key in a forwarded header, say).
 */

export type Redactor = (text: string) => string;

const MASK = '[REDACTED]';

/** Key shapes seen in the wild: OpenAI/DashScope `sk-...`, bearer tokens. */
const KEY_PATTERNS: RegExp[] = [/\bsk-[A-Za-z0-9_-]{8,}/g, /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi];

/** Secrets shorter than this are not matched literally (too many false hits). */
const MIN_SECRET_LENGTH = 4;

export function createRedactor(secrets: Iterable<string | undefined>): Redactor {
  const literal = [...new Set([...secrets].filter((s): s is string => !!s && s.length >= MIN_SECRET_LENGTH))]
    // Longest first, so a secret containing another is masked whole.
    .sort((a, b) => b.length - a.length);
  return (text: string): string => {
    let out = text;
    for (const secret of literal) out = out.split(secret).join(MASK);
    for (const pattern of KEY_PATTERNS) {
      out = out.replace(pattern, (_match: string, prefix?: string) => (typeof prefix === 'string' ? `${prefix}${MASK}` : MASK));
    }
    return out;
  };
}
