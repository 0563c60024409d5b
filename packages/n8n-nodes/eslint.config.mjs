// The community-node linter for this package: `pnpm lint` here runs
// `n8n-node lint`, which runs ESLint with this file.
//
// `configWithoutCloudSupport` is what `n8n-node cloud-support disable` writes,
// and package.json says `"strict": false` to match: these nodes keep a spend
// ledger on the file system (shared with the MCP server, under a file lock),
// read `AEGIS_LLM_HOME` and may reach Redis, which n8n Cloud and its
// verification do not allow. Every other rule of `n8n-node lint` applies (the
// n8n-nodes-base rulesets, `no-console`, import checks); why, in README.md
// ("n8n's checks"). The one change to the template: tests and their helpers
// (fake keys, temp dirs) are not published and are left to the root config;
// and, as in the root config, a leading `_` marks a binding left unused on purpose.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
  { ignores: ['build.ts', '**/*.test.ts', 'src/test-support/**'] },
  ...configWithoutCloudSupport,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The core is a workspace package bundled into dist/ (never a runtime
      // dependency). Its own dist/ does not exist before the first build (a
      // fresh clone lints before it builds), and typecheck resolves it to its
      // sources anyway.
      'import-x/no-unresolved': ['error', { ignore: ['^@aegis-llm/core$'] }],
    },
  },
];
