/**
 * `provider/model` for a model id typed in a node. Always qualified, so a bare
 * id is never resolved to another provider through the catalog. An id that
 * already names this provider is kept (`dashscope/qwen-plus`); an AnyLLM id
 * with slashes of its own (`meta-llama/llama-3.1-8b`) is prefixed as a whole.
 */
export function qualifyModel(providerId: string, model: string): string {
  const id = model.trim();
  return id.startsWith(`${providerId}/`) ? id : `${providerId}/${id}`;
}
