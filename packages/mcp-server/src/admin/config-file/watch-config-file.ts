import { watch, type FSWatcher } from 'node:fs';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { ConfigEditor } from './create-config-editor.js';

export interface ConfigWatch {
  close(): void;
}

/**
 * Applies hand edits of the config file as they happen. The directory is
 * watched, not the file: editors save by writing a new file and renaming it
 * over the old one (so does our own atomic write), which a watch on the old
 * file would miss. Events come in bursts; one reload runs after they settle.
 * The watch never keeps the process alive, and stops quietly when the
 * directory goes away. Returns undefined when the directory cannot be watched
 * (or does not exist yet).
 */
export function watchConfigFile(
  editor: Pick<ConfigEditor, 'file' | 'reloadFromDisk'>,
  options: { settleMs?: number; onError?: (error: unknown) => void } = {},
): ConfigWatch | undefined {
  const target = resolveTarget(editor.file);
  const name = path.basename(target);
  const settleMs = options.settleMs ?? 150;
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher;
  try {
    watcher = watch(path.dirname(target), { persistent: false }, (_event, changed) => {
      if (changed !== null && changed !== name) return;
      clearTimeout(timer);
      timer = setTimeout(() => void editor.reloadFromDisk().catch(options.onError), settleMs);
      timer.unref();
    });
  } catch (error) {
    // No directory yet (a new AEGIS_LLM_CONFIG path): nothing to hand-edit until the page's first save creates it.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') options.onError?.(error);
    return undefined;
  }
  watcher.on('error', (error) => {
    options.onError?.(error);
    watcher.close();
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}

/** A symlinked config file is edited where it points. */
function resolveTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
