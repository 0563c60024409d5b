/**
 * The model catalog's interface. Types only; see ./create-catalog.ts.
 */
import type { Capability, CatalogEntry, ModelPricing } from '../types.js';

/**
 * A partial entry: identifies a model and sets only the fields it names.
 * Config overrides (`models` in the config file) and live discovery both use
 * this shape, so a config can change just the price of a built-in model.
 */
export type CatalogEntryOverride = Pick<CatalogEntry, 'provider' | 'model'> & Partial<Omit<CatalogEntry, 'provider' | 'model'>>;

export interface Catalog {
  /** The merged entry for `provider/model`, or `undefined` when nothing is known about it. A copy. */
  get(provider: string, model: string): CatalogEntry | undefined;
  /**
   * `get` without the copy: the catalog's own entry, frozen (deeply), shared
   * by every caller until the next `addDiscovered`. For reading on a request's
   * path, where a copy per lookup is measurable.
   */
  peek(provider: string, model: string): CatalogEntry | undefined;
  /**
   * What `provider/model` can do, as declared by built-in data or a config
   * entry that lists `capabilities`; undefined when nothing declares them (a
   * model only discovered live, an AnyLLM endpoint's): routing then assumes
   * it capable. Frozen and shared, like `peek`.
   */
  peekCapabilities(provider: string, model: string): readonly Capability[] | undefined;
  /** Every known entry, or those of one provider, in catalog order. */
  list(provider?: string): CatalogEntry[];
  /**
   * Entries whose model id is exactly `modelId` (ids are case-sensitive, as
   * DashScope's are), across providers, in catalog order: the providers that
   * offer a bare model id.
   */
  findByModel(modelId: string): CatalogEntry[];
  /**
   * The price list that applies to a call of `provider/model`: the entry's,
   * else the provider's default (Ollama: an explicit zero, even for a model
   * not yet discovered), else `undefined` (unpriced). Use this, not
   * `get()?.pricing`, for priceUsage and worstCaseCost.
   */
  pricingOf(provider: string, model: string): ModelPricing | undefined;
  /** `pricingOf` without the copy: frozen and shared, like `peek`. */
  peekPricing(provider: string, model: string): ModelPricing | undefined;
  /**
   * Records models reported live by a provider (`GET /models`). Fields a
   * discovered entry sets override built-in data; config overrides still win.
   * Calling again for the same model updates it.
   */
  addDiscovered(entries: readonly CatalogEntryOverride[]): void;
}

export interface CreateCatalogOptions {
  /** Built-in entries. @default BUILTIN_MODELS (DashScope + OpenAI data files) */
  builtins?: readonly CatalogEntry[];
  /**
   * Pricing for any entry of a provider that has no price of its own.
   * @default PROVIDER_DEFAULT_PRICING (Ollama: explicit zero)
   */
  providerDefaultPricing?: Readonly<Record<string, CatalogEntry['pricing']>>;
  /**
   * Provider id -> its configured region (DashScope), which picks the
   * entries' regional price lists (`CatalogEntry.regionalPricing`). A
   * provider without one, or a region without its own list, gets the
   * default list. @default {}
   */
  regions?: Readonly<Record<string, string>>;
}
