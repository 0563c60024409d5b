/**
 * What one provider kind is, all of it in one place: the wire spec the
 * OpenAI-compatible client reads, how the configuration finds it (environment
 * variables, base URL or region table, default model), what a user is told
 * when it is not set up, and its catalog data. Types only: each folder beside
 * this file (./dashscope, ./openai, ./ollama, ./anyllm) implements it and
 * ./index.ts lists them. Config, catalog, providers and the surfaces read
 * these fields; none of them branches on a kind's name.
 */
import type { CatalogEntry, ModelPricing, ProviderKind } from '../types.js';
import type { ProviderSpec } from './provider-spec.js';

/**
 * Whether the kind takes an API key: `needs` (not configured without one),
 * `optional` (local servers often take none), `none` (never takes one: no
 * key field in the config file or the admin form).
 */
export type KeyNeed = 'needs' | 'optional' | 'none';

export interface KindRegion {
  /** As written in config (`providers.<kind>.region`) and the environment. */
  id: string;
  /** As shown to people: `Singapore (International)`. */
  label: string;
  /**
   * The region's OpenAI-compatible base URL. For a region served from
   * per-workspace domains (`workspace`), a template holding `{workspaceId}`:
   * fill it with regionBaseURL().
   */
  baseURL: string;
  /** Served from `{workspaceId}.<region>` domains: a base URL needs the account's workspace id. */
  workspace?: boolean;
}

/** For kinds whose host depends on a region (and whose keys are bound to it). */
export interface KindRegions {
  /** Every region, the default first. */
  list: readonly KindRegion[];
  /** The region used when none is set. */
  defaultRegion: string;
  /**
   * What to check when a key is refused, in one wording for every surface;
   * `setting` names where the region is set there ("the Region", "DASHSCOPE_REGION").
   */
  keyRegionHint(setting: string): string;
}

/**
 * The environment variables a kind reads. Public interface (README, n8n and
 * MCP docs): change them only with a migration. In a list, the first set
 * (non-empty) variable wins.
 */
export interface KindEnvNames {
  apiKey?: readonly string[];
  baseURL?: string;
  region?: string;
  /** The default model. */
  model?: string;
  /** Monthly budget in USD for the built-in provider of this kind. */
  budget?: readonly string[];
}

export interface ProviderKindDefinition {
  /** Also the id of the built-in provider of this kind. */
  id: ProviderKind;
  /** Display name for messages and the admin page (the spec's). */
  label: string;
  /** Wire quirks, read by the OpenAI-compatible client. */
  spec: ProviderSpec;
  keyNeed: KeyNeed;
  env: KindEnvNames;
  /**
   * The base URL when neither the environment nor the file gives one and no
   * region decides. Undefined: the kind is not configured without one (AnyLLM).
   */
  defaultBaseURL?: string;
  /** A base URL for error messages and placeholders. */
  exampleBaseURL: string;
  /** What to fill in as the base URL, in words (the admin form). */
  baseURLHint: string;
  /** Kind-specific rule applied to a base URL after its trailing slashes are cut (Ollama adds `/v1` to a bare host). */
  adjustBaseURL?(url: string): string;
  regions?: KindRegions;
  /** A cheap non-reasoning model, so a one-token connection test answers. Undefined: none (local or deployed models). */
  defaultModel?: string;
  /** What to set when the built-in provider of this kind is not configured. */
  notConfiguredHint?: string;
  /** Built-in catalog entries, with prices. */
  models: readonly CatalogEntry[];
  /** The price of any model of this kind the catalog does not price itself (Ollama: a known zero). */
  defaultPricing?: ModelPricing;
}
