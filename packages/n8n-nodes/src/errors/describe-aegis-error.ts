import type { AegisError, Redactor } from '@aegis-llm/core';

/**
 * The facts behind an error in one line for the n8n error panel: kind, where,
 * upstream status and request id (for a support ticket). Never a secret.
 */
export function describeAegisError(error: AegisError, redact: Redactor): string {
  const where = [error.provider, error.model].filter(Boolean).join('/');
  const parts = [
    `kind: ${error.kind}`,
    where ? `target: ${where}` : undefined,
    error.status === undefined ? undefined : `status: ${error.status}`,
    error.code ? `code: ${error.code}` : undefined,
    error.requestId ? `request id: ${error.requestId}` : undefined,
  ];
  return redact(parts.filter(Boolean).join(', '));
}
