import type { Gateway, Logger } from '@aegis-llm/core';

/** What one MCP server instance needs. Each stdio process or HTTP session builds its own server over one shared gateway. */
export interface ServerDeps {
  gateway: Gateway;
  /** @default stderr (stdout belongs to the protocol in stdio mode) */
  logger?: Logger;
  /**
   * Characters of answer text per tool result. Claude Code caps tool output at
   * 25,000 tokens by default and the text travels twice (structured content and
   * its JSON text block), so a page stays well under that.
   * @default 30000
   */
  pageChars?: number;
  /** Clock for the answer pages' expiry (tests). @default Date.now */
  now?: () => number;
}
