/**
 * Per-process budget allowances: the hard limit without a store round trip
 * per request, and without refusing a request the budget has room for.
 *
 * Instead of holding each request's worst case in the store (one locked
 * write, awaited before the upstream call), a process holds a slice of its
 * budget's headroom as one store reservation (an "allowance") and admits
 * requests against it in memory. The store still holds every micro-USD a
 * process may spend, so the limit holds across processes exactly as before:
 * - a finished request's record is appended with its cost drawn from the
 *   allowance in the same store step: spend + held counts it once;
 * - a slice is at most 1/SHARE of the headroom and at most MAX_SLICE worst
 *   cases, and no allowance is taken once the headroom is below
 *   MIN_ALLOWANCE_WORST_CASES x SHARE worst cases: near the limit every
 *   request reserves on its own, so the last few requests are admitted as
 *   precisely as ever;
 * - an allowance outlives every request admitted under it: a request is
 *   admitted only while the allowance's lease covers the request's own lease;
 *   a process that dies loses its allowance at the lease end, like any
 *   reservation;
 * - changed limits, a new month, a request that does not fit or a reclaim
 *   retire the allowance: it admits no more, gives the store back at once
 *   what its requests in flight do not hold, and is released once they finish;
 * - only a process with steady demand takes one (MIN_DEMAND requests within
 *   DEMAND_WINDOW_MS for the same model): a short-lived gateway (an n8n
 *   execution, a CLI call) making a request or two reserves them one by one,
 *   as before, and holds no slice it would not use.
 *
 * No false refusals (issue 15). Slices of many processes and models must not
 * add up to the whole budget while little of it is in flight. So:
 * - the store tells live allowances (admitting) from the rest, and all the
 *   live allowances of a scope together hold at most half of the room that
 *   spend and the other reservations leave (the store cuts a slice to fit):
 *   they cannot compound, and requests reserving on their own always find
 *   the other half;
 * - a request refused only because of live allowances (it would fit were
 *   their room free) asks them back: the store marks the provider for
 *   RECLAIM_MS, during which it opens no new allowance, and every process
 *   holding a live one sees the mark within RECLAIM_POLL_MS and retires it,
 *   keeping only its requests in flight. The refused request retires its own
 *   process's at once and retries for up to RECLAIM_WAIT_MS
 *   (reserve-reclaiming.ts).
 *
 * Requests in flight at a crash (issue 15). The store does not see requests
 * admitted in memory, so each live allowance carries a cover: the most its
 * requests in flight may hold, declared to the store (coverAllowance) before
 * any request beyond the previous cover is sent upstream. An allowance whose
 * lease runs out while live is charged its cover (expiry-charge.ts), so a
 * kill -9 drops none of them. The cover runs ahead of the requests in flight
 * (twice them, at least one worst case more), so a steady caller declares
 * rarely: at concurrency 1 never after its first request, and a burst to 64
 * in flight about six times. It is lowered (in the background) once it runs
 * more than twice that ahead and was not raised for COVER_HOLD_MS. So a
 * crash charges for requests that were not in flight at most the cover's
 * lead: about the requests in flight at the last second's peak, plus one
 * worst case, and never more than the allowance holds.
 *
 * Hence a request is refused only when spend + the reservations of requests
 * in flight (their own, or held in retired allowances) + its worst case
 * would pass the limit, or when a live allowance's holder did not answer
 * within RECLAIM_WAIT_MS (a process stalled, or killed: its slice lapses at
 * its lease end). The limit itself never depends on the reclaim: it is the
 * store's check, and a retired allowance gives back only what this process
 * has not admitted.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../time/clock.js';
import { warnAboveWorstCase } from './charge-against-reservation.js';
import { getOwn } from '../util/own-entry.js';
import { createIsoTime } from './iso-time.js';
import type { Reservation } from './ledger.js';
import type { Logger } from '../log/logger.js';
import type { BudgetLimits, LedgerStore, PeriodSnapshot, ProviderPeriodUsage } from './store.js';

/** An allowance is at most this share of the headroom (1/SHARE)... */
const SHARE = 8;
/** ... and at most this many worst cases (by default). */
const MAX_SLICE = 256;
/** Fewer worst cases than this per slice: reserve request by request instead. */
export const MIN_ALLOWANCE_WORST_CASES = 8;
/** After the headroom was found too small for a slice, requests reserve on their own for this long before asking again. */
const EXACT_MODE_MS = 1_000;
/** An allowance's lease, in request leases: it admits for one lease, then its last request still fits. */
const LEASE_FACTOR = 2;
/** Requests for the same model within DEMAND_WINDOW_MS before an allowance is worth taking. */
const MIN_DEMAND = 4;
const DEMAND_WINDOW_MS = 10_000;
/** A reclaim asked lasts this long (renewed by each refusal that asks again): no new allowance for the provider meanwhile. */
export const RECLAIM_MS = 2_000;
/** A cover raised less than this long ago is not lowered (budget-allowances' cover, below). */
const COVER_HOLD_MS = 1_000;
/** How often a process holding live allowances looks for reclaims asked by other processes. */
const RECLAIM_POLL_MS = 100;

export interface AllowanceRequest {
  id: string;
  provider: string;
  model: string;
  worstCaseMicroUsd: number;
  period: string;
  day: string;
  limits: BudgetLimits;
  /** The request's own lease, ms. */
  leaseMs: number;
  /** Request start, epoch ms. */
  now: number;
}

/** What a request's record takes from the allowance it was admitted under (LedgerStore.append's draw). */
export interface AllowanceDraw {
  from: string;
  amountMicroUsd: number;
}

export interface BudgetAllowances {
  /** Admits the request against an allowance; undefined when it must reserve on its own (near the limit, say). */
  admit(request: AllowanceRequest): Promise<Reservation | undefined>;
  /**
   * What the record of the open request `id` draws, and from which allowance:
   * its cost, or its whole worst case once the allowance is retired (its idle
   * room was given back already). Undefined when `admit` did not admit it.
   */
  drawOf(id: string, costMicroUsd: number | undefined): AllowanceDraw | undefined;
  /**
   * Ends an admitted request: frees its worst case and counts its real cost.
   * `written` is the write of its record (with `drawOf`'s draw): the
   * allowance is released only after it, so the store never holds neither.
   * False when `id` is not open here.
   */
  finish(id: string, costMicroUsd: number | undefined, written?: Promise<unknown>): boolean;
  /**
   * Retires this process's live allowances of the provider in the period and
   * admits under none for RECLAIM_MS: resolves once the store has them retired.
   */
  reclaim(period: string, provider: string): Promise<void>;
  /** The store's snapshot with this process's allowances counted as what they really hold: their requests in flight. */
  adjust(snapshot: PeriodSnapshot): PeriodSnapshot;
  /** Releases every allowance (on close). */
  releaseAll(): Promise<void>;
}

export interface BudgetAllowancesOptions {
  store: LedgerStore;
  clock: Clock;
  logger: Logger;
  /** Runs a background store write so the ledger's reads and close wait for it. */
  track: <T>(work: Promise<T>) => Promise<T>;
  /** The ledger's time stamps (iso-time.ts). @default a formatter of its own */
  isoTime?: (ms: number) => string;
  /**
   * Most worst cases an allowance holds; below MIN_ALLOWANCE_WORST_CASES,
   * no allowances: every budgeted request reserves in the store. @default 256
   */
  maxWorstCases?: number;
  /** How often live allowances look for reclaims (tests shorten it). @default 100 */
  reclaimPollMs?: number;
}

interface Allowance {
  storeId: string;
  provider: string;
  model: string;
  period: string;
  limits: BudgetLimits;
  /** What it may admit in all. */
  amountMicroUsd: number;
  /** In-flight worst cases plus the real cost of the requests already finished. */
  committedMicroUsd: number;
  /** What the store holds for it once this process's writes to it have landed. */
  heldMicroUsd: number;
  inFlightMicroUsd: number;
  inFlight: number;
  expiresAt: number;
  /** Admits no more; its idle room given back; released when its last request finishes. */
  retired: boolean;
  /** Released in the store (or being released): no longer counted by `adjust`. */
  released: boolean;
  /** Its retire or release in the store, once asked. */
  settling?: Promise<void>;
  /** The record writes of its finished requests, which its release waits for. */
  writes: Set<Promise<unknown>>;
  /** Its cover (see Cover in-flight below): the last one declared, its seq, and the least the store surely holds. */
  coverMicroUsd: number;
  coverSeq: number;
  storedCoverMicroUsd: number;
  /** The raise of its cover being written, if any: resolves true once stored. */
  raising?: Promise<boolean>;
  /** When its cover was last raised (epoch ms). */
  raisedAt?: number;
  /** Worst cases of finished requests whose records have not landed yet: the cover keeps holding them. */
  unwrittenMicroUsd: number;
}

export function createBudgetAllowances(options: BudgetAllowancesOptions): BudgetAllowances {
  const { store, clock, logger, track } = options;
  const maxSlice = options.maxWorstCases ?? MAX_SLICE;
  /** The allowance that admits, per period, provider and model. */
  const active = new Map<string, Allowance>();
  /** Every allowance still held in the store. */
  const held = new Set<Allowance>();
  const opening = new Map<string, Promise<Allowance | undefined>>();
  const exactUntil = new Map<string, number>();
  /** Per period and provider: a reclaim was asked; no allowance until then. */
  const reclaimedUntil = new Map<string, number>();
  const demand = new Map<string, { since: number; count: number }>();
  /** Counts the request; true once the model has seen steady demand. */
  const steady = (key: string, now: number): boolean => {
    let seen = demand.get(key);
    if (seen === undefined || now - seen.since > DEMAND_WINDOW_MS) demand.set(key, (seen = { since: now, count: 0 }));
    seen.count += 1;
    return seen.count >= MIN_DEMAND;
  };
  const tickets = new Map<string, { allowance: Allowance; reservation: Reservation; worstCaseMicroUsd: number }>();
  const isoTime = options.isoTime ?? createIsoTime();

  const release = (allowance: Allowance): Promise<void> => {
    if (allowance.released) return allowance.settling ?? Promise.resolve();
    allowance.released = true;
    allowance.settling = track(
      Promise.allSettled([...allowance.writes])
        .then(() => store.release(allowance.storeId))
        .then(
          () => {
            held.delete(allowance);
          },
          (error: unknown) => {
            // Not fatal: the store frees it at its lease end.
            held.delete(allowance);
            logger.warn('ledger: could not release a budget allowance; it lapses at its lease end', {
              id: allowance.storeId,
              error: String(error),
            });
          },
        ),
    );
    return allowance.settling;
  };

  const retire = (allowance: Allowance): Promise<void> => {
    if (allowance.retired) return allowance.settling ?? Promise.resolve();
    allowance.retired = true;
    const key = keyOf(allowance);
    if (active.get(key) === allowance) active.delete(key);
    if (allowance.inFlight === 0) return release(allowance);
    // Give back at once what the requests in flight do not hold.
    const unused = Math.max(0, allowance.heldMicroUsd - allowance.inFlightMicroUsd);
    allowance.heldMicroUsd -= unused;
    allowance.settling = track(store.retireAllowance(allowance.storeId, unused)).catch((error: unknown) => {
      logger.warn('ledger: could not retire a budget allowance; it holds its room until released', {
        id: allowance.storeId,
        error: String(error),
      });
    });
    return allowance.settling;
  };

  const reclaim = (period: string, provider: string): Promise<void> => {
    reclaimedUntil.set(providerKeyOf({ period, provider }), clock.now() + RECLAIM_MS);
    const mine = [...held].filter((a) => !a.retired && a.period === period && a.provider === provider);
    return Promise.all(mine.map(retire)).then(() => undefined);
  };

  /**
   * While this process holds live allowances, it looks for reclaims other
   * processes asked for: an idle process never touches the store otherwise.
   */
  let poller: NodeJS.Timeout | undefined;
  let polling = false;
  let pollFailed = false;
  const poll = async (): Promise<void> => {
    const periods = new Set([...held].filter((a) => !a.retired).map((a) => a.period));
    if (periods.size === 0) {
      clearInterval(poller);
      poller = undefined;
      return;
    }
    if (polling) return;
    polling = true;
    try {
      for (const period of periods) {
        for (const provider of await store.readReclaims(period)) await reclaim(period, provider);
      }
      pollFailed = false;
    } catch (error) {
      // Once per failing spell: the store's own errors say the rest.
      if (!pollFailed) logger.warn('ledger: could not look for budget allowance reclaims; retrying', { error: String(error) });
      pollFailed = true;
    } finally {
      polling = false;
    }
  };
  const startPolling = (): void => {
    if (poller !== undefined) return;
    poller = setInterval(() => void poll(), options.reclaimPollMs ?? RECLAIM_POLL_MS);
    poller.unref();
  };

  const fits = (allowance: Allowance, request: AllowanceRequest, now: number): boolean =>
    !allowance.retired &&
    allowance.period === request.period &&
    sameLimits(allowance.limits, request.limits) &&
    now + request.leaseMs <= allowance.expiresAt &&
    allowance.committedMicroUsd + request.worstCaseMicroUsd <= allowance.amountMicroUsd;

  const take = (allowance: Allowance, request: AllowanceRequest): Reservation => {
    allowance.committedMicroUsd += request.worstCaseMicroUsd;
    allowance.inFlightMicroUsd += request.worstCaseMicroUsd;
    allowance.inFlight += 1;
    const reservation: Reservation = {
      id: request.id,
      provider: request.provider,
      model: request.model,
      worstCaseMicroUsd: request.worstCaseMicroUsd,
      period: request.period,
      day: request.day,
      time: isoTime(request.now),
      expiresAt: request.now + request.leaseMs,
      budgeted: true,
    };
    tickets.set(request.id, { allowance, reservation, worstCaseMicroUsd: request.worstCaseMicroUsd });
    return reservation;
  };

  /** The cover to declare for what is in flight: twice that (a burst doubles it per declaration), at least one worst case more. */
  const coverFor = (allowance: Allowance, worstCaseMicroUsd: number): number => {
    const held = allowance.inFlightMicroUsd + allowance.unwrittenMicroUsd;
    return held + Math.max(worstCaseMicroUsd, held);
  };

  const declareCover = (allowance: Allowance, microUsd: number): Promise<void> => {
    allowance.coverSeq += 1;
    allowance.coverMicroUsd = microUsd;
    return track(store.coverAllowance(allowance.storeId, { seq: allowance.coverSeq, microUsd }));
  };

  /**
   * The request just taken under `allowance`, once the store's cover holds
   * it; undefined (the request untaken: it reserves on its own) when the
   * cover could not be raised.
   */
  const covered = async (allowance: Allowance, reservation: Reservation): Promise<Reservation | undefined> => {
    const held = allowance.inFlightMicroUsd + allowance.unwrittenMicroUsd;
    if (held <= allowance.storedCoverMicroUsd) return reservation;
    if (allowance.raising === undefined || held > allowance.coverMicroUsd) {
      const target = coverFor(allowance, reservation.worstCaseMicroUsd ?? 1);
      allowance.raisedAt = clock.now();
      const raising: Promise<boolean> = declareCover(allowance, target).then(
        () => {
          allowance.storedCoverMicroUsd = Math.max(allowance.storedCoverMicroUsd, target);
          return true;
        },
        (error: unknown) => {
          logger.warn("ledger: could not declare a budget allowance's requests in flight; requests reserve one by one for now", {
            id: allowance.storeId,
            error: String(error),
          });
          return false;
        },
      );
      allowance.raising = raising;
      void raising.then(() => {
        if (allowance.raising === raising) allowance.raising = undefined;
      });
    }
    if ((await allowance.raising) === true || held <= allowance.storedCoverMicroUsd) return reservation;
    untake(reservation.id);
    return undefined;
  };

  /**
   * After a request finished: a cover more than twice what coverFor would
   * declare now, and not raised within COVER_HOLD_MS, is lowered to that, in
   * the background (never while a raise is being written). The hold keeps a
   * caller whose requests come in bursts from declaring twice per burst.
   */
  const lowerCover = (allowance: Allowance, worstCaseMicroUsd: number): void => {
    const target = coverFor(allowance, worstCaseMicroUsd);
    if (allowance.raising !== undefined || allowance.coverMicroUsd <= 2 * target) return;
    if (clock.now() - (allowance.raisedAt ?? 0) < COVER_HOLD_MS) return;
    // Whichever of the two covers the store holds meanwhile, it holds at least this.
    allowance.storedCoverMicroUsd = Math.min(allowance.storedCoverMicroUsd, target);
    declareCover(allowance, target).catch(() => undefined);
  };

  /** Undoes `take` for a request that was not admitted after all. */
  const untake = (id: string): void => {
    const ticket = tickets.get(id);
    if (ticket === undefined) return;
    tickets.delete(id);
    const { allowance, worstCaseMicroUsd } = ticket;
    allowance.inFlight -= 1;
    allowance.inFlightMicroUsd -= worstCaseMicroUsd;
    allowance.committedMicroUsd -= worstCaseMicroUsd;
    if (allowance.retired && allowance.inFlight === 0) void release(allowance);
  };

  /**
   * A new allowance, or undefined: too little headroom, or the store failed.
   * A failure is not the request's: it reserves on its own, and the store's
   * own answer to that (its unavailability policy, say) is what it gets.
   */
  const open = (request: AllowanceRequest, key: string): Promise<Allowance | undefined> =>
    openAllowance(request, key).catch((error: unknown) => {
      exactUntil.set(key, clock.now() + EXACT_MODE_MS);
      logger.warn('ledger: could not take a budget allowance; requests reserve one by one for now', { error: String(error) });
      return undefined;
    });

  const openAllowance = async (request: AllowanceRequest, key: string): Promise<Allowance | undefined> => {
    const now = clock.now();
    const headroom = headroomOf((await store.readPeriod(request.period)).providers, request);
    const worstCase = Math.max(1, request.worstCaseMicroUsd);
    const slices = Math.min(maxSlice, Math.floor(headroom / (SHARE * worstCase)));
    if (slices < MIN_ALLOWANCE_WORST_CASES) {
      exactUntil.set(key, now + EXACT_MODE_MS);
      return undefined;
    }
    const expiresAt = now + LEASE_FACTOR * request.leaseMs;
    const storeId = `allowance-${randomUUID()}`;
    const outcome = await store.reserve({
      id: storeId,
      provider: request.provider,
      model: request.model,
      amountMicroUsd: slices * worstCase,
      period: request.period,
      day: request.day,
      expiresAt,
      limits: request.limits,
      allowance: { minMicroUsd: MIN_ALLOWANCE_WORST_CASES * worstCase },
    });
    // Other allowances hold their half of the room, a reclaim is under way, or another process took the room since the read.
    if (!outcome.admitted) {
      exactUntil.set(key, clock.now() + EXACT_MODE_MS);
      return undefined;
    }
    // The store may cut it (see store.ts, ReserveInput.allowance).
    const amountMicroUsd = outcome.reservation.amountMicroUsd ?? 0;
    const allowance: Allowance = {
      storeId,
      provider: request.provider,
      model: request.model,
      period: request.period,
      limits: request.limits,
      amountMicroUsd,
      committedMicroUsd: 0,
      heldMicroUsd: amountMicroUsd,
      inFlightMicroUsd: 0,
      inFlight: 0,
      expiresAt,
      retired: false,
      released: false,
      writes: new Set(),
      coverMicroUsd: 0,
      coverSeq: 0,
      storedCoverMicroUsd: 0,
      unwrittenMicroUsd: 0,
    };
    held.add(allowance);
    startPolling();
    const previous = active.get(key);
    if (previous !== undefined) void retire(previous);
    active.set(key, allowance);
    // A reclaim asked while it was being taken: it is not kept.
    if ((reclaimedUntil.get(providerKeyOf(request)) ?? 0) > clock.now()) void retire(allowance);
    return allowance;
  };

  return {
    async admit(request) {
      const repeated = tickets.get(request.id);
      if (repeated !== undefined) return repeated.reservation;
      const key = keyOf(request);
      const now = request.now;
      const steadyDemand = steady(key, now);
      const current = active.get(key);
      if (current !== undefined) {
        if (fits(current, request, now)) return covered(current, take(current, request));
        void retire(current);
      }
      if (maxSlice < MIN_ALLOWANCE_WORST_CASES || !steadyDemand || (exactUntil.get(key) ?? 0) > now) return undefined;
      if ((reclaimedUntil.get(providerKeyOf(request)) ?? 0) > clock.now()) return undefined;
      let pending = opening.get(key);
      if (pending === undefined) {
        pending = track(open(request, key)).finally(() => opening.delete(key));
        opening.set(key, pending);
      }
      const fresh = await pending;
      return fresh !== undefined && fits(fresh, request, clock.now()) ? covered(fresh, take(fresh, request)) : undefined;
    },

    drawOf(id, costMicroUsd) {
      const ticket = tickets.get(id);
      if (ticket === undefined) return undefined;
      return { from: ticket.allowance.storeId, amountMicroUsd: drawAmount(ticket.allowance, ticket.worstCaseMicroUsd, costMicroUsd) };
    },

    finish(id, costMicroUsd, written) {
      const ticket = tickets.get(id);
      if (ticket === undefined) return false;
      tickets.delete(id);
      const { allowance, worstCaseMicroUsd } = ticket;
      allowance.inFlight -= 1;
      allowance.inFlightMicroUsd -= worstCaseMicroUsd;
      allowance.committedMicroUsd += (costMicroUsd ?? worstCaseMicroUsd) - worstCaseMicroUsd;
      if (written !== undefined) {
        allowance.writes.add(written);
        allowance.unwrittenMicroUsd += worstCaseMicroUsd;
        const done = () => {
          allowance.writes.delete(written);
          allowance.unwrittenMicroUsd -= worstCaseMicroUsd;
        };
        written.then(done, done);
        allowance.heldMicroUsd -= drawAmount(allowance, worstCaseMicroUsd, costMicroUsd);
      } else if (allowance.retired && allowance.inFlight > 0) {
        // Nothing written to draw with: its worst case is given back on its own.
        allowance.heldMicroUsd -= worstCaseMicroUsd;
        track(store.retireAllowance(allowance.storeId, worstCaseMicroUsd)).catch(() => undefined);
      }
      warnAboveWorstCase(logger, { id, provider: allowance.provider, model: allowance.model, costMicroUsd }, worstCaseMicroUsd);
      if (allowance.retired && allowance.inFlight === 0) void release(allowance);
      else if (!allowance.retired) lowerCover(allowance, worstCaseMicroUsd);
      return true;
    },

    reclaim,

    adjust(snapshot) {
      const providers = { ...snapshot.providers };
      for (const allowance of held) {
        if (allowance.released || allowance.period !== snapshot.period) continue;
        const usage = getOwn(providers, allowance.provider);
        if (usage === undefined) continue;
        // The store holds the slice less what was drawn from it; of that, only the requests in flight are really held.
        const idle = Math.max(0, allowance.heldMicroUsd - allowance.inFlightMicroUsd);
        const byModel = getOwn(usage.reservedByModel, allowance.model) ?? 0;
        providers[allowance.provider] = {
          ...usage,
          reservedMicroUsd: Math.max(0, usage.reservedMicroUsd - idle),
          reservedByModel: { ...usage.reservedByModel, [allowance.model]: Math.max(0, byModel - idle) },
          openReservations: Math.max(0, usage.openReservations - 1 + allowance.inFlight),
        };
      }
      return { ...snapshot, providers };
    },

    async releaseAll() {
      clearInterval(poller);
      poller = undefined;
      await Promise.allSettled([...opening.values()]);
      const releases: Promise<void>[] = [];
      for (const allowance of [...held]) {
        allowance.retired = true;
        releases.push(release(allowance));
      }
      active.clear();
      await Promise.allSettled(releases);
    },
  };
}

/** A record's draw: its cost from a live allowance (the rest of its worst case goes back to the slice); its whole hold from a retired one. */
function drawAmount(allowance: Allowance, worstCaseMicroUsd: number, costMicroUsd: number | undefined): number {
  return allowance.retired ? worstCaseMicroUsd : (costMicroUsd ?? 0);
}

function keyOf(target: { period: string; provider: string; model: string }): string {
  return `${target.period}\u0000${target.provider}\u0000${target.model}`;
}

function providerKeyOf(target: { period: string; provider: string }): string {
  return `${target.period}\u0000${target.provider}`;
}

function sameLimits(a: BudgetLimits, b: BudgetLimits): boolean {
  return a.providerMicroUsd === b.providerMicroUsd && a.modelMicroUsd === b.modelMicroUsd;
}

/** Room left under the provider's limit (and the model's), as the store sees it now. */
function headroomOf(providers: Record<string, ProviderPeriodUsage>, request: AllowanceRequest): number {
  const usage = getOwn(providers, request.provider);
  let headroom = request.limits.providerMicroUsd - (usage?.total.spentMicroUsd ?? 0) - (usage?.reservedMicroUsd ?? 0);
  if (request.limits.modelMicroUsd !== undefined) {
    const modelSpent = (usage === undefined ? undefined : getOwn(usage.models, request.model))?.spentMicroUsd ?? 0;
    const modelReserved = (usage === undefined ? undefined : getOwn(usage.reservedByModel, request.model)) ?? 0;
    headroom = Math.min(headroom, request.limits.modelMicroUsd - modelSpent - modelReserved);
  }
  return headroom;
}
