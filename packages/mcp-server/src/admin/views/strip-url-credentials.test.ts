import { expect, test } from 'vitest';
import { restoreHiddenUrlParts, stripUrlCredentials, urlSecrets } from './strip-url-credentials.js';

test('a URL without credentials comes back exactly as written', () => {
  expect(stripUrlCredentials('http://127.0.0.1:8000')).toEqual({ shown: 'http://127.0.0.1:8000', hidden: false });
  expect(stripUrlCredentials('https://api.example.com/v1?x=1')).toEqual({ shown: 'https://api.example.com/v1?x=1', hidden: false });
});

test('user:password and credential-looking query parameters are cut', () => {
  expect(stripUrlCredentials('https://u:p4ss@h.example/v1')).toEqual({ shown: 'https://h.example/v1', hidden: true });
  expect(stripUrlCredentials('https://h.example/v1?api-key=abc&sig=1&region=eu').shown).toBe('https://h.example/v1?region=eu');
});

test('something that is not a URL is never echoed (it may be a pasted key)', () => {
  expect(stripUrlCredentials('sk-pasted-by-mistake')).toEqual({ shown: '', hidden: true });
});

test('the shown URL sent back unchanged keeps the original; any edit replaces it', () => {
  const original = 'https://u:p4ss@h.example/v1';
  expect(restoreHiddenUrlParts('https://h.example/v1', original)).toBe(original);
  expect(restoreHiddenUrlParts('https://other.example/v1', original)).toBe('https://other.example/v1');
  expect(restoreHiddenUrlParts('https://h.example/v1', undefined)).toBe('https://h.example/v1');
});

test('the credential parts of a URL, for redaction', () => {
  expect(urlSecrets('https://admin:p%40ssw0rd@h.example/v1?token=tok-12345&x=1')).toEqual(['p@ssw0rd', 'tok-12345']);
  expect(urlSecrets('http://127.0.0.1:8000/v1')).toEqual([]);
});
