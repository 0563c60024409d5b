/**
 * Renders the figures the reliability suites wrote to
 * test-artifacts/reliability/<mode>/*.json as the table of docs/RELIABILITY.md.
 *
 *   node test/reliability/render-table.ts          prints the table of the last full run
 *   node test/reliability/render-table.ts --light  ... of the last light run (vitest run)
 *   node test/reliability/render-table.ts --write  also replaces it in docs/RELIABILITY.md
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const FIGURES_DIR = join(ROOT, 'test-artifacts/reliability', process.argv.includes('--light') ? 'light' : 'full');
const DOC = join(ROOT, 'docs/RELIABILITY.md');
const START = '<!-- reliability-figures:start -->';
const END = '<!-- reliability-figures:end -->';

/** Table order; a suite not listed here comes last. */
const ORDER = [
  'fault-soak',
  'crash-loop',
  'crash-loop-gateway-embedded',
  'crash-loop-gateway-redis',
  'fuzz-mcp-tools',
  'fuzz-config',
  'fuzz-admin-api',
  'secret-canaries',
  'secret-canaries-n8n',
  'http-surfaces',
  'hanging-upstream',
];

interface Figures {
  suite: string;
  checks: string;
  figures: Record<string, number | string>;
  findings?: string[];
  mode: string;
  seed: number;
  durationMs: number;
  finishedAt: string;
  machine: string;
}

/** Which figure fills each fixed column. */
const COLUMNS: Record<string, string[]> = {
  Requests: ['requests', 'cases', 'nodeRuns'],
  'Faults injected': ['faultsInjected', 'echoingErrorsServed'],
  'Crashes survived': ['crashesSurvived'],
  'Inputs tried': ['inputsTried', 'outputsScanned'],
  'Leaks found': ['leaksFound'],
};
const SHOWN = new Set(Object.values(COLUMNS).flat());

const number = (value: number | string | undefined): string => (value === undefined ? '–' : typeof value === 'number' ? value.toLocaleString('en-US') : value);

function load(): Figures[] {
  if (!existsSync(FIGURES_DIR)) return [];
  const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  return readdirSync(FIGURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((name) => JSON.parse(readFileSync(join(FIGURES_DIR, `${name}.json`), 'utf8')) as Figures);
}

export function renderTable(rows: Figures[]): string {
  const header = ['Suite', ...Object.keys(COLUMNS), 'Other figures', 'Mode', 'Time'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const fixed = Object.values(COLUMNS).map((keys) => number(keys.map((k) => row.figures[k]).find((v) => v !== undefined)));
    const other = Object.entries(row.figures)
      .filter(([key]) => !SHOWN.has(key))
      .map(([key, value]) => `${key} ${number(value)}`)
      .join(', ');
    lines.push(`| ${row.suite} | ${fixed.join(' | ')} | ${other} | ${row.mode} | ${Math.round(row.durationMs / 1000)} s |`);
  }
  const machines = [...new Set(rows.map((r) => r.machine))];
  const when = rows
    .map((r) => r.finishedAt)
    .sort()
    .at(-1);
  const seeds = [...new Set(rows.map((r) => r.seed))];
  lines.push('', `Machine: ${machines.join('; ')}. Last run finished ${when ?? '–'}; seed ${seeds.join(', ')}.`);
  const findings = rows.flatMap((r) => (r.findings ?? []).map((f) => `- ${r.suite}: ${f}`));
  if (findings.length > 0) lines.push('', 'Findings of that run:', '', ...findings);
  return lines.join('\n');
}

const rows = load();
if (rows.length === 0) {
  console.error(`No figures in ${FIGURES_DIR}: run the suites first (pnpm test:soak).`);
  process.exitCode = 1;
} else {
  const table = renderTable(rows);
  console.log(table);
  if (process.argv.includes('--write')) {
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    if (start < 0 || end < start) throw new Error(`${DOC} has no ${START} ... ${END} block`);
    writeFileSync(DOC, `${doc.slice(0, start + START.length)}\n${table}\n${doc.slice(end)}`);
    console.error(`Updated ${DOC}`);
  }
}
