/**
 * Run by packages.test.ts on a real n8n's Node (`node list-with-n8n-loader.ts
 * <installed package>`, NODE_PATH = that n8n's node_modules): loads the
 * installed community package with n8n-core's PackageDirectoryLoader, the
 * class n8n's community-package service loads packages with, and prints what
 * n8n lists: node names, display names and codex, credential names, and
 * every field label (with its options' names) the node and credential panels
 * show.
 */
import { createRequire } from 'node:module';

interface Property {
  displayName?: string;
  name?: string;
  type?: string;
  options?: Property[];
  values?: Property[];
}
interface LoadedType {
  type: { description: { name: string; displayName: string; codex?: unknown; properties: Property[] } };
}
interface Loader {
  packageName: string;
  nodeTypes: Record<string, LoadedType>;
  credentialTypes: Record<string, { type: { properties: Property[] } }>;
  loadAll(): Promise<void>;
}

/** A panel's fields as the user reads them: `Label` or `Label: option | option`, nested collections flattened. */
function labels(properties: readonly Property[]): string[] {
  return properties.flatMap((property) => {
    const options = property.options ?? [];
    if (property.type === 'options' || property.type === 'multiOptions') {
      return [`${property.displayName}: ${options.map((option) => option.name).join(' | ')}`];
    }
    return [...(property.displayName ? [property.displayName] : []), ...labels([...options, ...(property.values ?? [])].filter((p) => p.displayName))];
  });
}

const require = createRequire(import.meta.url);
const { PackageDirectoryLoader } = require('n8n-core') as { PackageDirectoryLoader: new (dir: string) => Loader };
const loader = new PackageDirectoryLoader(process.argv[2] ?? '.');
await loader.loadAll();
const nodes = Object.values(loader.nodeTypes).map(({ type }) => ({
  name: type.description.name,
  displayName: type.description.displayName,
  codex: type.description.codex,
  labels: labels(type.description.properties),
}));
const credentialLabels = Object.fromEntries(Object.entries(loader.credentialTypes).map(([name, { type }]) => [name, labels(type.properties)]));
process.stdout.write(JSON.stringify({ packageName: loader.packageName, nodes, credentials: Object.keys(loader.credentialTypes), credentialLabels }));
