/**
 * Map-like access to plain objects keyed by outside data (provider ids, model
 * names, request ids). Own properties only, and created with defineProperty,
 * so a model called `constructor` or `__proto__` is just a key.
 */
export function getOwn<T>(object: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

export function ensureOwn<T>(object: Record<string, T>, key: string, create: () => T): T {
  if (Object.hasOwn(object, key)) return object[key] as T;
  const value = create();
  setOwn(object, key, value);
  return value;
}

export function setOwn<T>(object: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
