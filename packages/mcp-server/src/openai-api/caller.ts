/** Who is calling the endpoint: the server token (an admin key) or one client key. */
export type Caller =
  | { kind: 'admin' }
  | {
      kind: 'client-key';
      /** The key's public id (`k_...`), never its secret. */
      id: string;
      /** `provider/model` targets the key may use; undefined: any. */
      allowedModels?: readonly string[];
      /** Providers the key may use; undefined: any. */
      allowedProviders?: readonly string[];
    };

/**
 * The key's limits as the core's `allowedTargets` (`provider/model` or
 * `provider/*`): both lists hold when both are set. Undefined: not limited.
 */
export function allowedTargetsOf(caller: Caller): string[] | undefined {
  if (caller.kind === 'admin') return undefined;
  const { allowedModels: models, allowedProviders: providers } = caller;
  if (models === undefined && providers === undefined) return undefined;
  if (models === undefined) return providers!.map((provider) => `${provider}/*`);
  if (providers === undefined) return [...models];
  const within = new Set(providers);
  return models.filter((model) => within.has(model.slice(0, model.indexOf('/'))));
}
