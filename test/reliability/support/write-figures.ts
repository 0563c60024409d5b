/**
 * Each suite writes its figures to `test-artifacts/reliability/<mode>/<suite>.json`
 * (one file per suite: vitest runs files in parallel workers; one folder per
 * mode, so a light run of the whole test suite cannot overwrite the figures
 * of the last full run) and prints them.
 * `node test/reliability/render-table.ts` turns them into the table of
 * docs/RELIABILITY.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SoakMode } from './soak-mode.ts';

export const FIGURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../test-artifacts/reliability');

export interface SuiteFigures {
  /** Row label in the table. */
  suite: string;
  /** What was checked, in a few words. */
  checks: string;
  /** Counters shown in the table: requests, faults injected, crashes survived, inputs tried, leaks found... */
  figures: Record<string, number | string>;
  /** What broke a check (empty when the suite passed). */
  findings?: string[];
}

export function writeFigures(file: string, mode: SoakMode, figures: SuiteFigures, startedAt: number): void {
  const record = {
    ...figures,
    mode: mode.name,
    seed: mode.seed,
    durationMs: Date.now() - startedAt,
    finishedAt: new Date().toISOString(),
    machine: machine(),
  };
  const dir = join(FIGURES_DIR, mode.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${file}.json`), `${JSON.stringify(record, null, 2)}\n`);
  console.info(`[reliability] ${figures.suite}: ${JSON.stringify(figures.figures)}`);
}

export function machine(): string {
  const cpu = cpus();
  return `${process.platform}/${process.arch}, ${cpu.length} x ${cpu[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}
