import { providerKind, type AegisConfig } from '@aegis-llm/core';

/**
 * Start-up lines about providers, for stderr: which are configured, and when
 * none with a key is, which variables to set. Never a key, only names.
 */
export function describeProviders(config: AegisConfig): string[] {
  const providers = Object.values(config.providers);
  const configured = providers.filter((p) => p.configured);
  // Configured by the user: a kind that takes no key (Ollama) is configured without being set up.
  const keyed = configured.filter((p) => providerKind(p.kind).keyNeed !== 'none');
  const lines = [`Providers configured: ${configured.map((p) => (p.region ? `${p.id} (${p.region})` : p.id)).join(', ') || 'none'}`];
  if (keyed.length === 0) {
    lines.push(
      'No provider has a key yet: only a local Ollama can answer. To use a cloud model, set one of:',
      '  DASHSCOPE_API_KEY    Alibaba Cloud Model Studio key (Qwen); DASHSCOPE_REGION=singapore|us|beijing|hongkong',
      '  OPENAI_API_KEY       OpenAI key',
      '  ANYLLM_BASE_URL      any OpenAI-compatible server (with ANYLLM_API_KEY, ANYLLM_MODEL if needed)',
      '  OLLAMA_BASE_URL      a local Ollama (default http://127.0.0.1:11434/v1)',
      'then restart, or add providers on the admin page (aegis-llm serve).',
    );
  }
  return lines;
}
