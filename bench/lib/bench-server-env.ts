import { BENCH_KEY } from './bench-gateway.ts';

/**
 * A served gateway's environment in the bench: the simulator as DashScope, a
 * large budget, its own home and token; nothing inherited but PATH.
 */
export function benchServerEnv(baseURL: string, home: string, token: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AEGIS_LLM_HOME: home,
    DASHSCOPE_API_KEY: BENCH_KEY,
    DASHSCOPE_BASE_URL: baseURL,
    MONTHLY_BUDGET_DASHSCOPE: '1000000',
    AEGIS_LLM_TOKEN: token,
  };
}
