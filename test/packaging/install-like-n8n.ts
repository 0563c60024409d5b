import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '../e2e/n8n/run-process.ts';

/** Where n8n keeps community packages: `<n8n folder>/nodes` (n8n-core's `InstanceSettings.nodesDownloadDir`). */
export function communityNodesDir(n8nFolder: string): string {
  return join(n8nFolder, 'nodes');
}

/**
 * Installs a package tarball the way n8n 2.40's community-package installer
 * does (`CommunityPackagesService.downloadPackage`, read from n8n 2.40.7's
 * dist/modules/community-packages/community-packages.service.js): unpack it
 * into `<n8n folder>/nodes/node_modules/<name>`, drop `devDependencies`,
 * `peerDependencies` and `optionalDependencies` from its package.json, run
 * `npm install` with n8n's flags inside it, and record it in
 * `<n8n folder>/nodes/package.json`. The installer fetches the tarball with
 * `npm pack <name>@<version>`; here it is given. `--offline` is ours: a package
 * with no runtime dependencies installs without the registry, and tests never
 * reach it. Returns the package's directory.
 */
export async function installLikeN8n(tarball: string, n8nFolder: string): Promise<string> {
  const nodesDir = communityNodesDir(n8nFolder);
  const { name } = await readPackedManifest(tarball);
  const packageDir = join(nodesDir, 'node_modules', name);
  mkdirSync(packageDir, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], nodesDir);
  const manifestFile = join(packageDir, 'package.json');
  const {
    devDependencies: _dev,
    peerDependencies: _peer,
    optionalDependencies: _optional,
    ...manifest
  } = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  await run(
    'npm',
    [
      'install',
      '--audit=false',
      '--fund=false',
      '--bin-links=false',
      '--install-strategy=shallow',
      '--ignore-scripts=true',
      '--package-lock=false',
      '--offline',
    ],
    packageDir,
  );
  const nodesManifest = join(nodesDir, 'package.json');
  let installed: { name: string; private: boolean; dependencies: Record<string, string> } = {
    name: 'installed-nodes',
    private: true,
    dependencies: {},
  };
  try {
    installed = JSON.parse(readFileSync(nodesManifest, 'utf8')) as typeof installed;
  } catch {
    // First package: n8n writes the file then.
  }
  installed.dependencies[name] = String(manifest.version);
  writeFileSync(nodesManifest, JSON.stringify(installed, null, 2));
  return packageDir;
}

/** The package.json inside a tarball. */
export async function readPackedManifest(tarball: string): Promise<{ name: string; version: string } & Record<string, unknown>> {
  const result = await runProcess('tar', ['-xzOf', tarball, 'package/package.json'], { timeoutMs: 30_000 });
  if (result.code !== 0) throw new Error(`reading package.json from ${tarball}: ${result.stderr}`);
  return JSON.parse(result.stdout) as { name: string; version: string } & Record<string, unknown>;
}

async function run(command: string, args: string[], cwd: string): Promise<void> {
  mkdirSync(cwd, { recursive: true });
  const result = await runProcess(command, args, { cwd, timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
}
