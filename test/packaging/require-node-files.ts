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

const nodes = n8n.nodes.map((file) => load<{ description: { name: string } }>(file, '.node.js').description.name);
const credentials = n8n.credentials.map((file) => load<{ name: string }>(file, '.credentials.js').name);
process.stdout.write(JSON.stringify({ nodes, credentials }));
