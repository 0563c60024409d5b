/**
 * The rules for names an administrator chooses (task types, extra endpoints)
 * and names of models, stated once: the config schema checks them, and the
 * admin page checks a name as it is typed with the same rule and wording.
 * A length limit keeps a pasted paragraph from becoming a route (the page
 * once grew 21,000 px wide from a 3,000-character task name).
 */
import { showConfigValue } from './show-config-value.js';

/** Longest task type or endpoint name. */
export const NAME_MAX_LENGTH = 64;
/** Longest model id (Hugging Face ids through Ollama run long: `hf.co/org/repo-GGUF:Q4_K_M`). */
export const MODEL_NAME_MAX_LENGTH = 128;

export const TASK_NAME_PATTERN = /^[A-Za-z0-9][\w.-]*$/;
export const TASK_NAME_RULE = `Task names use letters, digits, "_", "." and "-" (no spaces), start with a letter or digit, and are at most ${NAME_MAX_LENGTH} characters, e.g. "summarize" or "translate-text".`;

export const ENDPOINT_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
export const ENDPOINT_NAME_RULE = `Endpoint names use lowercase letters, digits, "-" and "_", start with a letter or digit, and are at most ${NAME_MAX_LENGTH} characters, e.g. "groq".`;

export interface NameProblem {
  /** What is wrong, as the end of a sentence that starts with the quoted name: "is not a task name." */
  problem: string;
  /** The rule, as a sentence. */
  fix: string;
}

export function taskNameProblem(name: string): NameProblem | undefined {
  if (name.length > NAME_MAX_LENGTH) return { problem: `is longer than ${NAME_MAX_LENGTH} characters.`, fix: TASK_NAME_RULE };
  if (!TASK_NAME_PATTERN.test(name)) return { problem: 'is not a task name.', fix: TASK_NAME_RULE };
  return undefined;
}

export function endpointNameProblem(name: string): NameProblem | undefined {
  if (name.length > NAME_MAX_LENGTH) return { problem: `is longer than ${NAME_MAX_LENGTH} characters.`, fix: ENDPOINT_NAME_RULE };
  if (!ENDPOINT_NAME_PATTERN.test(name)) return { problem: 'is not a valid endpoint name.', fix: ENDPOINT_NAME_RULE };
  return undefined;
}

/**
 * What a task name should have been, when it can be told: "Translate Text"
 * -> "translate-text". Undefined when nothing usable is left.
 */
export function suggestTaskName(name: string): string | undefined {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, NAME_MAX_LENGTH);
  return slug !== '' && TASK_NAME_PATTERN.test(slug) && slug !== name ? slug : undefined;
}

/** One sentence about a task name as typed, or undefined when it is fine: `"Translate Text" is not a task name. Task names use ... Try "translate-text".` */
export function describeTaskNameProblem(name: string): string | undefined {
  const found = taskNameProblem(name);
  if (found === undefined) return undefined;
  const suggestion = suggestTaskName(name);
  const tryThis = suggestion === undefined ? '' : ` Try "${suggestion}".`;
  return `${showConfigValue(name)} ${found.problem} ${found.fix}${tryThis}`;
}
