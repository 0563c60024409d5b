/**
 * The two published packages as their users get them (issue 20): each is
 * packed with `pnpm pack` (what `pnpm publish` uploads) and installed from the
 * tarball outside the workspace, with no registry (`--offline`): a package
 * that needed a runtime dependency would fail to install here.
 *
 * - `@aegis-llm/mcp-server` in an empty directory, then `aegis-llm --help` and
 *   an MCP initialize + tools/list round trip over stdio with the SDK's client.
 * - `n8n-nodes-aegis-llm` the way n8n's community-package installer does it
 *   (./install-like-n8n.ts), then every node and credential file is required
 *   as n8n's loader requires it; with a real n8n (scripts/install-n8n.sh,
 *   `AEGIS_N8N_DIR`), n8n-core's own loader lists the nodes and their codex.
 *   test/e2e/n8n runs workflows on the package installed the same way.
 *
 * Part of `pnpm test` (after `pnpm build`); alone: `pnpm check:packages`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { providerKind } from '@aegis-llm/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../packages/mcp-server/src/test-support/ensure-built.js';
import { findN8nRuntime, isCi } from '../e2e/n8n/n8n-runtime.ts';
import { runProcess } from '../e2e/n8n/run-process.ts';
import { ensureN8nNodesBuilt } from './ensure-n8n-nodes-built.ts';
import { installLikeN8n, readPackedManifest } from './install-like-n8n.ts';
import { packWorkspacePackage, tarballFiles } from './pack-workspace-package.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const REPOSITORY = 'git+https://github.com/aegis-llm/aegis-llm.git';

type Manifest = Awaited<ReturnType<typeof readPackedManifest>>;

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'aegis-packages-'));
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** An environment with no keys, no config and a home of its own: what a first-time user has. */
function cleanEnv(home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: home, AEGIS_LLM_HOME: join(home, '.aegis-llm') };
}

/** Every relative link of a README resolves to a file in the package (a link to ../../docs would 404 on npm). */
function brokenRelativeLinks(readme: string, files: readonly string[]): string[] {
  const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
  return targets
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'))
    .filter((target) => !files.includes(posix.normalize(target.split('#')[0] ?? '')));
}

function expectPublishable(manifest: Manifest, files: readonly string[], directory: string): void {
  expect(JSON.stringify(manifest)).not.toContain('workspace:');
  expect(manifest.dependencies ?? {}).toEqual({});
  expect(manifest.repository).toEqual({ type: 'git', url: REPOSITORY, directory });
  expect(manifest.homepage).toBe(`https://github.com/aegis-llm/aegis-llm/tree/main/${directory}#readme`);
  expect(manifest.license).toBe('MIT');
  expect(files).toContain('README.md');
}

describe('@aegis-llm/mcp-server from its tarball', () => {
  let tarball: string;
  let manifest: Manifest;
  let files: string[];
  let app: string;
  let bin: string;

  beforeAll(async () => {
    await ensureBuilt();
    tarball = await packWorkspacePackage(join(repoRoot, 'packages', 'mcp-server'), join(work, 'mcp-pack'));
    manifest = await readPackedManifest(tarball);
    files = await tarballFiles(tarball);
    app = join(work, 'mcp-app');
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'package.json'), '{ "name": "empty-app", "private": true }\n');
    const install = await runProcess('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: app, timeoutMs: 120_000 });
    if (install.code !== 0) throw new Error(`npm install of the tarball failed:\n${install.stdout}\n${install.stderr}`);
    bin = join(app, 'node_modules', '.bin', 'aegis-llm');
  }, 240_000);

  it('has no runtime dependencies (the core and the rest are bundled), repository and homepage', () => {
    expectPublishable(manifest, files, 'packages/mcp-server');
    expect(manifest.bin).toEqual({ 'aegis-llm': './dist/cli.js' });
    expect(brokenRelativeLinks(readFileSync(join(repoRoot, 'packages/mcp-server/README.md'), 'utf8'), files)).toEqual([]);
  });

  it('ships the bundle, its chunks and the admin page, and no tsc output or sources', () => {
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('dist/admin-ui/app.js');
    expect(files.some((file) => file.startsWith('dist/chunks/'))).toBe(true);
    expect(files.filter((file) => !/^(dist\/(cli\.js(\.map)?|chunks\/|admin-ui\/)|package\.json$|README\.md$)/.test(file))).toEqual([]);
  });

  it('installs alone: nothing but itself in node_modules', () => {
    const installed = readdirSync(join(app, 'node_modules')).filter((name) => !name.startsWith('.'));
    expect(installed).toEqual(['@aegis-llm']);
    expect(readdirSync(join(app, 'node_modules', '@aegis-llm'))).toEqual(['mcp-server']);
  });

  it('installs and runs with npx from an `npm pack` tarball too: workspace ranges only in devDependencies, which installs skip', async () => {
    const packed = join(work, 'mcp-npm-pack');
    mkdirSync(packed, { recursive: true });
    const pack = await runProcess('npm', ['pack', '--pack-destination', packed], { cwd: join(repoRoot, 'packages', 'mcp-server'), timeoutMs: 120_000 });
    if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
    const npmTarball = join(packed, readdirSync(packed).find((file) => file.endsWith('.tgz')) ?? '');
    const npmManifest = await readPackedManifest(npmTarball);
    expect(npmManifest.dependencies ?? {}).toEqual({});
    const other = join(work, 'mcp-app-npm');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'package.json'), '{ "name": "empty-app", "private": true }\n');
    const install = await runProcess('npm', ['install', '--offline', '--no-audit', '--no-fund', npmTarball], { cwd: other, timeoutMs: 120_000 });
    expect(install.code, install.stderr).toBe(0);
    const help = await runProcess(process.execPath, [join(other, 'node_modules', '.bin', 'aegis-llm'), '--help'], {
      cwd: other,
      env: cleanEnv(work),
      timeoutMs: 30_000,
    });
    expect(help.stdout).toMatch(/Usage: aegis-llm/);
    // What `npx -y @aegis-llm/mcp-server` does once published, from the tarball,
    // with an empty npm cache (the clean env's own home) and no registry.
    const npx = await runProcess('npm', ['exec', '--offline', '--yes', `--package=${npmTarball}`, '--', 'aegis-llm', '--help'], {
      cwd: other,
      env: cleanEnv(join(work, 'npx-home')),
      timeoutMs: 120_000,
    });
    expect(npx.stdout, npx.stderr).toMatch(/Usage: aegis-llm/);
  }, 180_000);

  it('runs `aegis-llm --help`', async () => {
    const result = await runProcess(process.execPath, [bin, '--help'], { cwd: app, env: cleanEnv(work), timeoutMs: 30_000 });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`aegis-llm ${manifest.version}`);
    expect(result.stdout).toMatch(/Usage: aegis-llm/);
  });

  it('answers an MCP client over stdio: initialize, then its four tools', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [bin], cwd: app, env: cleanEnv(work), stderr: 'pipe' });
    const client = new Client({ name: 'packaging-test', version: '1.0.0' });
    try {
      await client.connect(transport);
      expect(client.getServerVersion()).toMatchObject({ name: 'aegis-llm', version: manifest.version });
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(['budget_status', 'chat', 'list_models', 'test_provider']);
    } finally {
      await client.close();
    }
  }, 30_000);
});

interface N8nListing {
  packageName: string;
  nodes: {
    name: string;
    displayName: string;
    codex: { categories: string[]; subcategories: Record<string, string[]>; alias: string[] };
    labels: string[];
  }[];
  credentials: string[];
  credentialLabels: Record<string, string[]>;
}

/** What a real n8n's loader lists for the installed package (./list-with-n8n-loader.ts), once per run. */
let listing: Promise<N8nListing> | undefined;
function listWithN8nLoader(runtime: { node: string; n8nBin: string }, installedDir: string): Promise<N8nListing> {
  listing ??= (async () => {
    // runtime.n8nBin is <dir>/node_modules/n8n/bin/n8n.
    const n8nModules = dirname(dirname(dirname(runtime.n8nBin)));
    const result = await runProcess(runtime.node, [join(here, 'list-with-n8n-loader.ts'), installedDir], {
      cwd: installedDir,
      env: { ...cleanEnv(work), NODE_PATH: n8nModules },
      timeoutMs: 60_000,
    });
    if (result.code !== 0) throw new Error(`n8n's loader failed:\n${result.stderr}`);
    return JSON.parse(result.stdout) as N8nListing;
  })();
  return listing;
}

describe('n8n-nodes-aegis-llm installed as n8n installs community packages', () => {
  let tarball: string;
  let manifest: Manifest;
  let files: string[];
  let n8nFolder: string;
  let installedDir: string;

  beforeAll(async () => {
    await ensureN8nNodesBuilt();
    tarball = await packWorkspacePackage(join(repoRoot, 'packages', 'n8n-nodes'), join(work, 'n8n-pack'));
    manifest = await readPackedManifest(tarball);
    files = await tarballFiles(tarball);
    n8nFolder = join(work, 'n8n-user', '.n8n');
    installedDir = await installLikeN8n(tarball, n8nFolder);
  }, 240_000);

  it('declares what n8n and its linter ask of a community package', () => {
    expectPublishable(manifest, files, 'packages/n8n-nodes');
    expect(manifest.name).toMatch(/^n8n-nodes-/);
    expect(manifest.keywords).toContain('n8n-community-node-package');
    expect(manifest.files).toEqual(['dist']);
    expect(manifest.peerDependencies).toEqual({ '@n8n/ai-node-sdk': '*', 'n8n-workflow': '*' });
    const n8n = manifest.n8n as { n8nNodesApiVersion: number; strict: boolean; nodes: string[]; credentials: string[] };
    expect(n8n.n8nNodesApiVersion).toBe(1);
    // Not strict: the lint config is n8n-node's configWithoutCloudSupport (packages/n8n-nodes/README.md says why).
    expect(n8n.strict).toBe(false);
    expect(readFileSync(join(repoRoot, 'packages/n8n-nodes/eslint.config.mjs'), 'utf8')).toContain('configWithoutCloudSupport');
    for (const file of [...n8n.nodes, ...n8n.credentials]) expect(files, file).toContain(file);
    // n8n's file-name convention: the file is named after the node type.
    for (const file of n8n.nodes) expect(file).toMatch(/dist\/nodes\/(\w+)\/\1\.node\.js$/);
    expect(brokenRelativeLinks(readFileSync(join(repoRoot, 'packages/n8n-nodes/README.md'), 'utf8'), files)).toEqual([]);
  });

  it("installs with nothing beside it: no dependencies, and n8n's own n8n-workflow is the one it gets", () => {
    expect(existsSync(join(installedDir, 'node_modules')) ? readdirSync(join(installedDir, 'node_modules')).filter((n) => !n.startsWith('.')) : []).toEqual([]);
    const recorded = JSON.parse(readFileSync(join(n8nFolder, 'nodes', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(recorded.dependencies).toEqual({ [manifest.name]: manifest.version });
  });

  it('requires nothing at run time but Node and the packages n8n provides', () => {
    const allowed = new Set(['n8n-workflow', '@n8n/ai-node-sdk', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const required = files
      .filter((file) => file.endsWith('.js'))
      .flatMap((file) => [...readFileSync(join(installedDir, file), 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] ?? ''));
    expect(required.filter((spec) => !spec.startsWith('.') && !allowed.has(spec))).toEqual([]);
  });

  it('loads every node and credential file as n8n requires them', async () => {
    // n8n-workflow and @n8n/ai-node-sdk from the workspace (n8n brings its own at run time).
    const nodePath = join(repoRoot, 'packages', 'n8n-nodes', 'node_modules');
    const result = await runProcess(process.execPath, [join(here, 'require-node-files.ts'), installedDir], {
      cwd: installedDir,
      env: { ...cleanEnv(work), NODE_PATH: nodePath },
      timeoutMs: 30_000,
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      nodes: ['aegisDashScope', 'aegisAnyLlm', 'lmChatDashScopeAegis', 'lmChatAnyLlm', 'embeddingsDashScopeAegis', 'embeddingsAnyLlm'],
      credentials: ['aegisDashScopeApi', 'aegisAnyLlmApi'],
      problems: [],
    });
  });

  const runtime = findN8nRuntime(repoRoot);
  it.runIf(runtime.ok || isCi())(
    'is listed by a real n8n\'s loader, the action nodes under AI > Root Nodes, found by "aegis" and "qwen"',
    async () => {
      if (!runtime.ok) throw new Error(`a real n8n is needed under CI=true: ${runtime.reason}`);
      const listed = await listWithN8nLoader(runtime, installedDir);
      expect(listed.packageName).toBe('n8n-nodes-aegis-llm');
      expect(listed.credentials.sort()).toEqual(['aegisAnyLlmApi', 'aegisDashScopeApi']);
      expect(listed.nodes.map((node) => node.name).sort()).toEqual([
        'aegisAnyLlm',
        'aegisDashScope',
        'embeddingsAnyLlm',
        'embeddingsDashScopeAegis',
        'lmChatAnyLlm',
        'lmChatDashScopeAegis',
      ]);
      for (const node of listed.nodes) {
        // The node picker's search reads the display name and the codex aliases.
        const words = [node.displayName.toLowerCase(), ...node.codex.alias];
        expect(
          words.some((word) => word.includes('aegis')),
          node.name,
        ).toBe(true);
        expect(
          words.some((word) => word.includes('qwen')),
          node.name,
        ).toBe(true);
        // The embeddings sub-nodes sit where n8n's own do (AI > Embeddings), offered when a vector store asks for one.
        expect(node.codex.subcategories.AI, node.name).toContain(node.name.startsWith('embeddings') ? 'Embeddings' : 'Root Nodes');
      }
      const anyllm = listed.nodes.find((node) => node.name === 'aegisAnyLlm');
      expect([anyllm?.displayName.toLowerCase(), ...(anyllm?.codex.alias ?? [])].some((word) => word?.includes('anyllm'))).toBe(true);
      const dashscope = listed.nodes.find((node) => node.name === 'aegisDashScope');
      expect([dashscope?.displayName.toLowerCase(), ...(dashscope?.codex.alias ?? [])].some((word) => word?.includes('dashscope'))).toBe(true);
    },
    90_000,
  );

  it.runIf(runtime.ok || isCi())(
    "shows plain labels with their units in n8n, and the core's DashScope regions",
    async () => {
      if (!runtime.ok) throw new Error(`a real n8n is needed under CI=true: ${runtime.reason}`);
      const listed = await listWithN8nLoader(runtime, installedDir);
      const everyLabel = [...listed.nodes.flatMap((node) => node.labels), ...Object.values(listed.credentialLabels).flat()];
      // Issue 20: the words a no-code user did not understand, and a unit only in a tooltip.
      for (const jargon of ['Provider ID', 'Task Type', 'Data Directory', 'Model Prices']) {
        expect(
          everyLabel.filter((label) => label === jargon || label.startsWith(`${jargon}:`)),
          jargon,
        ).toEqual([]);
      }
      const anyllm = listed.credentialLabels.aegisAnyLlmApi ?? [];
      expect(anyllm).toContain('Model Prices (USD per Million Tokens)');
      expect(anyllm).toContain('Monthly Budget (USD)');
      expect(anyllm).toContain('Endpoint Name (in Budgets and Spend)');
      expect(anyllm).toContain('Spend Ledger Folder');
      const chatNode = listed.nodes.find((node) => node.name === 'aegisDashScope');
      expect(chatNode?.labels.some((label) => label.startsWith('Purpose: Chat | '))).toBe(true);
      expect(chatNode?.labels).toContain('Timeout (Seconds)');
      expect(chatNode?.labels).toContain('Thinking Budget (Tokens)');
      // The Region list is the core's DashScope kind's, Hong Kong and the workspace-domain regions included.
      const regions = providerKind('dashscope').regions?.list ?? [];
      const dashscopeCredential = listed.credentialLabels.aegisDashScopeApi ?? [];
      expect(dashscopeCredential).toContain(`Region: ${[...regions.map((region) => region.label), 'Custom Base URL'].join(' | ')}`);
      for (const region of ['China (Hong Kong)', 'Germany (Frankfurt)', 'Japan (Tokyo)']) expect(regions.map((r) => r.label)).toContain(region);
      expect(dashscopeCredential).toContain('Workspace ID');
    },
    90_000,
  );
});
