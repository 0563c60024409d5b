/**
 * A deterministic stand-in for an embedding model: bag-of-words feature
 * hashing. Each lower-cased word adds +-1 to one of `dimensions` slots
 * (FNV-1a picks the slot, another bit the sign), and the vector is scaled to
 * length 1, as the real models' vectors are. Texts that share words point
 * the same way, so a similarity search over these vectors finds the document
 * that shares the query's words; the same text always gives the same vector.
 */
export function hashEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const word of words) {
    const hash = fnv1a(word);
    const slot = hash % dimensions;
    vector[slot] = (vector[slot] ?? 0) + (hash >>> 31 === 0 ? 1 : -1);
  }
  const length = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  // A text without words still gets a unit vector (the real models never return zeros).
  if (length === 0) {
    vector[0] = 1;
    return vector;
  }
  return vector.map((value) => value / length);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The vector as the `encoding_format: "base64"` answer carries it: little-endian float32s. */
export function toBase64Float32(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}
