import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time equality of two secrets. Both sides are hashed first so the
 * comparison takes the same time whatever their lengths (timingSafeEqual
 * throws on a length mismatch, which would leak the token's length).
 */
export function compareSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
