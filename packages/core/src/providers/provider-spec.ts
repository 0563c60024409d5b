/**
 * What differs between provider kinds, declared once per kind (see the
 * provider folders). Generic code reads these fields; it never branches on a
 * provider's name.
 */
import type { ErrorKind } from '../errors.js';
import type { ProviderKind } from '../types.js';

export interface UpstreamErrorFacts {
  status?: number;
  code?: string;
  type?: string;
  message: string;
}

export interface ChatBodyContext {
  stream: boolean;
  thinking?: boolean;
  thinkingBudget?: number;
}

export interface ProviderSpec {
  kind: ProviderKind;
  /** Display name for messages and the admin page. */
  label: string;
  /** Which body field caps the output. */
  outputCapField: 'max_tokens' | 'max_completion_tokens';
  /** Whether the provider needs an API key at all (Ollama does not). */
  needsKey: boolean;
  /** Extra body fields for this kind (thinking switches, ...). */
  extraBody?(ctx: ChatBodyContext): Record<string, unknown>;
  /** Provider-specific error codes; undefined falls back to the HTTP status. */
  classifyError?(facts: UpstreamErrorFacts): ErrorKind | undefined;
  /** Words added to a 401 message (DashScope keys are region-bound). */
  authHint?: string;
  /** Live model prices are zero (local servers such as Ollama). */
  modelsAreFree?: boolean;
}
