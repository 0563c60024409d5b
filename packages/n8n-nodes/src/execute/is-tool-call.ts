import { NodeConnectionTypes, type IExecuteFunctions } from 'n8n-workflow';

/**
 * Whether an AI Agent runs this node as one of its tools (`usableAsTool`).
 *
 * `isToolExecution()` alone is not enough: it is true only on the older path,
 * where the agent calls the node through a supply-data context. n8n 2.x's
 * agents (Agent 3.x, engine requests) have the workflow engine run the tool
 * node as a node of its own, with an execute context whose isToolExecution()
 * is always false (n8n-core 2.40 `ExecuteContext`); there the node carries
 * `rewireOutputLogTo: 'ai_tool'` (set by `prepareRequestedNodesForExecution`),
 * and its type is the tool variant n8n derives from a usableAsTool node,
 * `<package>.<name>Tool`, on both paths.
 */
export function isToolCall(ctx: IExecuteFunctions): boolean {
  if (typeof ctx.isToolExecution === 'function' && ctx.isToolExecution()) return true;
  const node = ctx.getNode();
  return node.rewireOutputLogTo === NodeConnectionTypes.AiTool || node.type.endsWith('Tool');
}
