/**
 * AEGIS_LLM_HOME of the n8n process, the data directory the MCP server uses
 * by default too. The only environment variable the nodes read.
 */
export function envHome(): string | undefined {
  return process.env.AEGIS_LLM_HOME;
}
