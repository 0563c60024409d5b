/**
 * The path of the first own `__proto__` key in parsed JSON, or undefined.
 *
 * JSON.parse keeps `"__proto__"` as an ordinary own key, but every JavaScript
 * object it is copied into (zod's records among them) drops it or, worse,
 * takes it as the object's prototype. So a budget, route, model limit or
 * header named `__proto__` would vanish without a word; the config refuses
 * it instead, naming the place. (`toString` and the like are ordinary names:
 * they go through the usual checks.)
 */
export function findProtoKey(value: unknown, path: readonly PropertyKey[] = []): PropertyKey[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findProtoKey(item, [...path, index]);
      if (found) return found;
    }
    return undefined;
  }
  if (Object.hasOwn(value, '__proto__')) return [...path, '__proto__'];
  for (const [key, item] of Object.entries(value)) {
    const found = findProtoKey(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}
