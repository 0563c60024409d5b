import { OPENAI_ARGUMENT_NAMES } from '@aegis-llm/core';
import { z } from 'zod';

const target = z.string().trim().min(1, 'name a model as provider/model, e.g. dashscope/qwen-plus');

const imageUrl = z.string().refine((s) => /^(https?:\/\/|data:image\/)/.test(s), 'each image must be an http(s) URL or a data:image/...;base64 URL');

const toolName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'a tool name is 1-64 letters, digits, _ or -');

const toolCall = z.object({
  id: z.string().min(1).describe('The call id, as the earlier answer gave it in toolCalls.'),
  name: toolName.describe('The tool called.'),
  arguments: z.string().describe('The arguments as the JSON text the model wrote.'),
});

const responseFormat = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('text') }),
    z.object({ type: z.literal('json_object') }),
    z.object({
      type: z.literal('json_schema'),
      name: toolName.describe('A name for the schema, e.g. weather_report.'),
      schema: z.record(z.string(), z.json()).describe('The JSON Schema the answer must follow (an object schema).'),
      strict: z.boolean().optional().describe('Ask the provider to follow the schema exactly.'),
    }),
  ])
  .describe(
    'The answer\'s form: {"type":"json_object"} for any JSON object, {"type":"json_schema","name":...,"schema":{...}} for JSON following a schema. The parsed value comes back in `json`. Models without the mode are skipped.',
  );

const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `tags` as name -> value. Taken as `[name, value]` pairs before zod sees
 * it: a zod record drops a `__proto__` key, and a tag of that name is as
 * ordinary as any other. The gateway checks names and values.
 */
const tags = z
  .preprocess((value) => (isObject(value) ? Object.entries(value as object) : value), z.array(z.tuple([z.string(), z.string('a tag value is a string')])))
  .meta({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'Attribution: tag name -> value, e.g. {"team":"support","end_user":"u-42"}. Kept in the ledger; budget_status sums spend per tag. Names: lower-case letters, digits, _ . : - (at most 64); values 1-256 characters; at most 32 tags. `mcp_client` is set from your client name.',
  });

/** The `chat` tool's arguments. Snake case, as MCP tools' arguments usually are. */
export const chatInputShape = {
  prompt: z.string().min(1, 'prompt is empty: give the question, or use messages').optional().describe('The user message. Give this or `messages`.'),
  messages: z
    .array(
      z.object({
        role: z.enum(['system', 'user', 'assistant', 'tool']).describe('Who speaks: system, user, assistant, or tool (the result of a tool call).'),
        content: z.string().describe("The message text; for a tool message, the tool's result."),
        tool_calls: z.array(toolCall).min(1).optional().describe("On an assistant message: the tool calls it made (from an earlier answer's toolCalls)."),
        tool_call_id: z.string().min(1).optional().describe('On a tool message: the id of the call this is the result of.'),
      }),
    )
    .min(1, 'messages is empty: give at least one message, or use prompt')
    .optional()
    .describe('The conversation, oldest first. Give this or `prompt`.'),
  system: z.string().optional().describe('System instructions, sent before the conversation.'),
  model: target
    .optional()
    .describe('`provider/model`, e.g. `dashscope/qwen-plus` or `ollama/qwen2.5:0.5b` (list_models shows them). Omitted: the route of `task` picks the model.'),
  fallbacks: z
    .array(target)
    .max(10, 'at most 10 fallbacks')
    .optional()
    .describe('`provider/model` targets tried in order when `model` fails (with no `model`: after the route of `task`).'),
  task: z
    .string()
    .min(1)
    .optional()
    .describe('Task type whose configured route (ordered fallback chain) picks the model when `model` is omitted: chat (default), summarize, code, ...'),
  max_tokens: z
    .number()
    .int('max_tokens must be a whole number of tokens, e.g. 1024')
    .positive('max_tokens must be at least 1, e.g. 1024')
    .optional()
    .describe("Output cap in tokens. Omitted: the model's maximum. Reserved against the budget before the call."),
  temperature: z
    .number()
    .min(0, 'temperature must be between 0 and 2')
    .max(2, 'temperature must be between 0 and 2')
    .optional()
    .describe('Sampling temperature, 0 to 2.'),
  thinking: z.boolean().optional().describe('DashScope hybrid thinking (Qwen3 models): the reasoning comes back separately.'),
  top_p: z.number().min(0, 'top_p must be between 0 and 1').max(1, 'top_p must be between 0 and 1').optional().describe('Nucleus sampling, 0 to 1.'),
  stop: z
    .array(z.string().min(1))
    .min(1)
    .max(4, 'at most 4 stop sequences')
    .optional()
    .describe('Up to 4 sequences that end the answer where they would appear.'),
  seed: z.number().int('seed must be a whole number').optional().describe('Same seed and request: the same answer, as far as the provider can.'),
  response_format: responseFormat.optional(),
  tools: z
    .array(
      z.object({
        name: toolName.describe('The function name the model calls.'),
        description: z.string().optional().describe('What it does and when to call it.'),
        parameters: z
          .record(z.string(), z.json())
          .optional()
          .describe('JSON Schema of its arguments object, e.g. {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}.'),
      }),
    )
    .max(128)
    .optional()
    .describe(
      'Functions the model may call. Calls come back in `toolCalls` (finishReason tool_calls) for you to run; send each result back as a tool message with its tool_call_id, after the assistant message with those tool_calls.',
    ),
  tool_choice: z
    .union([z.enum(['auto', 'none', 'required']), z.object({ name: toolName })])
    .optional()
    .describe('auto (default: the model decides), none, required (must call one), or {"name":"..."} to force that tool.'),
  images: z
    .array(imageUrl)
    .max(16, 'at most 16 images')
    .optional()
    .describe('Image URLs or data URLs (data:image/png;base64,...) attached to the last user message; needs a vision model such as dashscope/qwen-vl-plus.'),
  timeout_ms: z
    .number()
    .int('timeout_ms must be a whole number of milliseconds, e.g. 120000')
    .positive('timeout_ms must be at least 1')
    .optional()
    .describe(
      "How long this call may wait in silence, in ms: for the answer to start (retries and fallbacks included) and, when longer than the server's 30 s idle limit (routing.streamIdleTimeoutMs), between two chunks too. Default: routing.requestTimeoutMs (55000). Once text flows only silence or routing.maxRequestMs (10 minutes) end the call.",
    ),
  tags: tags.optional(),
  answer_id: z
    .string()
    .min(1)
    .optional()
    .describe('Read more of an earlier long answer without calling a model: the page.answerId it returned. Use with `offset`.'),
  offset: z
    .number()
    .int('offset must be a whole number')
    .min(0, 'offset must be 0 or more')
    .optional()
    .describe('With `answer_id`: where to continue (the page.nextOffset of the previous page).'),
};

export type ChatInput = z.infer<z.ZodObject<typeof chatInputShape>>;

/** The core's request field names (segments of an error's field path) as this tool spells them. */
export const CHAT_ARGUMENT_NAMES: ReadonlyMap<string, string> = new Map([...OPENAI_ARGUMENT_NAMES, ['timeoutMs', 'timeout_ms']]);
