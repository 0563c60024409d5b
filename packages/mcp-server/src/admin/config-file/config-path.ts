/**
 * Config paths written the way parseConfig writes them in its messages and
 * `details.path` (`providers.dashscope.region`, `endpoints[0].name`,
 * `budgets.ollama.models["qwen2.5:0.5b"]`), so the page can tell which of
 * its form fields a validation error is about.
 */
export function configPath(segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Maps the rest of a path after a form's section (`.monthlyUsd`, `[2]`, `` for the section itself) to a field name. */
export type FieldRule = (rest: string) => string | undefined;

/** Which form field an error at `path` belongs to; undefined when the path is outside `section`. */
export type FieldOfPath = (path: string | undefined) => string | undefined;

export function fieldsUnder(section: ReadonlyArray<string | number>, rule: FieldRule): FieldOfPath {
  const prefix = configPath(section);
  return (path) => {
    if (path === undefined || !path.startsWith(prefix)) return undefined;
    const rest = path.slice(prefix.length);
    // `budgets.open` must not match section `budgets.openai`: the prefix ends at a boundary.
    if (rest !== '' && !rest.startsWith('.') && !rest.startsWith('[')) return undefined;
    return rule(rest);
  };
}

/** The first key of a path rest: `.alertThresholds[1]` -> `alertThresholds`. */
export function firstKey(rest: string): string | undefined {
  return /^\.([A-Za-z_$][\w$]*)/.exec(rest)?.[1];
}
