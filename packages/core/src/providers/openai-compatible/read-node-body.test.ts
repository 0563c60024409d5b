import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readNodeBody } from './read-node-body.js';

const bytes = (text: string) => Buffer.from(text);

/** A body whose pieces are pushed by the test. */
function manualBody() {
  return new Readable({ read() {} });
}

async function readAll(reader: ReturnType<typeof readNodeBody>): Promise<string> {
  let text = '';
  for (;;) {
    const step = await reader.read();
    if (step.done) return text;
    text += Buffer.from(step.value).toString();
  }
}

describe('readNodeBody', () => {
  it('reads what is buffered at once and waits for the rest, to the end', async () => {
    const body = manualBody();
    body.push(bytes('a'));
    body.push(bytes('b'));
    const reader = readNodeBody(body);
    const all = readAll(reader);
    setTimeout(() => {
      body.push(bytes('c'));
      body.push(null);
    }, 5);
    expect(await all).toBe('abc');
    expect(await reader.read()).toEqual({ done: true });
  });

  it('a body destroyed with an error fails the read waiting on it', async () => {
    const body = manualBody();
    const reader = readNodeBody(body);
    const pending = reader.read();
    const error = new Error('socket hang up');
    body.destroy(error);
    await expect(pending).rejects.toBe(error);
    await expect(reader.read()).rejects.toBe(error);
  });

  it("a body closed before its end fails the read, as Node's iterator does", async () => {
    const body = manualBody();
    body.push(bytes('partial'));
    const reader = readNodeBody(body);
    expect(await reader.read()).toMatchObject({ done: false });
    const pending = reader.read();
    body.destroy();
    await expect(pending).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('finish() reads the rest to its end without destroying the body', async () => {
    const ending = manualBody();
    const reader = readNodeBody(ending);
    ending.push(bytes('data: [DONE]\n\n'));
    await reader.read();
    reader.finish();
    ending.push(bytes(': more'));
    ending.push(null);
    await new Promise((resolve) => ending.once('end', resolve));
    expect(ending.readableEnded).toBe(true);
  });
});
