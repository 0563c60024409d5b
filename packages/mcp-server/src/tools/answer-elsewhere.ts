/** Below this many characters of answer and reasoning the text block repeats them: the note would cost about as much. */
export const ANSWER_ONCE_CHARS = 1_000;

/**
 * The text block of a chat result for a client that reads
 * `structuredContent` (issue 20): the result's JSON without a long answer and
 * reasoning, which travel once, in `structuredContent`. A page of a long
 * answer then counts once against the client's result cap, not twice.
 */
export function answerElsewhere(structured: Record<string, unknown>): string {
  const { text, reasoning, ...facts } = structured;
  const chars = (typeof text === 'string' ? text.length : 0) + (typeof reasoning === 'string' ? reasoning.length : 0);
  if (chars < ANSWER_ONCE_CHARS) return JSON.stringify(structured);
  const where = [
    typeof text === 'string' ? `\`text\` (${text.length} characters)` : undefined,
    typeof reasoning === 'string' ? '`reasoning`' : undefined,
  ].filter(Boolean);
  return `The answer's ${where.join(' and ')}: in structuredContent only. ${JSON.stringify(facts)}`;
}
