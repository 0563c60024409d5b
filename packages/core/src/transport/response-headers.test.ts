import { describe, expect, it } from 'vitest';
import { ResponseHeaders } from './response-headers.js';

describe('ResponseHeaders', () => {
  const record = { 'content-type': 'application/json', 'x-request-id': 'req-1', 'set-cookie': ['a=1', 'b=2'] };

  it('reads as Headers does, names in any case, repeated values joined', () => {
    const ours = new ResponseHeaders(record);
    const theirs = new Headers([
      ['Content-Type', 'application/json'],
      ['X-Request-Id', 'req-1'],
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
    ]);
    for (const name of ['content-type', 'X-Request-ID', 'set-cookie', 'retry-after']) {
      expect(ours.get(name)).toBe(theirs.get(name));
      expect(ours.has(name)).toBe(theirs.has(name));
    }
    expect(ours.getSetCookie()).toEqual(theirs.getSetCookie());
    expect(new Map(ours.entries())).toEqual(
      new Map([
        ['content-type', 'application/json'],
        ['x-request-id', 'req-1'],
        ['set-cookie', 'a=1, b=2'],
      ]),
    );
    const seen: string[] = [];
    ours.forEach((value, name) => seen.push(`${name}=${value}`));
    expect(seen.sort()).toEqual(['content-type=application/json', 'set-cookie=a=1, b=2', 'x-request-id=req-1']);
    expect([...ours.keys()].sort()).toEqual(['content-type', 'set-cookie', 'x-request-id']);
    expect([...ours.values()]).toContain('a=1, b=2');
  });
});
