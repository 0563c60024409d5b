/**
 * The house rule of packages/core, checked: its folders stand on floors, and
 * an import may only go to the same floor or down. Run by `pnpm lint`, or
 * alone: `node scripts/check-layers.ts` (add `--graph` to print every
 * folder-to-folder import with a count).
 *
 * Two checks, on the non-test sources (tests and test-support may reach
 * anywhere):
 * 1. every top-level folder (or file) of packages/core/src is on a floor
 *    below, and imports only its own floor or lower ones;
 * 2. inside every folder, at every depth, its children (files and
 *    subfolders) import each other without a loop.
 * Exit 1 with each offending import named, file to file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * Bottom up. A name is a folder of packages/core/src or a file there
 * without `.ts`. docs/ARCHITECTURE.md explains each floor.
 */
export const FLOORS: readonly (readonly string[])[] = [
  ['errors', 'time', 'secrets', 'streams', 'util', 'log', 'money'],
  ['types', 'error-details', 'transport', 'tags'],
  ['kinds', 'catalog', 'cost'],
  ['config'],
  ['redis'],
  ['ledger', 'routing'],
  ['providers'],
  ['gateway'],
  ['index'],
];

const ROOT = resolve(import.meta.dirname, '..');
const CORE = join(ROOT, 'packages/core/src');
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gm;

interface Edge {
  from: string;
  to: string;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test-support' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)]
    .map((match) => match[1] ?? match[2])
    .filter((spec): spec is string => spec !== undefined)
    .map((spec) => resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
}

function edges(): Edge[] {
  return sources(CORE).flatMap((from) =>
    importsOf(from)
      .filter((to) => to.startsWith(CORE + sep))
      .map((to) => ({ from: relative(CORE, from), to: relative(CORE, to) })),
  );
}

/** The child of `dir` (a path relative to CORE, '' for the top) that holds `file`, or undefined when it is not under `dir`. */
function childOf(dir: string, file: string): string | undefined {
  const prefix = dir === '' ? '' : `${dir}/`;
  if (!file.startsWith(prefix)) return undefined;
  const [first, ...rest] = file.slice(prefix.length).split('/');
  if (first === undefined) return undefined;
  return rest.length === 0 ? first.replace(/\.ts$/, '') : first;
}

function checkFloors(all: Edge[]): string[] {
  const floorOf = new Map<string, number>();
  FLOORS.forEach((names, floor) => names.forEach((name) => floorOf.set(name, floor)));
  const problems: string[] = [];
  const unplaced = new Set<string>();
  for (const { from, to } of all) {
    const a = childOf('', from);
    const b = childOf('', to);
    if (a === undefined || b === undefined || a === b) continue;
    const fa = floorOf.get(a);
    const fb = floorOf.get(b);
    if (fa === undefined) unplaced.add(a);
    if (fb === undefined) unplaced.add(b);
    if (fa !== undefined && fb !== undefined && fb > fa) {
      problems.push(`upward import: ${from} -> ${to} (${a} is on floor ${fa + 1}, ${b} on floor ${fb + 1})`);
    }
  }
  for (const name of unplaced) problems.push(`${name} is on no floor: add it to FLOORS in scripts/check-layers.ts`);
  return problems;
}

/** Loops among the children of each folder, at every depth (Tarjan's strongly connected components). */
function checkLoops(all: Edge[]): string[] {
  const dirs = new Set<string>(['']);
  for (const { from } of all) {
    const parts = from.split('/').slice(0, -1);
    for (let depth = 1; depth <= parts.length; depth += 1) dirs.add(parts.slice(0, depth).join('/'));
  }
  const problems: string[] = [];
  for (const dir of [...dirs].sort()) {
    const graph = new Map<string, Map<string, Edge>>();
    for (const edge of all) {
      const a = childOf(dir, edge.from);
      const b = childOf(dir, edge.to);
      if (a === undefined || b === undefined || a === b) continue;
      if (!graph.has(a)) graph.set(a, new Map());
      graph.get(a)?.set(b, edge);
    }
    for (const loop of stronglyConnected(graph)) {
      const ties = loop.flatMap((a) =>
        [...(graph.get(a) ?? new Map<string, Edge>())].filter(([b]) => loop.includes(b)).map(([, edge]) => `${edge.from} -> ${edge.to}`),
      );
      problems.push(`loop in ${dir === '' ? 'packages/core/src' : dir}: ${loop.sort().join(', ')}\n    ${ties.join('\n    ')}`);
    }
  }
  return problems;
}

function stronglyConnected(graph: Map<string, Map<string, unknown>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) found.push(component);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const all = edges();
if (process.argv.includes('--graph')) {
  const counts = new Map<string, number>();
  for (const { from, to } of all) {
    const key = `${childOf('', from)} -> ${childOf('', to)}`;
    if (!key.split(' -> ').every((name, _i, pair) => name !== pair[0] || pair[0] !== pair[1])) continue;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, count] of [...counts].sort()) console.log(`${key}  ${count}`);
}
const problems = [...checkFloors(all), ...checkLoops(all)];
if (problems.length > 0) {
  console.error(`packages/core: ${problems.length} layering problem${problems.length === 1 ? '' : 's'}:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`packages/core: ${FLOORS.length} floors, ${all.length} imports, no upward import, no loop.`);
