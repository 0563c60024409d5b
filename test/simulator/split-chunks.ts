/**
 * Split `text` into exactly `count` pieces that join back to `text`. Pieces
 * break between words when there are enough words, else between characters;
 * when the text is shorter than `count`, the last pieces are empty strings.
 */
export function splitIntoChunks(text: string, count: number): string[] {
  const n = Math.max(1, Math.floor(count));
  if (n === 1) return [text];
  // Each word keeps its trailing whitespace; leading whitespace sticks to the first word.
  const words = text.match(/^\s*\S+\s*|\S+\s*/g) ?? [];
  const units = words.length >= n ? words : Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.floor((i * units.length) / n);
    const end = Math.floor(((i + 1) * units.length) / n);
    pieces.push(units.slice(start, end).join(''));
  }
  return pieces;
}
