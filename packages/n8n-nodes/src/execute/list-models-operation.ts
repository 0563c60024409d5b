import { toJson } from '../output/to-json.js';
import type { ItemOperation } from './item-runner.js';

/** List Models: one item per model this provider serves (live /models merged with the catalog). */
export const listModelsOperation: ItemOperation = async ({ ctx, gateway, setup }, itemIndex) => {
  const live = ctx.getNodeParameter('options.live', itemIndex, true) !== false;
  const models = await gateway.listModels({ provider: setup.providerId, live });
  return models.map((model) => toJson(model));
};
