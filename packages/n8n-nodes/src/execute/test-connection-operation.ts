import { toJson } from '../output/to-json.js';
import type { ItemOperation } from './item-runner.js';

/**
 * Test Connection: reachable, key accepted, latency, whether the default
 * model answers one token. A refused key gets the credential's own hint (for
 * DashScope: the region the key was made in must match the credential's).
 */
export const testConnectionOperation: ItemOperation = async ({ gateway, setup, redact }) => {
  const [result] = await gateway.testProvider(setup.providerId);
  if (result === undefined) return [{ provider: setup.providerId, configured: false }];
  if (result.keyAccepted === false && setup.authHint) result.hint = setup.authHint;
  return [JSON.parse(redact(JSON.stringify(toJson(result))))];
};
