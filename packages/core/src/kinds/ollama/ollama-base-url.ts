/**
 * Ollama's OpenAI-compatible API lives under `/v1`
 * (github.com/ollama/ollama/blob/main/docs/openai.md), but users commonly
 * give the server root (`http://localhost:11434`, what OLLAMA_HOST holds):
 * a URL with no path gets `/v1`; one with a path is taken as given. The URL
 * arrives without trailing slashes.
 */
export function ollamaBaseUrl(url: string): string {
  return new URL(url).pathname === '/' ? `${url}/v1` : url;
}
