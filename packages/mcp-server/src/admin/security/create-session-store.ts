import { randomBytes } from 'node:crypto';

export interface AdminSession {
  id: string;
  /** Sent back by the page as `x-csrf-token` on every write. */
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionStoreOptions {
  /** A session unused this long is gone. @default 8 hours */
  idleMs?: number;
  /** A session older than this is gone, used or not. @default 24 hours */
  maxAgeMs?: number;
  now?: () => number;
}

export interface SessionStore {
  create(): AdminSession;
  /** The live session with this id (its idle timer restarted), else undefined. */
  get(id: string | undefined): AdminSession | undefined;
  destroy(id: string | undefined): void;
  /** Cookie lifetime in seconds (the absolute maximum). */
  readonly maxAgeSeconds: number;
}

/**
 * Sessions in memory: the admin page serves one person on one machine, and a
 * restart logging everyone out is the safe default (the token may have
 * changed with it).
 */
export function createSessionStore(options: SessionStoreOptions = {}): SessionStore {
  const idleMs = options.idleMs ?? 8 * 3_600_000;
  const maxAgeMs = options.maxAgeMs ?? 24 * 3_600_000;
  const now = options.now ?? Date.now;
  const sessions = new Map<string, AdminSession>();

  const alive = (session: AdminSession, at: number) => at - session.lastSeenAt < idleMs && at - session.createdAt < maxAgeMs;
  const prune = (at: number) => {
    for (const [id, session] of sessions) if (!alive(session, at)) sessions.delete(id);
  };

  return {
    maxAgeSeconds: Math.floor(maxAgeMs / 1000),
    create() {
      const at = now();
      prune(at);
      const session: AdminSession = {
        id: randomBytes(32).toString('base64url'),
        csrfToken: randomBytes(32).toString('base64url'),
        createdAt: at,
        lastSeenAt: at,
      };
      sessions.set(session.id, session);
      return session;
    },
    get(id) {
      if (id === undefined || id === '') return undefined;
      // 256 random bits: a plain Map lookup leaks nothing guessable.
      const session = sessions.get(id);
      if (session === undefined) return undefined;
      const at = now();
      if (!alive(session, at)) {
        sessions.delete(id);
        return undefined;
      }
      session.lastSeenAt = at;
      return session;
    },
    destroy(id) {
      if (id !== undefined) sessions.delete(id);
    },
  };
}
