/**
 * The known key a mistyped one most likely meant, or `undefined` when none is
 * close: case-insensitive edit distance at most a third of the key's length
 * (at least 1, at most 3), or one key being a prefix of the other (`provider`
 * for `providers`).
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const wanted = key.toLowerCase();
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const lower = candidate.toLowerCase();
    const distance = lower === wanted ? 0 : lower.startsWith(wanted) || wanted.startsWith(lower) ? 1 : editDistance(wanted, lower);
    if (best === undefined || distance < best.distance) best = { key: candidate, distance };
  }
  const limit = Math.min(3, Math.max(1, Math.floor(wanted.length / 3)));
  return best !== undefined && best.distance <= limit ? best.key : undefined;
}

/** Levenshtein distance, two rows. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
