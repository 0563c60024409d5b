import type { IExecuteFunctions } from 'n8n-workflow';
import { DEFAULT_MAX_TOKENS, sendsMaxTokensParameter } from '../description/action-node-version.js';
import type { ChatMessageParameter, ChatOptions, ChatParameters } from '../operations/chat-parameters.js';
import { readBinaryImages } from './read-binary-images.js';
import { workflowTags } from '../operations/workflow-tags.js';

/**
 * The Chat operation's parameters of one item. From version 2 Maximum Tokens
 * is the node's parameter (n8n fills in its default), whatever the options
 * say; version 1 reads it from the options, as it always did.
 */
export async function readChatParameters(ctx: IExecuteFunctions, itemIndex: number): Promise<ChatParameters> {
  const inputType = ctx.getNodeParameter('inputType', itemIndex, 'prompt') === 'messages' ? 'messages' : 'prompt';
  const options = ctx.getNodeParameter('options', itemIndex, {}) as ChatOptions & { imageBinaryProperties?: string };
  const messages = inputType === 'messages' ? ((ctx.getNodeParameter('messages.values', itemIndex, []) as ChatMessageParameter[]) ?? []) : [];
  const maxTokens = sendsMaxTokensParameter(ctx.getNode().typeVersion)
    ? { maxTokens: Number(ctx.getNodeParameter('maxTokens', itemIndex, DEFAULT_MAX_TOKENS)) }
    : {};
  return {
    ...maxTokens,
    model: String(ctx.getNodeParameter('model', itemIndex, '', { extractValue: true }) ?? ''),
    inputType,
    prompt: inputType === 'prompt' ? String(ctx.getNodeParameter('prompt', itemIndex, '')) : '',
    messages,
    options,
    binaryImages: await readBinaryImages(ctx, itemIndex, options.imageBinaryProperties),
    contextTags: workflowTags(ctx),
  };
}
