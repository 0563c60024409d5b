import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The n8n version the end-to-end tests run (scripts/install-n8n.sh installs it). */
export const N8N_VERSION_PREFIX = '2.40.';

export type N8nRuntime =
  { ok: true; /** Node >= 24 to run n8n with. */ node: string; /** n8n's bin script. */ n8nBin: string; version: string } | { ok: false; reason: string };

/**
 * Where scripts/install-n8n.sh put n8n: `$AEGIS_N8N_DIR`, else
 * `<repo>/.n8n-runtime`. n8n 2.x runs on Node 24: the project-local one.
 */
export function findN8nRuntime(repoRoot: string, env: NodeJS.ProcessEnv = process.env): N8nRuntime {
  const dir = env.AEGIS_N8N_DIR?.trim() || join(repoRoot, '.n8n-runtime');
  const pkgFile = join(dir, 'node_modules', 'n8n', 'package.json');
  const n8nBin = join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
  if (!existsSync(pkgFile) || !existsSync(n8nBin)) {
    return { ok: false, reason: `n8n is not installed in ${dir} (run scripts/install-n8n.sh)` };
  }
  const { version } = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string };
  if (!version.startsWith(N8N_VERSION_PREFIX)) {
    return { ok: false, reason: `n8n ${version} in ${dir} is not ${N8N_VERSION_PREFIX}x (run scripts/install-n8n.sh)` };
  }
  const node = join(repoRoot, 'node_modules', '.bin', 'node');
  if (!existsSync(node)) return { ok: false, reason: `${node} is missing (run pnpm install)` };
  return { ok: true, node, n8nBin, version };
}

/** `CI=true` (or 1): a missing runtime is a failure there, not a skip. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['true', '1'].includes((env.CI ?? '').toLowerCase());
}
