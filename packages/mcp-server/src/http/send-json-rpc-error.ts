import type { Response } from 'express';

/** An HTTP error in the JSON-RPC shape MCP clients expect on /mcp (the SDK's own middleware answers the same way). */
export function sendJsonRpcError(res: Response, status: number, message: string, code = -32000): void {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}
