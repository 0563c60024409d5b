/**
 * Builds dist/ as n8n loads it: one CommonJS file per node and credential,
 * plus dist/shared/aegis-llm.js holding the shared node code with the core
 * (and openai, zod, lowdb,) bundled in, so the published
 * package has no runtime dependencies and the core is loaded once.
 * n8n-workflow and @n8n/ai-node-sdk stay external: n8n provides its own, and
 * a node must use those very copies (n8n checks errors and chat models by
 * class).
 *
 * Run with Node >= 22.18 (type stripping): `node build.ts`.
 */
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const sharedOut = join(dist, 'shared', 'aegis-llm.js');

/** Files under `dir` (relative to the package) whose names end with `suffix`. */
function filesEndingWith(dir: string, suffix: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix))
    .map((file) => join(dir, file));
}

/** Every `src/` import of a node or credential file becomes a require of the shared bundle. */
const useSharedBundle: Plugin = {
  name: 'use-shared-bundle',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /(^|\/)src\// }, (args) => {
      const outFile = join(dist, relative(root, args.importer));
      let path = relative(dirname(outFile), sharedOut).split(sep).join('/');
      if (!path.startsWith('.')) path = `./${path}`;
      return { path, external: true };
    });
  },
};

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  // Workspace packages are bundled from their TypeScript sources.
  conditions: ['@aegis-llm/source'],
  external: ['n8n-workflow', '@n8n/ai-node-sdk'],
  // The core's one `import.meta.url` (core/src/redis/load-redis-class.ts)
  // is on a branch for Node's own ES modules; a CommonJS bundle takes the
  // `require` branch, so the empty import.meta esbuild warns about is never read.
  logOverride: { 'empty-import-meta': 'silent' },
  legalComments: 'inline',
  logLevel: 'warning',
};

rmSync(dist, { recursive: true, force: true });

await build({ ...common, entryPoints: [join(root, 'src', 'index.ts')], outfile: sharedOut });

const entryPoints = [...filesEndingWith('credentials', '.credentials.ts'), ...filesEndingWith('nodes', '.node.ts')];
await build({
  ...common,
  entryPoints: entryPoints.map((file) => join(root, file)),
  outbase: root,
  outdir: dist,
  plugins: [useSharedBundle],
});

// Codex files and icons sit next to the node and credential files that name them.
const assets = [...filesEndingWith('nodes', '.node.json'), ...filesEndingWith('nodes', '.svg'), ...filesEndingWith('credentials', '.svg')];
for (const asset of assets) {
  mkdirSync(dirname(join(dist, asset)), { recursive: true });
  cpSync(join(root, asset), join(dist, asset));
}

// The package is ESM for its sources and tests; n8n `require`s dist.
writeFileSync(join(dist, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);

console.log(`built ${entryPoints.length} node and credential files and the shared bundle into dist/`);
