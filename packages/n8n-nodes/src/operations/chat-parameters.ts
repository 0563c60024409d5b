/**
 * The Chat operation's parameters as the node reads them, before they become
 * a core ChatRequest. Types only.
 */
export interface ChatMessageParameter {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatOptions {
  system?: string;
  /** Task type: labels the ledger entry and picks the model when none is named. @default 'chat' */
  task?: string;
  /** Model ids tried in order after the model, comma- or newline-separated. */
  fallbackModels?: string;
  /** Version 1 of the action nodes, and the chat-model sub-nodes: sent only when added. */
  maxTokens?: number;
  temperature?: number;
  /** Image URLs (http(s) or data:image), one per line or comma-separated. */
  images?: string;
  /** DashScope hybrid thinking. */
  thinking?: boolean;
  thinkingBudget?: number;
  timeoutSeconds?: number;
  topP?: number;
  /** Stop sequences, comma- or newline-separated. */
  stop?: string;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** @default 'text' */
  responseFormat?: 'text' | 'json_object' | 'json_schema';
  /** The JSON Schema (text or object) for responseFormat `json_schema`. */
  jsonSchema?: string | object;
  /** Free tags (name and value rows), kept in the ledger with the spend. */
  tags?: { values?: Array<{ name?: string; value?: string }> };
}

export interface ChatParameters {
  /** Empty: the credential's default model, else the task type's route. */
  model: string;
  inputType: 'prompt' | 'messages';
  prompt: string;
  messages: ChatMessageParameter[];
  options: ChatOptions;
  /** Images read from the item's binary data, as data URLs. */
  binaryImages: string[];
  /**
   * Version 2 of the action nodes: the Maximum Tokens parameter, always sent
   * (an invalid value is the core's bad_request naming `maxTokens`); it
   * takes the place of `options.maxTokens`.
   */
  maxTokens?: number;
  /** Tags n8n knows (workflow, execution, node: workflow-tags.ts), over the Tags option's. */
  contextTags?: Record<string, string>;
}
