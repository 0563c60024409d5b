import type { INodeProperties } from 'n8n-workflow';
import { commonChatOptionFields, samplingOptionFields, thinkingOptionFields, type SamplingParams } from './chat-option-fields.js';
import { modelProperty, type ModelPropertyOptions } from './model-property.js';

/**
 * The parameters of a chat-model sub-node: the model and the options of every
 * call, sampling ones as n8n's OpenAI Chat Model offers them (only those the
 * provider kind accepts).
 */
export function chatModelProperties(model: ModelPropertyOptions, thinking: boolean, sampling: SamplingParams): INodeProperties[] {
  return [
    modelProperty(model),
    {
      displayName: 'Options',
      name: 'options',
      type: 'collection',
      placeholder: 'Add Option',
      default: {},
      options: [...commonChatOptionFields(), ...samplingOptionFields(sampling), ...(thinking ? thinkingOptionFields() : [])],
    },
  ];
}
