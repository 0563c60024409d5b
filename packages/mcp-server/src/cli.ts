#!/usr/bin/env node
/**
 * The `aegis-llm` command. Everything happens in main(); this file only
 * hands it the process.
 */
import module from 'node:module';

// V8's on-disk code cache (Node >= 22.1): a start after the first one skips
// most parsing and compiling, which matters for a stdio server spawned per
// client session. Enabled before anything else is imported.
module.enableCompileCache?.();

// `aegis-llm models | head`: the reader left; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const { main } = await import('./cli/main.js');
process.exitCode = await main(process.argv.slice(2), { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });
