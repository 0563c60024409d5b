import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources in tests (Node
  // tests go through Vite's SSR resolver, hence both settings).
  resolve: { conditions: ['@aegis-llm/source'] },
  ssr: { resolve: { conditions: ['@aegis-llm/source'], externalConditions: ['@aegis-llm/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
