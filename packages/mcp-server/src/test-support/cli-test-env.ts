import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@aegis-llm/simulator';
import { ensureBuilt } from './ensure-built.js';
import { CANARY_KEY } from './mcp-fixture.js';

export interface CliTestEnv {
  sim: Simulator;
  home: string;
  /** The built CLI's whole environment: the simulator as DashScope (canary key), no Ollama, data in `home`. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** What a test of the built `aegis-llm` as a subprocess needs: the build, a simulator, a home of its own. */
export async function startCliTestEnv(prefix: string, extra: Record<string, string> = {}): Promise<CliTestEnv> {
  await ensureBuilt();
  const sim = await startSimulator({ apiKey: CANARY_KEY });
  const home = mkdtempSync(join(tmpdir(), prefix));
  return {
    sim,
    home,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      DASHSCOPE_API_KEY: CANARY_KEY,
      DASHSCOPE_BASE_URL: sim.baseURL,
      OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1',
      AEGIS_LLM_HOME: join(home, 'data'),
      ...extra,
    },
    async close() {
      await sim.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
