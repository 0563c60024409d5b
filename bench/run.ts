/**
 * `pnpm bench`: issue 8's benchmark. Builds what it imports (the core's dist,
 * and the MCP server's when it builds), starts the simulator in its own
 * process, runs the sections in order and prints the results as a Markdown
 * table on stdout (progress goes to stderr); the full figures go to
 * bench-results/latest.json. See bench/README.md.
 *
 *   node --expose-gc bench/run.ts [--quick] [--only latency,agent,relay,ledger,memory,mcp,endpoint] [--no-build]
 *
 * --quick runs too few requests for a verdict: its rows print `info (quick)`
 * instead of PASS or MISS.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildPackage, coreBuilt } from './lib/ensure-built.ts';
import { formatRows, type Row } from './lib/report.ts';
import type { ScenarioContext } from './lib/scenario.ts';
import { startSimulatorProcess } from './lib/simulator-process.ts';

const SECTIONS = ['latency', 'agent', 'relay', 'ledger', 'memory', 'mcp', 'endpoint'] as const;
type Section = (typeof SECTIONS)[number];
type SectionRun = (ctx: ScenarioContext, extra: { mcpBuild?: { ok: boolean; detail?: string } }) => Promise<{ rows: Row[]; data: unknown; details?: string }>;

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const selected: Section[] = values.only === undefined ? [...SECTIONS] : (values.only.split(',').map((s) => s.trim()) as Section[]);
for (const section of selected) {
  if (!SECTIONS.includes(section)) throw new Error(`--only: unknown section "${section}" (known: ${SECTIONS.join(', ')})`);
}
/** The machine's load when the run starts: a busy machine makes every ratio noisier. */
const loadAtStart = loadavg().map((value) => Math.round(value * 100) / 100);
const progress = (message: string): void => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const started = performance.now();

if (!values['no-build']) {
  progress('building @aegis-llm/core');
  const core = buildPackage(root, '@aegis-llm/core');
  if (!core.ok) throw new Error(`could not build @aegis-llm/core:\n${core.detail ?? ''}`);
}
if (!coreBuilt(root)) throw new Error('packages/core/dist is missing: run without --no-build');
let mcpBuild: { ok: boolean; detail?: string } | undefined;
if ((selected.includes('mcp') || selected.includes('endpoint')) && !values['no-build']) {
  progress('building @aegis-llm/mcp-server');
  mcpBuild = buildPackage(root, '@aegis-llm/mcp-server');
  if (!mcpBuild.ok) progress(`mcp-server did not build; its section will be skipped:\n${mcpBuild.detail ?? ''}`);
}

// Imported after the build: they import @aegis-llm/core, which resolves to its dist.
const load = async (section: Section): Promise<SectionRun> => {
  switch (section) {
    case 'latency':
      return (await import('./scenarios/latency.ts')).benchLatency;
    case 'agent':
      return (await import('./scenarios/agent.ts')).benchAgent;
    case 'relay':
      return (await import('./scenarios/relay.ts')).benchRelay;
    case 'ledger':
      return (await import('./scenarios/ledger.ts')).benchLedger;
    case 'memory':
      return (await import('./scenarios/memory.ts')).benchMemory;
    case 'mcp':
      return (await import('./scenarios/mcp.ts')).benchMcp;
    case 'endpoint':
      return (await import('./scenarios/endpoint.ts')).benchEndpoint;
  }
};

const sim = await startSimulatorProcess();
const quick = values.quick === true;
const ctx: ScenarioContext = {
  sim,
  quick,
  scale: (count, min = 1) => (quick ? Math.max(min, Math.round(count / 4)) : count),
  progress,
  root,
};
const rows: Row[] = [];
const data: Record<string, unknown> = {};
const details: string[] = [];
try {
  for (const section of selected) {
    const t0 = performance.now();
    progress(`section ${section}`);
    try {
      const run = await load(section);
      const result = await run(ctx, { mcpBuild });
      rows.push(...result.rows);
      if (result.details !== undefined) details.push(result.details);
      data[section] = { ...(result.data as object), seconds: Math.round((performance.now() - t0) / 100) / 10 };
    } catch (error) {
      progress(`section ${section} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      rows.push({ item: SECTIONS.indexOf(section) + 1, measure: `${section}: the section failed (${String(error)})`, value: '', verdict: 'MISS' });
      data[section] = { error: String(error) };
    }
  }
} finally {
  await sim.close();
}

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
const seconds = Math.round((performance.now() - started) / 1000);
// Too few requests for a verdict: a quick run reports figures only.
if (quick) for (const row of rows) if (row.verdict === 'PASS' || row.verdict === 'MISS') row.verdict = 'info (quick)';
const table = formatRows(rows);
console.log(
  `\nAegis LLM benchmark, ${new Date().toISOString()}, ${machine.cpus} x ${machine.cpuModel}, Node ${machine.node}, ` +
    `load average at start ${loadAtStart.join(' / ')} (1 / 5 / 15 min), ${seconds} s${quick ? ' (--quick: no verdicts)' : ''}\n`,
);
console.log(table);
const misses = rows.filter((r) => r.verdict === 'MISS').length;
console.log(
  quick
    ? '\n--quick: figures only, no PASS/MISS (run without --quick for verdicts)'
    : `\n${rows.filter((r) => r.verdict === 'PASS').length} PASS, ${misses} MISS`,
);
for (const detail of details) console.log(`\n${detail}`);

const outDir = join(root, 'bench-results');
await mkdir(outDir, { recursive: true });
await writeFile(
  join(outDir, 'latest.json'),
  `${JSON.stringify({ date: new Date().toISOString(), quick, seconds, machine, loadAtStart, rows, table, details, sections: data }, null, 2)}\n`,
);
progress(`wrote bench-results/latest.json`);
