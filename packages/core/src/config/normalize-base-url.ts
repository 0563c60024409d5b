/**
 * A base URL without trailing slashes: clients append `/chat/completions`,
 * and `.../v1//chat/completions` is a 404 on some servers.
 */
export function normalizeBaseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * Ollama's OpenAI-compatible API lives under `/v1`
 * (github.com/ollama/ollama/blob/main/docs/openai.md), but users commonly
 * give the server root (`http://localhost:11434`, what OLLAMA_HOST holds):
 * a URL with no path gets `/v1`; one with a path is taken as given.
 */
export function normalizeOllamaBaseUrl(url: string): string {
  const normalized = normalizeBaseUrl(url);
  return new URL(normalized).pathname === '/' ? `${normalized}/v1` : normalized;
}
