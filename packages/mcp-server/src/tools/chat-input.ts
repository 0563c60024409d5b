import { z } from 'zod';

const target = z.string().trim().min(1, 'name a model as provider/model, e.g. dashscope/qwen-plus');

const imageUrl = z
  .string()
  .refine((s) => /^(https?:\/\/|data:image\/)/.test(s), 'each image must be an http(s) URL or a data:image/...;base64 URL');

/** The `chat` tool's arguments. Snake case, as MCP tools' arguments usually are. */
export const chatInputShape = {
  prompt: z.string().min(1, 'prompt is empty: give the question, or use messages').optional().describe('The user message. Give this or `messages`.'),
  messages: z
    .array(
      z.object({
        role: z.enum(['system', 'user', 'assistant']).describe('Who speaks: system, user or assistant.'),
        content: z.string().describe('The message text.'),
      }),
    )
    .min(1, 'messages is empty: give at least one message, or use prompt')
    .optional()
    .describe('The conversation, oldest first. Give this or `prompt`.'),
  system: z.string().optional().describe('System instructions, sent before the conversation.'),
  model: target
    .optional()
    .describe('`provider/model`, e.g. `dashscope/qwen-plus` or `ollama/qwen2.5:0.5b` (list_models shows them). Omitted: the route of `task` picks the model.'),
  fallbacks: z.array(target).max(10, 'at most 10 fallbacks').optional().describe('`provider/model` targets tried in order when `model` fails.'),
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
  temperature: z.number().min(0, 'temperature must be between 0 and 2').max(2, 'temperature must be between 0 and 2').optional().describe('Sampling temperature, 0 to 2.'),
  thinking: z.boolean().optional().describe('DashScope hybrid thinking (Qwen3 models): the reasoning comes back separately.'),
  images: z
    .array(imageUrl)
    .max(16, 'at most 16 images')
    .optional()
    .describe('Image URLs or data URLs (data:image/png;base64,...) attached to the last user message; needs a vision model such as dashscope/qwen-vl-plus.'),
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
