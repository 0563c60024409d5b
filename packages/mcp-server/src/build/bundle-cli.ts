/**
 * `pnpm build` step: replaces tsc's dist/cli.js with one bundle of the
 * command, the core and their dependencies (dist/cli.js plus the chunks it
 * imports lazily in dist/chunks/). A stdio MCP server is spawned per client
 * session, and most of its start was Node resolving, reading and compiling
 * ~460 separate modules; the bundle loads a handful of files (issue 5).
 * Run after tsc: `node dist/build/bundle-cli.js`.
 *
 * What the bundle relies on:
 * - `import()` stays lazy: each command (./cli/commands.ts), the HTTP stack
 *   of `serve` and the openai SDK (the core's provider wire) are chunks
 *   loaded on first use, so `aegis-llm mcp` never reads them.
 * - Files are found from the package's directory, never by a path relative
 *   to a module (../server/package-dir.ts): modules end up in chunks.
 * - CommonJS dependencies are wrapped and run on their first `require`:
 *   ioredis, for one, runs only when a Redis store is configured
 *   (core's redis/load-redis-class.ts).
 * - Kept out: esbuild (the admin page's bundler, used from a checkout only;
 *   a devDependency).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { packageDir } from '../server/package-dir.js';

/** Bundled CommonJS dependencies (express, ...) call `require` for Node's built-ins; ES modules have none. */
const REQUIRE_SHIM = "import { createRequire as __aegisCreateRequire } from 'node:module';\nconst require = __aegisCreateRequire(import.meta.url);";

const root = packageDir();
const dist = path.join(root, 'dist');
await rm(path.join(dist, 'chunks'), { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: { cli: path.join(root, 'src', 'cli.ts') },
  absWorkingDir: root,
  outdir: dist,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // The core from its sources, as tsc and the tests see it (no need for its dist).
  conditions: ['@aegis-llm/source'],
  external: ['esbuild'],
  banner: { js: REQUIRE_SHIM },
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.error(
  `aegis-llm bundle written to ${path.relative(process.cwd(), path.join(dist, 'cli.js')) || 'dist/cli.js'} (${Math.round(bytes / 1024)} KiB with its chunks)`,
);
