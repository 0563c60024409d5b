#!/usr/bin/env node
/**
 * `node test/simulator/cli.ts --port 8080`: the simulator as a process, for
 * tests that run the gateway elsewhere (n8n) and for manual trials. The base
 * URL goes to stdout as the only line, so a parent process can read it; logs
 * go to stderr.
 */
import { CLI_USAGE, parseCliArgs } from './cli-args.ts';
import { startSimulator } from './server.ts';

async function main(argv: readonly string[]): Promise<void> {
  let command;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(CLI_USAGE);
    process.exitCode = 2;
    return;
  }
  if (command.help) {
    console.log(CLI_USAGE);
    return;
  }
  const sim = await startSimulator(command.options);
  console.log(sim.baseURL);
  const stop = (signal: string): void => {
    console.error(`[simulator] ${signal}: closing`);
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main(process.argv.slice(2));
