/**
 * n8n's verification scanner (`@n8n/scan-community-package`, its
 * `analyzePackage`, with the config the CLI uses) on this package, offline:
 * the CLI itself fetches a published version and its provenance-attested
 * source from the registry and GitHub, so here it is given the source folder
 * and the packed tarball, the two legs it lints (source: package.json and
 * nodes/credentials; tarball: every .js and the package.json).
 *
 * What packages/n8n-nodes/README.md ("n8n's checks") decides this package
 * meets: the source passes; in the tarball every finding is in the bundled
 * core (dist/shared/aegis-llm.js) and is one of the Cloud-only rules, or a
 * bundled dependency's console call; the node and credential files have none.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../e2e/n8n/run-process.ts';
import { ensureN8nNodesBuilt } from './ensure-n8n-nodes-built.ts';
import { packWorkspacePackage } from './pack-workspace-package.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(here, '..', '..');
const packageDir = join(repoRoot, 'packages', 'n8n-nodes');
/** Why each is accepted: README.md, "n8n's checks". */
const ACCEPTED_RULES = ['@n8n/community-nodes/no-restricted-globals', '@n8n/community-nodes/no-restricted-imports', 'no-console'];

interface ScanResult {
  passed: boolean;
  message?: string;
  details?: string;
}

/** ./run-scanner.ts in a child process, NODE_ENV unset (see there). */
async function scan(dir: string, leg: 'source' | 'tarball'): Promise<ScanResult> {
  const { NODE_ENV: _testEnv, ...env } = process.env;
  const result = await runProcess(process.execPath, [join(here, 'run-scanner.ts'), dir, leg], { env, timeoutMs: 180_000 });
  if (result.code !== 0) throw new Error(`the scanner failed on ${dir}:\n${result.stderr}`);
  return JSON.parse(result.stdout) as ScanResult;
}

interface Finding {
  file: string;
  rule: string;
  message: string;
}

/** The findings in ESLint's "stylish" report, the form analyzePackage returns them in. */
function parseStylish(report: string, root: string): Finding[] {
  const findings: Finding[] = [];
  let file = '';
  // eslint-disable-next-line no-control-regex -- the formatter may colour its output
  for (const line of report.replace(/\u001b\[[0-9;]*m/g, '').split('\n')) {
    if (line.startsWith('/')) file = relative(root, line.trim());
    const match = /^\s+\d+:\d+\s+(?:error|warning)\s+(.*?)\s{2,}(\S+)\s*$/.exec(line);
    if (match) findings.push({ file, message: match[1] ?? '', rule: match[2] ?? '' });
  }
  return findings;
}

let work: string;
let unpacked: string;
let findings: Finding[];
let tarballResult: ScanResult;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'aegis-scan-'));
  await ensureN8nNodesBuilt();
  const tarball = await packWorkspacePackage(packageDir, join(work, 'pack'));
  unpacked = join(work, 'package');
  mkdirSync(unpacked);
  const untar = await runProcess('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1'], { timeoutMs: 30_000 });
  if (untar.code !== 0) throw new Error(`tar: ${untar.stderr}`);
  tarballResult = await scan(unpacked, 'tarball');
  findings = parseStylish(tarballResult.details ?? '', unpacked);
}, 240_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("n8n's community-package scanner", () => {
  it('finds nothing in the sources (package.json, nodes, credentials)', async () => {
    const result = await scan(packageDir, 'source');
    expect(result.details ?? '').toBe('');
    expect(result.passed).toBe(true);
  }, 120_000);

  it('in the tarball, finds only the Cloud-only rules and console calls, all in the bundled core', () => {
    // The analysis ran and reported (an analysis that failed to run has no details).
    expect(tarballResult.message).toBe('ESLint violations found');
    expect(findings.length).toBeGreaterThan(0);
    expect([...new Set(findings.map((f) => f.file))]).toEqual(['dist/shared/aegis-llm.js']);
    expect([...new Set(findings.map((f) => f.rule))].sort()).toEqual(ACCEPTED_RULES);
  });

  it('the bundle never starts processes or evaluates code', () => {
    const imported = findings.filter((f) => f.rule.endsWith('no-restricted-imports')).map((f) => /'([^']+)'/.exec(f.message)?.[1] ?? f.message);
    expect(imported.length).toBeGreaterThan(0);
    for (const forbidden of ['child_process', 'node:child_process', 'vm', 'node:vm', 'cluster', 'node:cluster']) {
      expect(imported, forbidden).not.toContain(forbidden);
    }
  });
});
