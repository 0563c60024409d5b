import type { JournalEntry } from './journal-line.js';

/** One operation waiting for a commit. */
export interface QueuedOperation<Tx> {
  run: (tx: Tx) => unknown;
  /** Months whose log this operation may write or whose spend it reads (checked for a dead writer's lines first). */
  periods: readonly string[];
  /** The append this operation is, when it may go to the journal instead of a commit (open-embedded-store.ts). */
  journal?: JournalEntry;
}

export type OperationResult = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface CommitQueue<Tx> {
  enqueue<T>(run: (tx: Tx) => T, periods?: readonly string[], journal?: JournalEntry): Promise<T>;
  /** Resolves once every operation enqueued so far is committed or failed. */
  drain(): Promise<void>;
}

interface Pending<Tx> extends QueuedOperation<Tx> {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: operations that arrive while a commit is in flight wait and
 * then go together in the next one, so one lock, one document read and one
 * write serve many records under load, with no added wait when idle. Each
 * operation still gets its own result, and resolves only after its commit
 * is on disk.
 */
export function createCommitQueue<Tx>(options: {
  maxBatch: number;
  /**
   * Runs the operations in order inside one commit; a throw fails the whole
   * batch. `backlog` counts the commits in a row, this one included, whose
   * operations were already waiting when the previous commit ended (0: the
   * queue was idle).
   */
  commit: (batch: readonly QueuedOperation<Tx>[], backlog: number) => Promise<OperationResult[]>;
}): CommitQueue<Tx> {
  const pending: Pending<Tx>[] = [];
  let running: Promise<void> | undefined;

  const loop = async (): Promise<void> => {
    // Let operations enqueued in the same tick, and those of I/O already
    // waiting (other requests finishing at about the same time), join the
    // first batch: a commit's file calls are synchronous, so nothing else
    // runs while one is made.
    await new Promise<void>((resolve) => setImmediate(resolve));
    let backlog = 0;
    try {
      while (pending.length > 0) {
        const batch = pending.splice(0, options.maxBatch);
        let results: OperationResult[];
        try {
          results = await options.commit(batch, backlog);
        } catch (error) {
          for (const op of batch) op.reject(error);
          continue;
        }
        batch.forEach((op, index) => {
          const result = results[index];
          if (result?.ok === true) op.resolve(result.value);
          else op.reject(result === undefined ? new Error('ledger: operation lost its result') : result.error);
        });
        backlog = pending.length > 0 ? backlog + 1 : 0;
      }
    } finally {
      running = undefined;
    }
  };

  return {
    enqueue<T>(run: (tx: Tx) => T, periods: readonly string[] = [], journal?: JournalEntry): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const op: Pending<Tx> = { run, periods, resolve: resolve as (value: unknown) => void, reject };
        if (journal !== undefined) op.journal = journal;
        pending.push(op);
        running ??= loop();
      });
    },
    async drain() {
      while (running !== undefined) await running;
    },
  };
}
