/** What a command reads and writes, injected so tests run commands in-process. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Exit codes: 0 done; 1 the operation failed (provider down, test failed); 2 bad usage or invalid configuration. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
