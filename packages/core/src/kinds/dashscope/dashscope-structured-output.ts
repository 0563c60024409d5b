import type { CatalogEntry } from '../../types.js';

/**
 * Models with the JSON-schema mode (`response_format: json_schema`). Model
 * Studio's "structured output" page lists it for the newer commercial text
 * models only (qwen-plus, qwen-flash, qwen3-max and their snapshots); some
 * coder models document no structured output at all.
 */
const JSON_SCHEMA_MODELS: ReadonlySet<string> = new Set(['qwen-plus', 'qwen-flash', 'qwen3-max']);

/**
 * The structured-output capabilities of a DashScope entry, derived here in
 * one place rather than written on every entry of dashscope-models.ts: the
 * JSON mode (`json_object`) comes with function calling on Model Studio's
 * text models ("structured output" page: the models that take `tools` take
 * it), the schema mode with the models above. An entry that lists a JSON
 * capability itself keeps what it lists.
 */
export function withStructuredOutput(entry: CatalogEntry): CatalogEntry {
  const has = new Set(entry.capabilities);
  if (has.has('json-object') || has.has('json-schema')) return entry;
  const added = [...(has.has('tools') ? (['json-object'] as const) : []), ...(JSON_SCHEMA_MODELS.has(entry.model) ? (['json-schema'] as const) : [])];
  return added.length === 0 ? entry : { ...entry, capabilities: [...entry.capabilities, ...added] };
}
