import type { INodeProperties } from 'n8n-workflow';
import { commonChatOptionFields, thinkingOptionFields } from './chat-option-fields.js';
import { modelProperty, type ModelPropertyOptions } from './model-property.js';

/** The parameters of a chat-model sub-node: the model and the options of every call. */
export function chatModelProperties(model: ModelPropertyOptions, thinking: boolean): INodeProperties[] {
  return [
    modelProperty(model),
    {
      displayName: 'Options',
      name: 'options',
      type: 'collection',
      placeholder: 'Add Option',
      default: {},
      options: [...commonChatOptionFields(), ...(thinking ? thinkingOptionFields() : [])],
    },
  ];
}
