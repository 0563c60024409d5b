import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.data/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    // Rules that need the types: each file is checked with its own project's
    // tsconfig (the solution file at the root lists them); the few root files
    // no project includes get the base options.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['scripts/*.ts', 'vitest.config.ts', 'vitest.fast.config.ts'],
          defaultProject: 'tsconfig.base.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A promise nobody awaits loses its rejection: an unhandled rejection
      // kills the MCP server, and a ledger write that fails unseen is spend
      // not counted. Mark a deliberate one with `void`.
      '@typescript-eslint/no-floating-promises': 'error',
      // A switch over a union handles every member (a new error kind, stream
      // part or provider kind must be decided on where it is switched on).
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
);
