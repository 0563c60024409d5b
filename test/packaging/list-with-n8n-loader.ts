/**
 * Run by packages.test.ts on a real n8n's Node (`node list-with-n8n-loader.ts
 * <installed package>`, NODE_PATH = that n8n's node_modules): loads the
 * installed community package with n8n-core's PackageDirectoryLoader, the
 * class n8n's community-package service loads packages with, and prints what
 * n8n lists: node names, display names and codex, and credential names.
 */
import { createRequire } from 'node:module';

interface LoadedType {
  type: { description: { name: string; displayName: string; codex?: unknown } };
}
interface Loader {
  packageName: string;
  nodeTypes: Record<string, LoadedType>;
  credentialTypes: Record<string, unknown>;
  loadAll(): Promise<void>;
}

const require = createRequire(import.meta.url);
const { PackageDirectoryLoader } = require('n8n-core') as { PackageDirectoryLoader: new (dir: string) => Loader };
const loader = new PackageDirectoryLoader(process.argv[2] ?? '.');
await loader.loadAll();
const nodes = Object.values(loader.nodeTypes).map(({ type }) => ({
  name: type.description.name,
  displayName: type.description.displayName,
  codex: type.description.codex,
}));
process.stdout.write(JSON.stringify({ packageName: loader.packageName, nodes, credentials: Object.keys(loader.credentialTypes) }));
