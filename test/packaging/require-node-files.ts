/**
 * Run by packages.test.ts (`node require-node-files.ts <installed package>`),
 * with NODE_PATH giving n8n-workflow and @n8n/ai-node-sdk (n8n provides them;
 * the package only peers them). Requires every node and credential file its
 * package.json lists, takes the class named after the file (as n8n's loader
 * does) and prints the type names as JSON.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

const require = createRequire(import.meta.url);
const dir = process.argv[2] ?? '.';
const { n8n } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };

function load<T>(file: string, suffix: string): T {
  const className = basename(file, suffix);
  const Class = (require(join(dir, file)) as Record<string, unknown>)[className];
  if (typeof Class !== 'function') throw new Error(`${file} exports no class ${className}`);
  return new (Class as new () => T)();
}

interface Property {
  name: string;
  default?: unknown;
  displayOptions?: { show?: Record<string, unknown>; hide?: Record<string, unknown> };
  options?: Property[];
}

/**
 * Properties n8n cannot evaluate: a missing default, or a displayOptions
 * condition that is not a list (a name the shared bundle does not export
 * arrives as `undefined`, and n8n fails reading the credential).
 */
function problems(owner: string, properties: readonly Property[]): string[] {
  return properties.flatMap((property) => [
    ...(property.default === undefined && 'type' in property ? [`${owner}.${property.name}: no default`] : []),
    ...Object.entries({ ...property.displayOptions?.show, ...property.displayOptions?.hide })
      .filter(([, values]) => !Array.isArray(values))
      .map(([key]) => `${owner}.${property.name}: displayOptions ${key} is not a list`),
    ...problems(
      `${owner}.${property.name}`,
      (property.options ?? []).filter((option) => typeof option === 'object' && 'displayName' in option),
    ),
  ]);
}

const found: string[] = [];
const nodes = n8n.nodes.map((file) => {
  const { description } = load<{ description: { name: string; properties: Property[] } }>(file, '.node.js');
  found.push(...problems(description.name, description.properties));
  return description.name;
});
const credentials = n8n.credentials.map((file) => {
  const credential = load<{ name: string; properties: Property[] }>(file, '.credentials.js');
  found.push(...problems(credential.name, credential.properties));
  return credential.name;
});
process.stdout.write(JSON.stringify({ nodes, credentials, problems: found }));
