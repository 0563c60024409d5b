import type { IExecuteFunctions } from 'n8n-workflow';
import type { ChatMessageParameter, ChatOptions, ChatParameters } from '../operations/chat-parameters.js';
import { readBinaryImages } from './read-binary-images.js';

/** The Chat operation's parameters of one item. */
export async function readChatParameters(ctx: IExecuteFunctions, itemIndex: number): Promise<ChatParameters> {
  const inputType = ctx.getNodeParameter('inputType', itemIndex, 'prompt') === 'messages' ? 'messages' : 'prompt';
  const options = ctx.getNodeParameter('options', itemIndex, {}) as ChatOptions & { imageBinaryProperties?: string };
  const messages =
    inputType === 'messages'
      ? ((ctx.getNodeParameter('messages.values', itemIndex, []) as ChatMessageParameter[]) ?? [])
      : [];
  return {
    model: String(ctx.getNodeParameter('model', itemIndex, '', { extractValue: true }) ?? ''),
    inputType,
    prompt: inputType === 'prompt' ? String(ctx.getNodeParameter('prompt', itemIndex, '')) : '',
    messages,
    options,
    binaryImages: await readBinaryImages(ctx, itemIndex, options.imageBinaryProperties),
  };
}
