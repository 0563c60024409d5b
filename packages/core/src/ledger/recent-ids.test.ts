import { describe, expect, it } from 'vitest';
import { createRecentIds } from './recent-ids.js';

describe('createRecentIds', () => {
  it('remembers the last ids added, forgetting the oldest first', () => {
    const recent = createRecentIds(3);
    for (const id of ['a', 'b', 'c']) recent.add(id);
    expect(['a', 'b', 'c'].every((id) => recent.has(id))).toBe(true);
    recent.add('d');
    expect(recent.has('a')).toBe(false);
    expect(['b', 'c', 'd'].every((id) => recent.has(id))).toBe(true);
    expect(recent.size).toBe(3);
  });

  it('keeps exactly the last `capacity` distinct ids over many rounds', () => {
    const recent = createRecentIds(100);
    for (let i = 0; i < 1_050; i += 1) recent.add(`id-${i}`);
    expect(recent.size).toBe(100);
    expect(recent.has('id-949')).toBe(false);
    expect(recent.has('id-950')).toBe(true);
    expect(recent.has('id-1049')).toBe(true);
  });

  it('treats an id added again as already held', () => {
    const recent = createRecentIds(2);
    recent.add('a');
    recent.add('a');
    recent.add('b');
    expect(recent.has('a')).toBe(true);
    expect(recent.size).toBe(2);
  });

  it('refuses a capacity below 1', () => {
    expect(() => createRecentIds(0)).toThrow(RangeError);
  });
});
