import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageDir } from './package-dir.js';
import { packageVersion } from './package-version.js';

describe('packageDir', () => {
  const root = packageDir();

  it('is this package from the sources', () => {
    expect(path.basename(root)).toBe('mcp-server');
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each(['dist/server/package-version.js', 'dist/chunks/chunk-ABC.js', 'dist/admin/assets/x.js'])(
    'is found the same from %s (tsc output, bundle chunks)',
    (file) => {
      expect(packageDir(pathToFileURL(path.join(root, file)).href)).toBe(root);
    },
  );

  it('throws above any package of ours', () => {
    expect(() => packageDir(pathToFileURL(path.join(path.parse(root).root, 'tmp', 'x.js')).href)).toThrow(/no package\.json of ours/);
  });
});
