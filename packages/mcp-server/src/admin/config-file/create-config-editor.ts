import type { AegisConfig } from '@aegis-llm/core';
import { AdminHttpError } from '../api/admin-http-error.js';
import type { FieldOfPath } from './config-path.js';
import { collectFileSecrets } from './collect-file-secrets.js';
import type { RawConfig } from './raw-config.js';
import { readConfigFile } from './read-config-file.js';
import { validateConfigFile, type ConfigPaths } from './validate-config-file.js';
import { writeFileAtomic, type WriteFileAtomicOptions } from './write-file-atomic.js';

export interface ConfigEditorOptions {
  file: string;
  env: NodeJS.ProcessEnv;
  /** Where relative and `~` paths in the file are read from, as at start-up. @default process.cwd() and the user's home */
  paths?: ConfigPaths;
  /**
   * Makes the written file take effect: the configuration it was validated
   * as (file + environment, parsed once), handed to the gateway as is.
   */
  reconfigure(config: AegisConfig): Promise<void>;
  /** For tests of the write path. */
  write?: WriteFileAtomicOptions;
}

export interface ConfigEditor {
  readonly file: string;
  /** The file's JSON object as it is now (`{}` when there is no file yet). */
  read(): Promise<RawConfig>;
  /**
   * Applies `change` to a copy of the file, validates the result with the
   * core's parseConfig, writes it atomically (mode 0600) and reconfigures
   * with that parsed result: one read and one parse per save.
   * `change` returns how error paths map to its form's fields: refused (422,
   * nothing written) when invalid, naming the field at fault. One update at a
   * time: each starts from what the previous one wrote, so edits of
   * different sections never undo each other.
   */
  update(change: (draft: RawConfig) => FieldOfPath): Promise<AegisConfig>;
  /** Key-like values seen in the file at the last read, for the response redactor. */
  fileSecrets(): string[];
}

export function createConfigEditor(options: ConfigEditorOptions): ConfigEditor {
  let queue: Promise<unknown> = Promise.resolve();
  let secrets: string[] = [];

  const read = async (): Promise<RawConfig> => {
    const raw = await readConfigFile(options.file);
    secrets = collectFileSecrets(raw);
    return raw;
  };

  const run = async (change: (draft: RawConfig) => FieldOfPath): Promise<AegisConfig> => {
    const draft = structuredClone(await read());
    const fieldOf = change(draft);
    const check = validateConfigFile(draft, options.env, options.file, options.paths);
    if (!check.ok) {
      // Every problem beside its field (or for the whole form), so one save shows them all.
      const problems = check.problems.map((p) => {
        const at = check.source === 'file' ? fieldOf(p.path) : undefined;
        return at === undefined ? { path: p.path, message: p.text } : { path: p.path, field: at, message: fieldSentence(p.text, p.path) };
      });
      const field = check.source === 'file' ? fieldOf(check.path) : undefined;
      const message = problems.length === 1 && field !== undefined ? fieldSentence(check.message, check.path) : check.message;
      throw new AdminHttpError(422, 'invalid_config', message, { path: check.path, field, problems });
    }
    await writeFileAtomic(options.file, `${JSON.stringify(draft, null, 2)}\n`, options.write);
    secrets = [...new Set([...secrets, ...collectFileSecrets(draft)])];
    try {
      await options.reconfigure(check.config);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AdminHttpError(500, 'apply_failed', `Saved to ${options.file}, but applying it failed: ${reason}`);
    }
    return check.config;
  };

  return {
    file: options.file,
    read,
    update(change) {
      const next = queue.then(
        () => run(change),
        () => run(change),
      );
      queue = next.catch(() => undefined);
      return next;
    },
    fileSecrets: () => secrets,
  };
}

/**
 * Beside a field, its path is already plain: keep what follows it.
 * "Invalid configuration in f.json: budgets.x.monthlyUsd: "a" is not..." -> "\"a\" is not...".
 */
function fieldSentence(message: string, path: string | undefined): string {
  if (path === undefined || path === '') return message;
  const at = message.indexOf(`${path}: `);
  return at < 0 ? message : message.slice(at + path.length + 2);
}
