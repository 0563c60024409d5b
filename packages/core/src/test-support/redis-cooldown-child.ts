/**
 * A child process for the shared cooldown test, run with the project's Node
 * 24 as `node --import ../ledger/test-support/register-ts-hooks.ts
 * redis-cooldown-child.ts '<json>'`: puts a target in cooldown through its
 * own tracker and Redis store, prints `opened <epoch ms>`, then stays
 * connected until its stdin closes.
 */
import { DEFAULT_ROUTING } from '../config/default-routing.js';
import { AegisError } from '../errors.js';
import { createCooldownTracker } from '../routing/cooldown-tracker.js';
import { createRedisCooldownStore } from '../routing/redis-cooldown-store.js';

const args = JSON.parse(process.argv[2] ?? '{}') as { url: string; keyPrefix: string; provider: string; model: string };
const store = createRedisCooldownStore({ url: args.url, keyPrefix: args.keyPrefix });
await store.ready();
const tracker = createCooldownTracker({ settings: DEFAULT_ROUTING, clock: { now: () => Date.now() }, store });
const target = { provider: args.provider, model: args.model };
// quota_exhausted opens the breaker at once.
await tracker.recordFailure(target, new AegisError('quota_exhausted', 'quota exhausted (test)'));
process.stdout.write(`opened ${Date.now()} ${tracker.isCoolingDown(target)}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void store.close().then(() => process.exit(0));
});
