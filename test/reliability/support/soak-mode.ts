/**
 * How hard the reliability suites push. `vitest run` takes the light figures;
 * `pnpm test:soak` sets `AEGIS_SOAK=full` for the figures. Each figure
 * can also be set on its own (see docs/RELIABILITY.md).
 */
export interface SoakMode {
  name: 'light' | 'full';
  /** Requests of the fault soak. */
  soakRequests: number;
  /** Rounds of the kill -9 loop. */
  crashRounds: number;
  /** fast-check runs per fuzzed property. */
  fuzzRuns: number;
  /** Seed of every PRNG and of fast-check, so a failure can be replayed. */
  seed: number;
}

function count(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a positive whole number, got "${value}"`);
  return n;
}

export function soakMode(env: NodeJS.ProcessEnv = process.env): SoakMode {
  const full = env.AEGIS_SOAK === 'full';
  return {
    name: full ? 'full' : 'light',
    soakRequests: count(env.AEGIS_SOAK_REQUESTS, full ? 20_000 : 2_000),
    crashRounds: count(env.AEGIS_SOAK_CRASH_ROUNDS, full ? 50 : 5),
    fuzzRuns: count(env.AEGIS_SOAK_FUZZ_RUNS, full ? 1_000 : 150),
    seed: count(env.AEGIS_SOAK_SEED, 20_261_109),
  };
}
