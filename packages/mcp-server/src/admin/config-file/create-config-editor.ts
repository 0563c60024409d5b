import { readFileSync } from 'node:fs';
import type { AegisConfig } from '@aegis-llm/core';
import { AdminHttpError } from '../api/admin-http-error.js';
import type { FieldOfPath } from './config-path.js';
import { collectFileSecrets } from './collect-file-secrets.js';
import type { RawConfig } from './raw-config.js';
import { configVersionOf, readConfigSnapshot, type ReadConfigText } from './read-config-file.js';
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
  /** Reads the file's text (tests count the reads of a save). @default fs/promises readFile */
  readText?: ReadConfigText;
}

export interface UpdateOptions {
  /**
   * The file version the page last saw (its `x-aegis-config-version`):
   * refused (409 `config_changed`) when the file is no longer at it, checked
   * on the same read the change is applied to. Absent: applied to the file
   * as it is (a script).
   */
  expectVersion?: string;
}

/** What a save wrote: the configuration it applied and the file's JSON as written. */
export interface SavedConfig {
  config: AegisConfig;
  raw: RawConfig;
}

export interface ConfigEditor {
  readonly file: string;
  /** The file's JSON object as it is now (`{}` when there is no file yet). */
  read(): Promise<RawConfig>;
  /**
   * Applies `change` to a copy of the file, validates the result with the
   * core's parseConfig, writes it atomically (mode 0600) and reconfigures
   * with that parsed result: one read and one parse per save (the version
   * check is on that read, and the answer's view is built from what was written).
   * `change` returns how error paths map to its form's fields: refused (422,
   * nothing written) when invalid, naming the field at fault. One update at a
   * time: each starts from what the previous one wrote, so edits of
   * different sections never undo each other.
   */
  update(change: (draft: RawConfig) => FieldOfPath, options?: UpdateOptions): Promise<SavedConfig>;
  /** Key-like values seen in the file at the last read, for the response redactor. */
  fileSecrets(): string[];
  /** The file's version as last read, written or watched (a hash of its bytes; `none` without a file). */
  knownVersion(): string;
  /**
   * Applies the file as it is on disk now when it changed since last known
   * (a hand edit): reconfigures when it is valid; else keeps the running
   * configuration and records the problem. Queued with updates.
   */
  reloadFromDisk(): Promise<void>;
  /** The last change found on disk, for the page's banner. */
  lastDiskChange(): DiskChange | undefined;
}

export interface DiskChange {
  /** ISO time it was found. */
  at: string;
  version: string;
  /** Applied to the running gateway; false when the file is not valid (then `problem` says why). */
  applied: boolean;
  problem?: string;
}

export function createConfigEditor(options: ConfigEditorOptions): ConfigEditor {
  let queue: Promise<unknown> = Promise.resolve();
  let secrets: string[] = [];
  // The file as the gateway loaded it at start: the first view shows that version.
  let known: string | undefined = versionOnDisk(options.file);
  let diskChange: DiskChange | undefined;

  const snapshot = async () => {
    const read = await readConfigSnapshot(options.file, options.readText);
    secrets = collectFileSecrets(read.raw);
    return read;
  };
  const read = async (): Promise<RawConfig> => {
    const { raw, version } = await snapshot();
    known ??= version;
    return raw;
  };
  /** One file operation at a time: each starts from what the previous one left. */
  const queued = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(job, job);
    queue = next.catch(() => undefined);
    return next;
  };

  const reload = async (): Promise<void> => {
    let current: Awaited<ReturnType<typeof snapshot>>;
    try {
      current = await snapshot();
    } catch (error) {
      // Not JSON (an editor mid-save, or a typo): keep running as before, say so.
      const version = `unreadable-${Date.now()}`;
      known = version;
      diskChange = { at: new Date().toISOString(), version, applied: false, problem: error instanceof Error ? error.message : String(error) };
      return;
    }
    if (current.version === known) return;
    known = current.version;
    const check = validateConfigFile(current.raw, options.env, options.file, options.paths);
    if (!check.ok) {
      diskChange = { at: new Date().toISOString(), version: current.version, applied: false, problem: check.message };
      return;
    }
    try {
      await options.reconfigure(check.config);
      diskChange = { at: new Date().toISOString(), version: current.version, applied: true };
    } catch (error) {
      diskChange = {
        at: new Date().toISOString(),
        version: current.version,
        applied: false,
        problem: `Applying it failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  };

  const run = async (change: (draft: RawConfig) => FieldOfPath, updateOptions: UpdateOptions): Promise<SavedConfig> => {
    const current = await snapshot();
    known ??= current.version;
    // A hand edit the page has not shown is never saved over, nor silently saved along with the page's change.
    if (updateOptions.expectVersion !== undefined && updateOptions.expectVersion !== current.version) {
      throw new AdminHttpError(
        409,
        'config_changed',
        `The config file ${options.file} changed on disk since this page read it. Nothing was saved: reload to see the file as it is now, then make your change again.`,
      );
    }
    const draft = structuredClone(current.raw);
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
    const text = `${JSON.stringify(draft, null, 2)}\n`;
    // Known before the write, so the watcher takes our own write for what it is.
    known = configVersionOf(text);
    await writeFileAtomic(options.file, text, options.write);
    secrets = [...new Set([...secrets, ...collectFileSecrets(draft)])];
    try {
      await options.reconfigure(check.config);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AdminHttpError(500, 'apply_failed', `Saved to ${options.file}, but applying it failed: ${reason}`);
    }
    return { config: check.config, raw: draft };
  };

  return {
    file: options.file,
    read,
    update: (change, updateOptions = {}) => queued(() => run(change, updateOptions)),
    fileSecrets: () => secrets,
    knownVersion: () => known ?? 'unknown',
    reloadFromDisk: () => queued(reload),
    lastDiskChange: () => diskChange,
  };
}

function versionOnDisk(file: string): string | undefined {
  try {
    return configVersionOf(readFileSync(file, 'utf8'));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? configVersionOf(undefined) : undefined;
  }
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
