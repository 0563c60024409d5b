import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
/** The runner's entry (its `conformance` bin), from the test package's devDependency. */
const RUNNER = join(ROOT, 'test/node_modules/@modelcontextprotocol/conformance/dist/index.js');

export interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
  details?: Record<string, unknown>;
}

/**
 * Runs the active server suite of `@modelcontextprotocol/conformance`
 * against `url`, or only the `scenarios` given (one run each), and returns
 * each scenario's checks, read from the result files it writes
 * (`<out>/server-<scenario>-<timestamp>/checks.json`). The runner's exit
 * code is not used: it fails for the scenarios that do not apply here,
 * which the caller sorts out.
 */
export async function runConformance(url: string, scenarios?: readonly string[]): Promise<Map<string, Check[]>> {
  const out = mkdtempSync(join(tmpdir(), 'aegis-conformance-'));
  const run = (extra: string[]) =>
    new Promise<string>((done) => {
      // The runner needs Node >= 22 (fs.globSync): the one running the tests (node_modules/.bin/node).
      execFile(
        process.execPath,
        [RUNNER, 'server', '--url', url, '--output-dir', out, ...extra],
        { timeout: 180_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => done(`${error?.message ?? ''}\n${stdout}\n${stderr}`),
      );
    });
  try {
    let output = '';
    if (scenarios === undefined) output = await run([]);
    else for (const scenario of scenarios) output += await run(['--scenario', scenario]);
    const results = new Map<string, Check[]>();
    for (const dir of readdirSync(out)) {
      const scenario = /^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/.exec(dir)?.[1];
      if (scenario === undefined) continue;
      results.set(scenario, JSON.parse(readFileSync(join(out, dir, 'checks.json'), 'utf8')) as Check[]);
    }
    if (results.size === 0) throw new Error(`the conformance runner wrote no results:\n${output.slice(-4000)}`);
    return results;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** A scenario's failed checks, one line each ("id: message"); empty when it passed. */
export function failuresOf(checks: readonly Check[]): string[] {
  return checks.filter((c) => c.status === 'FAILURE').map((c) => `${c.id}: ${c.errorMessage ?? 'failed'}`);
}
