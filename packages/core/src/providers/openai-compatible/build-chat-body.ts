import type { ProviderCall } from '../provider-call.js';
import type { ProviderSpec } from '../../kinds/provider-spec.js';
import { toWireMessages } from './to-wire-messages.js';
import { responseFormatField, samplingFields, toolFields, withJsonInstruction } from './request-fields.js';

/** The JSON body of POST /chat/completions for one provider kind. */
export function buildChatBody(call: ProviderCall, spec: ProviderSpec, stream: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: call.model,
    messages: toWireMessages(withJsonInstruction(call.messages, call, spec)),
    stream,
  };
  if (call.maxTokens !== undefined) body[spec.outputCapField] = call.maxTokens;
  if (call.temperature !== undefined) body.temperature = call.temperature;
  Object.assign(body, samplingFields(call, spec), toolFields(call), responseFormatField(call.responseFormat));
  // Usage on streams only comes when asked for (OpenAI and DashScope alike).
  if (stream) body.stream_options = { include_usage: true };
  Object.assign(body, spec.extraBody?.({ stream, thinking: call.thinking, thinkingBudget: call.thinkingBudget, thinkingOnly: call.thinkingOnly }));
  return body;
}
