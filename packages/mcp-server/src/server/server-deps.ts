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
  /**
   * Estimated tokens of answer text per tool result (CJK aware). The page
   * travels twice (structuredContent and the text block) and the estimate
   * can be 35% low for Chinese, so 2 x 8,000 x 1.35 stays under 25,000.
   * @default 8000
   */
  pageTokens?: number;
  /**
   * A subscribed budget resource is told of changes at most once per this
   * window: a burst of requests makes one `notifications/resources/updated`.
   * @default 1000
   */
  resourceUpdateWindowMs?: number;
  /**
   * Clients (their `clientInfo.name`, any case) that read `structuredContent`:
   * chat's text block does not repeat the answer for them (it travels once,
   * in `structuredContent`). Others get the same JSON in the text block, as
   * the spec asks for clients that only read `content` (Claude Desktop,
   * Open WebUI and others). Claude Code reads `structuredContent` when
   * present (anthropics/claude-code#54450).
   * @default ['claude-code']
   */
  structuredClients?: readonly string[];
  /** Clock for the answer pages' expiry (tests). @default Date.now */
  now?: () => number;
}
