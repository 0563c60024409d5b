/**
 * `pnpm test:soak`: the reliability suites at full strength (AEGIS_SOAK=full:
 * 20,000 soak requests, 50 kill -9 rounds, 1,000 fuzz runs per property),
 * then the table of their figures. Exits with vitest's status; the table is
 * printed either way, since the figures of a failing run say what broke.
 * Files run one at a time, so the soak's deadlines are not measured on a
 * machine the crash loop is also loading. Extra arguments go to vitest.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const env = { ...process.env, AEGIS_SOAK: process.env.AEGIS_SOAK ?? 'full' };

const run = spawnSync(process.execPath, [vitest, 'run', 'test/reliability', '--no-file-parallelism', ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
spawnSync(process.execPath, [join(here, 'render-table.ts')], { cwd: root, env, stdio: 'inherit' });
process.exitCode = run.status ?? 1;
