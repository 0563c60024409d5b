import type { SimulatorProcess } from './simulator-process.ts';

/** What every scenario gets from the runner. */
export interface ScenarioContext {
  sim: SimulatorProcess;
  /** `--quick`: fewer requests and rounds, for trying the bench out; figures are noisier. */
  quick: boolean;
  /** A request count, shrunk in quick mode (never below `min`). */
  scale(count: number, min?: number): number;
  /** One progress line on stderr (stdout carries the table). */
  progress(message: string): void;
  /** The repository root. */
  root: string;
}
