import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AegisError } from '../errors.js';
import { loadConfig } from './load-config.js';

const CANARY = 'sk-canary-0123456789abcdef';
let dir: string;
const home = '/home/tester';

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'aegis-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

function errorOf(run: () => unknown): AegisError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AegisError);
    expect((error as AegisError).kind).toBe('invalid_config');
    return error as AegisError;
  }
  throw new Error('expected an invalid_config error');
}

describe('loadConfig', () => {
  it('runs on defaults when there is no file', () => {
    const config = loadConfig({ env: {}, cwd: dir, homeDir: home });
    expect(config.configFile).toBeUndefined();
    expect(config.home).toBe(path.join(home, '.aegis-llm'));
  });

  it('reads ./aegis-llm.config.json from the working directory', () => {
    const file = write('aegis-llm.config.json', JSON.stringify({ timeZone: 'Europe/Berlin', home: 'state' }));
    const config = loadConfig({ env: {}, cwd: dir, homeDir: home });
    expect(config.configFile).toBe(file);
    expect(config.timeZone).toBe('Europe/Berlin');
    expect(config.home).toBe(path.join(dir, 'state'));
  });

  it('reads the file AEGIS_LLM_CONFIG names, relative to the working directory; home relative to that file', () => {
    write('aegis-llm.config.json', JSON.stringify({ timeZone: 'Europe/Berlin' }));
    const file = write('conf/custom.json', JSON.stringify({ timeZone: 'Asia/Tokyo', home: 'data' }));
    const config = loadConfig({ env: { AEGIS_LLM_CONFIG: 'conf/custom.json' }, cwd: dir, homeDir: home });
    expect(config.configFile).toBe(file);
    expect(config.timeZone).toBe('Asia/Tokyo');
    expect(config.home).toBe(path.join(dir, 'conf', 'data'));
  });

  it('prefers options.file over AEGIS_LLM_CONFIG', () => {
    write('a.json', JSON.stringify({ timeZone: 'Asia/Tokyo' }));
    const b = write('b.json', JSON.stringify({ timeZone: 'Europe/Paris' }));
    const config = loadConfig({ env: { AEGIS_LLM_CONFIG: path.join(dir, 'a.json') }, cwd: dir, file: b, homeDir: home });
    expect(config.timeZone).toBe('Europe/Paris');
  });

  it('merges the environment over the file', () => {
    write('aegis-llm.config.json', JSON.stringify({ providers: { dashscope: { region: 'us' } } }));
    const config = loadConfig({ env: { DASHSCOPE_REGION: 'beijing', DASHSCOPE_API_KEY: 'k' }, cwd: dir, homeDir: home });
    expect(config.providers.dashscope).toMatchObject({ region: 'beijing', configured: true });
  });

  it('takes a missing file named by AEGIS_LLM_CONFIG as a new config file, named by its absolute path', () => {
    const config = loadConfig({ env: { AEGIS_LLM_CONFIG: 'sub/missing.json', DASHSCOPE_REGION: 'us' }, cwd: dir, homeDir: home });
    expect(config.configFile).toBe(path.join(dir, 'sub/missing.json'));
    expect(config.providers.dashscope).toMatchObject({ region: 'us' });
    expect(existsSync(path.join(dir, 'sub/missing.json'))).toBe(false);
    // A directory is still not a config file.
    mkdirSync(path.join(dir, 'dir.json'));
    const error = errorOf(() => loadConfig({ env: { AEGIS_LLM_CONFIG: 'dir.json' }, cwd: dir }));
    expect(error.message).toContain('AEGIS_LLM_CONFIG: the config file ./dir.json is a directory, not a file.');
    expect(error.details).toMatchObject({ source: 'env', path: 'AEGIS_LLM_CONFIG' });
  });

  it('says an explicit file is missing or is a directory', () => {
    expect(errorOf(() => loadConfig({ env: {}, cwd: dir, file: 'nope.json' })).message).toBe(
      'Invalid configuration: the config file ./nope.json does not exist. Check the path.',
    );
    mkdirSync(path.join(dir, 'folder.json'));
    expect(errorOf(() => loadConfig({ env: {}, cwd: dir, file: 'folder.json' })).message).toContain('is a directory, not a file');
  });

  it('points at the line and column of a JSON syntax error, without quoting the file', () => {
    write('aegis-llm.config.json', `{\n  "providers": {\n    "openai": { "apiKey": "${CANARY}", },\n  }\n}\n`);
    const error = errorOf(() => loadConfig({ env: {}, cwd: dir }));
    expect(error.message).toBe(
      'Invalid configuration in ./aegis-llm.config.json: the file is not valid JSON: a trailing comma at line 3, column 55. Remove the comma before }.',
    );
    expect(error.message).not.toContain(CANARY);
  });

  it('does not echo an unquoted key that breaks the JSON', () => {
    write('aegis-llm.config.json', `{ "providers": { "openai": { "apiKey": ${CANARY} } } }`);
    const error = errorOf(() => loadConfig({ env: {}, cwd: dir }));
    expect(error.message).toContain('the file is not valid JSON: an unexpected character at line 1, column 40.');
    expect(error.message).not.toContain(CANARY);
    expect(error.message).not.toContain('canary');
  });

  it('accepts a UTF-8 byte order mark', () => {
    write('aegis-llm.config.json', `\uFEFF${JSON.stringify({ timeZone: 'UTC' })}`);
    expect(loadConfig({ env: {}, cwd: dir }).timeZone).toBe('UTC');
  });

  it('names the file in validation errors', () => {
    write('aegis-llm.config.json', JSON.stringify({ providers: { dashscope: { region: 'mars' } } }));
    expect(errorOf(() => loadConfig({ env: {}, cwd: dir })).message).toBe(
      'Invalid configuration in ./aegis-llm.config.json: providers.dashscope.region: "mars" is not a region. Use one of: singapore, us, beijing, hongkong, frankfurt, tokyo.',
    );
  });

  it('shows a file outside the working directory by its absolute path', () => {
    const file = write('elsewhere/x.json', '{ "timeZone": 5 }');
    const error = errorOf(() => loadConfig({ env: {}, cwd: path.join(dir, 'sub'), file }));
    expect(error.message.startsWith(`Invalid configuration in ${file}: timeZone:`)).toBe(true);
  });
});
