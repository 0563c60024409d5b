/**
 * Which server scenarios of `@modelcontextprotocol/conformance` (0.1.16,
 * active suite) apply to aegis-llm, per transport, and why the others do
 * not. The MCP README's "Conformance" section says the same to users; the
 * test holds both to it, and fails on a scenario listed in neither.
 */

/** Must pass over both transports. */
export const APPLICABLE = ['server-initialize', 'ping', 'logging-set-level', 'tools-list', 'tools-call-error', 'resources-list', 'prompts-list'] as const;

/** Must pass over Streamable HTTP; over stdio they test the test's own HTTP relay. */
export const HTTP_ONLY = ['dns-rebinding-protection', 'server-sse-multiple-streams'] as const;

const FIXTURE_TOOL = "calls a test_* tool of the SDK's reference server; aegis-llm's tools are its four verbs";
const FIXTURE_RESOURCE = "reads a test:// resource of the SDK's reference server; aegis-llm's are budget://status and budget://provider/{provider}";
const FIXTURE_PROMPT = "gets a test_* prompt of the SDK's reference server; aegis-llm's are check-budget-before-job and ask-for-task";

/** Scenarios that name fixtures of the SDK's reference ("everything") server, with what covers the feature here instead. */
export const NOT_APPLICABLE: Readonly<Record<string, string>> = {
  'tools-call-simple-text': `${FIXTURE_TOOL} (it passes only because the unknown tool's error result carries text)`,
  'tools-call-image': `${FIXTURE_TOOL}; no tool returns an image`,
  'tools-call-audio': `${FIXTURE_TOOL}; no tool returns audio`,
  'tools-call-embedded-resource': `${FIXTURE_TOOL}; no tool returns an embedded resource`,
  'tools-call-mixed-content': `${FIXTURE_TOOL}; results are text plus structuredContent`,
  'tools-call-with-logging': `${FIXTURE_TOOL}; chat's fallback and retry logging is tested in chat-arguments.test.ts`,
  'tools-call-with-progress': `${FIXTURE_TOOL}; chat's progress is tested in chat.test.ts`,
  'tools-call-sampling': `${FIXTURE_TOOL}; the server never asks the client to sample (it is the one that calls models)`,
  'tools-call-elicitation': `${FIXTURE_TOOL}; the server never elicits input`,
  'elicitation-sep1034-defaults': `${FIXTURE_TOOL}; the server never elicits input`,
  'elicitation-sep1330-enums': `${FIXTURE_TOOL}; the server never elicits input`,
  'resources-read-text': `${FIXTURE_RESOURCE}; reading them is tested in other-tools.test.ts`,
  'resources-read-binary': `${FIXTURE_RESOURCE}; none is binary`,
  'resources-templates-read': `${FIXTURE_RESOURCE}; the provider template is tested in budget-subscriptions.test.ts`,
  'resources-subscribe': `${FIXTURE_RESOURCE}; subscribing to the budget is tested in budget-subscriptions.test.ts`,
  'resources-unsubscribe': `${FIXTURE_RESOURCE}; unsubscribing is tested in budget-subscriptions.test.ts`,
  'prompts-get-simple': `${FIXTURE_PROMPT}; they are tested in prompts.test.ts`,
  'prompts-get-with-args': `${FIXTURE_PROMPT}; they are tested in prompts.test.ts`,
  'prompts-get-embedded-resource': `${FIXTURE_PROMPT}; no prompt embeds a resource`,
  'prompts-get-with-image': `${FIXTURE_PROMPT}; no prompt carries an image`,
  'completion-complete': `completes an argument of the reference server's test_prompt_with_arguments; completion of model, task and provider is tested in completions.test.ts and prompts.test.ts`,
};
