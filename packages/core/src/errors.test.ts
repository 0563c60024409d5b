import { describe, expect, it } from 'vitest';
import { AegisError, isAegisError } from './errors.js';

describe('isAegisError', () => {
  it('recognises an AegisError made by another copy of the core (a bundle of its own)', async () => {
    // A second instance of the module, as the n8n package's bundled core is.
    const secondCopy: string = './errors.js?second-copy';
    const other = (await import(secondCopy)) as typeof import('./errors.js');
    expect(other.AegisError).not.toBe(AegisError);
    const foreign = new other.AegisError('rate_limited', 'slow down');
    expect(foreign instanceof AegisError).toBe(false);
    expect(isAegisError(foreign)).toBe(true);
    expect(other.isAegisError(new AegisError('timeout', 'late'))).toBe(true);
  });

  it('is false for look-alikes without the marker', () => {
    expect(isAegisError(Object.assign(new Error('x'), { name: 'AegisError', kind: 'timeout' }))).toBe(false);
    expect(isAegisError(null)).toBe(false);
    expect(isAegisError('AegisError')).toBe(false);
  });
});
