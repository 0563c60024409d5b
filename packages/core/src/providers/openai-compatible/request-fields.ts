import type { ProviderSpec, SamplingParam } from '../../kinds/provider-spec.js';
import type { ChatMessage, ResponseFormat } from '../../types.js';
import type { ProviderCall } from '../provider-call.js';

/** `tools`, `tool_choice` and `parallel_tool_calls` in OpenAI's shape; nothing when the call has no tools. */
export function toolFields(call: ProviderCall): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (call.tools && call.tools.length > 0) {
    fields.tools = call.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        parameters: tool.parameters ?? { type: 'object', properties: {} },
        ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
      },
    }));
    if (call.parallelToolCalls !== undefined) fields.parallel_tool_calls = call.parallelToolCalls;
  }
  const choice = call.toolChoice;
  if (choice !== undefined) fields.tool_choice = typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
  return fields;
}

/** `response_format` in OpenAI's shape; nothing for plain text (the default everywhere). */
export function responseFormatField(format: ResponseFormat | undefined): Record<string, unknown> {
  if (format === undefined || format.type === 'text') return {};
  if (format.type === 'json_object') return { response_format: { type: 'json_object' } };
  const { name, schema, strict, description } = format;
  return {
    response_format: {
      type: 'json_schema',
      json_schema: { name, schema, ...(strict !== undefined ? { strict } : {}), ...(description !== undefined ? { description } : {}) },
    },
  };
}

/** The sampling fields the call sets that its kind takes (ProviderSpec.samplingParams); the others are not sent. */
export function samplingFields(call: ProviderCall, spec: ProviderSpec): Record<string, unknown> {
  const values: Record<SamplingParam, unknown> = {
    top_p: call.topP,
    stop: call.stop,
    seed: call.seed,
    presence_penalty: call.presencePenalty,
    frequency_penalty: call.frequencyPenalty,
    user: call.user,
  };
  const fields: Record<string, unknown> = {};
  for (const param of spec.samplingParams) if (values[param] !== undefined) fields[param] = values[param];
  return fields;
}

/**
 * The messages of a JSON-object call to a kind that wants the word "json" in
 * them (ProviderSpec.jsonModeInstruction): the instruction is added to the
 * first system message, or sent as one before the conversation. Unchanged
 * when the word is there already, or the call is not in JSON mode.
 */
export function withJsonInstruction(messages: readonly ChatMessage[], call: ProviderCall, spec: ProviderSpec): readonly ChatMessage[] {
  const instruction = spec.jsonModeInstruction;
  if (instruction === undefined || call.responseFormat?.type !== 'json_object') return messages;
  if (messages.some(mentionsJson)) return messages;
  const [first, ...rest] = messages;
  if (first?.role === 'system' && typeof first.content === 'string') {
    return [{ ...first, content: first.content === '' ? instruction : `${first.content}\n\n${instruction}` }, ...rest];
  }
  return [{ role: 'system', content: instruction }, ...messages];
}

function mentionsJson(message: ChatMessage): boolean {
  const texts = typeof message.content === 'string' ? [message.content] : message.content.map((p) => (p.type === 'text' ? p.text : ''));
  return texts.some((text) => /json/i.test(text));
}
