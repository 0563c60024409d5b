import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '../e2e/n8n/run-process.ts';

/**
 * `pnpm pack` of a workspace package into `destination`, as `pnpm publish`
 * would pack it (workspace ranges rewritten to versions). Returns the tarball's
 * path. Packs what is built: run the package's build first.
 */
export async function packWorkspacePackage(packageDir: string, destination: string): Promise<string> {
  mkdirSync(destination, { recursive: true });
  const result = await runProcess('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', destination], {
    cwd: packageDir,
    timeoutMs: 120_000,
  });
  if (result.code !== 0) throw new Error(`pnpm pack in ${packageDir} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  const tarballs = readdirSync(destination).filter((file) => file.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`expected one tarball in ${destination}, found: ${tarballs.join(', ') || 'none'}`);
  return join(destination, tarballs[0] ?? '');
}

/** Every file path in a tarball, without npm's `package/` prefix. */
export async function tarballFiles(tarball: string): Promise<string[]> {
  const result = await runProcess('tar', ['-tzf', tarball], { timeoutMs: 30_000 });
  if (result.code !== 0) throw new Error(`tar -tzf ${tarball} exited ${result.code}: ${result.stderr}`);
  return result.stdout
    .split('\n')
    .filter((line) => line !== '' && !line.endsWith('/'))
    .map((line) => line.replace(/^package\//, ''));
}
