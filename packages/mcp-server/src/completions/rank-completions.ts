/**
 * Completion values for what was typed: those starting with it first, then
 * those with a part (after `/`, `-`, `.`, `:` or `_`) starting with it, each group
 * in the given order, case-insensitive, without repeats. An empty value
 * matches all. The SDK cuts the answer to the spec's 100 values and says
 * `hasMore`.
 */
export function rankCompletions(candidates: Iterable<string>, typed: string): string[] {
  const wanted = typed.trim().toLowerCase();
  const starts: string[] = [];
  const parts: string[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    const lower = candidate.toLowerCase();
    if (lower.startsWith(wanted)) starts.push(candidate);
    else if (startsAfterSeparator(lower, wanted)) parts.push(candidate);
  }
  return [...starts, ...parts];
}

const SEPARATORS = new Set(['/', '-', '.', ':', '_']);

function startsAfterSeparator(text: string, wanted: string): boolean {
  for (let i = 0; i < text.length - 1; i += 1) if (SEPARATORS.has(text[i]!) && text.startsWith(wanted, i + 1)) return true;
  return false;
}
