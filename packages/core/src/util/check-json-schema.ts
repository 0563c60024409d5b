const TYPES: ReadonlySet<unknown> = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']);
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf'] as const;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What is wrong with a JSON Schema, as `path: problem`, or undefined when
 * nothing is. Checks the structure providers rely on (a schema is an object
 * or a boolean; `type` a JSON type or a list of them; `properties` schemas;
 * `required` a list of names; `items`, `anyOf`/`oneOf`/`allOf`,
 * `additionalProperties` schemas; `enum` a list), not every keyword of the
 * specification: enough to refuse what an upstream would refuse, before it
 * is sent and paid for.
 */
export function checkJsonSchema(schema: unknown, path = ''): string | undefined {
  const at = (key: string): string => (path === '' ? key : `${path}.${key}`);
  if (typeof schema === 'boolean') return undefined;
  if (!isObject(schema)) return `${path || 'schema'}: must be a JSON Schema object`;
  const { type } = schema;
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    if (types.length === 0 || !types.every((t) => TYPES.has(t))) {
      return `${at('type')}: must be one of ${[...TYPES].join(', ')} (or a list of them)`;
    }
  }
  if (schema.properties !== undefined) {
    if (!isObject(schema.properties)) return `${at('properties')}: must be an object of schemas`;
    for (const [name, sub] of Object.entries(schema.properties)) {
      const problem = checkJsonSchema(sub, at(`properties.${name}`));
      if (problem) return problem;
    }
  }
  if (schema.required !== undefined && !(Array.isArray(schema.required) && schema.required.every((r) => typeof r === 'string'))) {
    return `${at('required')}: must be a list of property names`;
  }
  if (schema.enum !== undefined && !Array.isArray(schema.enum)) return `${at('enum')}: must be a list`;
  for (const key of ['items', 'additionalProperties', 'not'] as const) {
    if (schema[key] === undefined) continue;
    const problem = checkJsonSchema(schema[key], at(key));
    if (problem) return problem;
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = schema[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0) return `${at(key)}: must be a non-empty list of schemas`;
    for (let i = 0; i < list.length; i++) {
      const problem = checkJsonSchema(list[i], at(`${key}.${i}`));
      if (problem) return problem;
    }
  }
  return undefined;
}
