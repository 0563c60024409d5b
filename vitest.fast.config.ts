import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * `pnpm test:fast`: the unit tests, for the edit-test loop (well under a
 * minute on 2 cores). Left out: child processes (multi-process, crash loops,
 * the built CLI), Redis, the browser, n8n and the reliability suites; the full
 * suite (`pnpm test`) runs them all.
 */
// Not mergeConfig: it would append these lists to the full suite's.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['packages/*/src/**/*.test.ts', 'test/simulator/**/*.test.ts'],
    exclude: [
      '**/node_modules/**',
      '**/dist/**',
      '**/*multi-process*.test.ts',
      '**/ledger/redis/**',
      '**/routing/redis-*.test.ts',
      '**/gateway/create-stores-from-config.test.ts',
      '**/ledger/alerts/alert-delivery.test.ts',
      'packages/mcp-server/src/cli-*.test.ts',
      'packages/mcp-server/src/http/listen.test.ts',
    ],
  },
});
