import { describe, expect, it } from 'vitest';
import { allowedHosts } from './allowed-hosts.js';

describe('allowedHosts', () => {
  it('allows the loopback names for a loopback bind', () => {
    expect(allowedHosts('127.0.0.1')).toEqual(['127.0.0.1', 'localhost', '[::1]']);
    expect(allowedHosts('::1')).toEqual(['127.0.0.1', 'localhost', '[::1]']);
  });

  it('adds a specific bound address, and names given explicitly', () => {
    expect(allowedHosts('192.168.1.5', ['Gateway.Lan'])).toEqual(['127.0.0.1', 'localhost', '[::1]', '192.168.1.5', 'gateway.lan']);
  });

  it('adds nothing for a wildcard bind: names must be allowed explicitly', () => {
    expect(allowedHosts('0.0.0.0')).toEqual(['127.0.0.1', 'localhost', '[::1]']);
    expect(allowedHosts('::')).toEqual(['127.0.0.1', 'localhost', '[::1]']);
  });
});
