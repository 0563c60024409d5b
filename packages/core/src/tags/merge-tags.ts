/**
 * Tags from several sources, later ones winning per name: a surface puts the
 * caller's free tags first and the ones it fills itself (workflow, client
 * name) last, so a caller cannot pass one workflow off as another. Sources
 * that are undefined are skipped; the result is undefined when empty.
 */
export function mergeTags(...sources: ReadonlyArray<Readonly<Record<string, string>> | undefined>): Record<string, string> | undefined {
  const merged = new Map<string, string>();
  for (const source of sources) {
    if (source === undefined) continue;
    for (const [name, value] of Object.entries(source)) merged.set(name, value);
  }
  return merged.size === 0 ? undefined : Object.fromEntries(merged);
}
