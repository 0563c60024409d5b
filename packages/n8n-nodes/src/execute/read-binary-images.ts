import type { IExecuteFunctions } from 'n8n-workflow';
import { splitList } from '../operations/split-list.js';

/**
 * Images attached to the item as binary data (an HTTP download, a form
 * upload), as data URLs for a vision model. `properties` names the binary
 * fields, comma-separated.
 */
export async function readBinaryImages(ctx: IExecuteFunctions, itemIndex: number, properties: string | undefined): Promise<string[]> {
  const urls: string[] = [];
  for (const property of splitList(properties)) {
    const binary = ctx.helpers.assertBinaryData(itemIndex, property);
    const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
    urls.push(`data:${binary.mimeType || 'image/png'};base64,${buffer.toString('base64')}`);
  }
  return urls;
}
