/**
 * A cheap, deterministic token estimate for text, used when a stream ends
 * without usage (the ledger entry is then marked estimated) and for
 * context-window and budget checks before a request is sent.
 *
 * Rules (per Unicode code point):
 * - CJK ideographs, kana and hangul: 1 token each. Qwen's and OpenAI's
 *   o200k tokenizers both land near 1 token per Chinese character (often a
 *   little under, so this errs high).
 * - ASCII: 1 token per 4 characters, OpenAI's published rule of thumb for
 *   English ("1 token ~= 4 chars", platform.openai.com/tokenizer).
 * - Anything else (accented Latin, Cyrillic, Arabic, emoji...): 1 token per
 *   2 characters; these split into more pieces than ASCII.
 *
 * Accuracy: within about +-25% of the real count for ordinary English prose
 * and Chinese text; code and long digit runs can be off by more (both ways).
 * It is an estimate and is only ever reported as one.
 */
export function estimateTokens(text: string): number {
  let cjk = 0;
  let ascii = 0;
  let other = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) ascii += 1;
    else if (CJK.test(char)) cjk += 1;
    else other += 1;
  }
  return cjk + Math.ceil(ascii / 4) + Math.ceil(other / 2);
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
