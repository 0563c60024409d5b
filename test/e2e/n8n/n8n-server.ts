import { spawn } from 'node:child_process';

export interface N8nServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * `n8n start` on a given port. Ready means the webhook at `readyWebhookPath`
 * is registered: /healthz answers before published workflows are activated.
 */
export async function startN8nServer(
  node: string,
  n8nBin: string,
  env: NodeJS.ProcessEnv,
  port: number,
  readyWebhookPath: string,
  timeoutMs: number,
): Promise<N8nServer> {
  const child = spawn(node, [n8nBin, 'start'], { env: { ...env, N8N_PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-8000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-8000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`n8n start exited ${child.exitCode}:\n${output}`);
    if (await isWebhookRegistered(url, readyWebhookPath)) return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await stop();
  throw new Error(`n8n start was not ready within ${timeoutMs} ms:\n${output}`);
}

/** Whether n8n serves the POST webhook at this path (published workflows are activated one by one after start). */
export async function isWebhookRegistered(url: string, path: string): Promise<boolean> {
  // A GET to a registered POST webhook gets n8n's "did you mean to make a POST request?".
  return fetch(`${url}/webhook/${path}`).then(
    async (r) => (await r.text()).includes('POST request'),
    () => false,
  );
}

/** Waits until n8n serves the POST webhook at this path. */
export async function waitForWebhook(url: string, path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isWebhookRegistered(url, path))) {
    if (Date.now() > deadline) throw new Error(`webhook ${path} was not registered within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** One line of a streamed webhook response, and when it arrived (ms after the request). */
export interface StreamedLine {
  at: number;
  event: { type: string; content?: string; metadata?: { nodeName?: string; itemIndex?: number } };
}

/** POSTs JSON and reads the streamed response line by line (n8n sends one JSON object per line). */
export async function postAndReadStream(url: string, body: unknown): Promise<StreamedLine[]> {
  const started = Date.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok || !response.body) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
  const lines: StreamedLine[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line !== '') lines.push({ at: Date.now() - started, event: JSON.parse(line) as StreamedLine['event'] });
    }
  }
  if (buffer.trim() !== '') lines.push({ at: Date.now() - started, event: JSON.parse(buffer) as StreamedLine['event'] });
  return lines;
}

/**
 * Creates the instance owner on a fresh n8n (its REST API needs a signed-in
 * user) and returns the session cookie.
 */
export async function setupOwner(url: string): Promise<string> {
  const response = await fetch(`${url}/rest/owner/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-owner-Passw0rd' }),
  });
  if (!response.ok) throw new Error(`owner setup answered ${response.status}: ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/** What the credential's "Test connection" button gets: `POST /rest/credentials/test`. */
export async function testCredential(
  url: string,
  cookie: string,
  credential: { id: string; type: string; data: Record<string, unknown> },
): Promise<{ status: string; message: string }> {
  const response = await fetch(`${url}/rest/credentials/test`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ credentials: { name: 'e2e', ...credential } }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`credential test answered ${response.status}: ${text}`);
  return (JSON.parse(text) as { data: { status: string; message: string } }).data;
}
