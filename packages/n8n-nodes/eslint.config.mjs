// The community-node linter for this package (`pnpm lint` here). The root
// ESLint config lints the same files with typescript-eslint.
//
// `recommendedWithoutN8nCloudSupport`: these nodes keep a spend ledger on the
// file system (shared with the MCP server, under a file lock), which n8n
// Cloud does not allow; the Cloud-only rules (restricted globals and imports)
// would reject that by design. Every other rule is on, for the code that
// ships: tests and their helpers (fake keys, temp dirs) are not published.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['dist/**', 'node_modules/**', 'build.ts', '**/*.test.ts', 'src/test-support/**'] },
  {
    files: ['**/*.ts', 'package.json'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { extraFileExtensions: ['.json'] },
    },
  },
  { files: ['**/*.ts', 'package.json'], ...n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport },
];
