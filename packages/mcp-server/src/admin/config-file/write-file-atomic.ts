import { randomBytes } from 'node:crypto';
import { mkdir, open, realpath, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface WriteFileAtomicOptions {
  /** @default 0o600: the file may hold API keys. */
  mode?: number;
  /** Replaced in tests to fail at the last step. @default fs.rename */
  rename?: (from: string, to: string) => Promise<void>;
}

/**
 * Writes `text` to `file` so that a reader (or a crash) sees either the old
 * content or the new one, never a half-written file: a temp file in the same
 * directory (same file system, so rename is atomic on POSIX), fsynced, then
 * renamed over the target. A symlinked config file keeps its link: the write
 * goes to where it points.
 */
export async function writeFileAtomic(file: string, text: string, options: WriteFileAtomicOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  const target = await realpath(file).catch(() => path.resolve(file));
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);

  let handle: FileHandle | undefined;
  try {
    // `wx`: never follow or reuse an existing path (a planted symlink, say).
    handle = await open(temp, 'wx', mode);
    await handle.writeFile(text, 'utf8');
    // open's mode is filtered by the umask; state it outright.
    await handle.chmod(mode);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await (options.rename ?? rename)(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** The rename lives in the directory entry: fsync the directory so it survives a power cut. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
