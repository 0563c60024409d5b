import type { CliIo } from '../cli/cli-io.js';

export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

/** A CliIo that keeps what a command writes. */
export function captureIo(env: NodeJS.ProcessEnv, cwd: string): CapturedIo {
  let out = '';
  let err = '';
  return {
    env,
    cwd,
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    out: () => out,
    err: () => err,
  };
}
