import { open } from 'node:fs/promises';

const HEAD_BYTES = 96;
const REV = /^\{"rev":"([^"]*)"/;

/**
 * The `rev` of the document file, read from its first bytes (the document is
 * written with `rev` as its first key), or undefined when the file is missing
 * or does not start that way. Lets a process skip re-parsing a document that
 * nobody else changed since its own last commit.
 */
export async function readDocumentRev(file: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
    return REV.exec(head.toString('utf8', 0, bytesRead))?.[1];
  } finally {
    await handle.close();
  }
}
