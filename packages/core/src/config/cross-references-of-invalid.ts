import { checkCrossReferences, type CrossReferenceProblem } from './check-cross-references.js';
import type { ConfigFile } from './schema.js';

/**
 * The cross-reference problems of a file the schema refused, so one save
 * shows a bad value and a route to a missing provider together. The values
 * the schema refused are taken out first (a key deleted, a list item left
 * empty); what is left is checked as far as its shape allows, and a problem
 * at a place the schema already named is not said twice.
 */
export function crossReferencesOfInvalid(input: object, refused: ReadonlyArray<readonly PropertyKey[]>, named: ReadonlySet<string>): CrossReferenceProblem[] {
  const pruned = structuredClone(input) as Record<PropertyKey, unknown>;
  for (const path of refused) prune(pruned, path);
  try {
    return checkCrossReferences(pruned as ConfigFile).filter((problem) => !named.has(problem.path));
  } catch {
    // A shape the checks cannot walk (a list where an object belongs): the schema's problems say enough.
    return [];
  }
}

function prune(root: Record<PropertyKey, unknown>, path: readonly PropertyKey[]): void {
  if (path.length === 0) return;
  let node: unknown = root;
  for (const segment of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  const last = path.at(-1);
  if (node === null || typeof node !== 'object' || last === undefined) return;
  if (Array.isArray(node) && typeof last === 'number') node[last] = undefined;
  else delete (node as Record<PropertyKey, unknown>)[last];
}
