import { parseArgs } from 'node:util';
import { packageVersion } from '../server/package-version.js';
import { EXIT, type CliIo } from './cli-io.js';
import { COMMANDS, mainHelp, type Command, type Values } from './commands.js';
import { UsageError } from './usage-error.js';

/** Runs one command line; resolves with the exit code (long-running modes resolve once started). */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const first = argv[0];
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (first === 'help' || ((first === '--help' || first === '-h') && argv.length === 1)) {
    io.stdout.write(mainHelp(packageVersion()));
    return EXIT.ok;
  }
  const named = first !== undefined && !first.startsWith('-') ? COMMANDS.find((c) => c.name === first) : undefined;
  if (first !== undefined && !first.startsWith('-') && !named) {
    io.stderr.write(`aegis-llm: unknown command "${first}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}. Run "aegis-llm --help".\n`);
    return EXIT.usage;
  }
  const command = named ?? (COMMANDS[0] as Command);
  const args = named ? argv.slice(1) : argv;
  try {
    const { values, positionals } = parse(command, args);
    if (values.help === true) {
      io.stdout.write(`${command.help}\n`);
      return EXIT.ok;
    }
    return await command.run(values, positionals, io);
  } catch (error) {
    return await report(error, command, io);
  }
}

function parse(command: Command, args: string[]): { values: Values; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: command.positionals > 0,
      strict: true,
    });
    if (parsed.positionals.length > command.positionals) {
      throw new UsageError(`unexpected argument "${parsed.positionals[command.positionals]}"`);
    }
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // node:util's messages name the option ("Unknown option '--prot'"); the rest of them is noise here.
    throw new UsageError((error as Error).message.split('. To specify a positional')[0] ?? String(error));
  }
}

/**
 * One clear line on stderr, never a stack trace: a person reads this. The
 * core is imported here, not at the top: `--version`, `--help` and usage
 * errors answer without loading it (issue 5); a command that failed has
 * loaded it already.
 */
async function report(error: unknown, command: Command, io: CliIo): Promise<number> {
  if (error instanceof UsageError) {
    io.stderr.write(`aegis-llm ${command.name}: ${error.message}\nRun "aegis-llm ${command.name} --help" for usage.\n`);
    return EXIT.usage;
  }
  const { isAegisError } = await import('@aegis-llm/core');
  if (isAegisError(error)) {
    io.stderr.write(`aegis-llm: ${error.message}\n`);
    return error.kind === 'invalid_config' ? EXIT.usage : EXIT.failed;
  }
  io.stderr.write(`aegis-llm: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT.failed;
}
