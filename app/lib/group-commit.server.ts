import { prisma, type DbTransaction } from "~/db.server";
import { startStopwatch } from "./clock.server";

/**
 * Group commit: units of work that arrive close together are applied in one transaction, in arrival order,
 * instead of one BEGIN/COMMIT each (on PostgreSQL also one WAL flush). Nothing resolves before its group has
 * committed. When any unit of a group fails, or the commit does, the whole group rolls back and each unit is
 * applied again alone in its own transaction, so a failure stays with its own unit: the others are written and
 * resolve, the failed one rejects with its error.
 *
 * One group is written at a time. On SQLite the writes share one connection anyway; on PostgreSQL concurrent
 * groups updating the same rows in different orders deadlocked. Used by the webhooks (a burst of deliveries)
 * and the tick (the outcomes of the emails it sends).
 */

export interface GroupCommitOptions {
  /** At most this many units in one transaction: bounds how long a group holds the database. */
  maxGroup: number;
  /** How long the first unit waits for others; 0 waits only for the current turn of the event loop. */
  waitMs?: number;
  /**
   * How long a group works before it lets the event loop run. better-sqlite3 answers synchronously, so without
   * a pause the server would neither accept connections nor read requests until the whole group is written.
   */
  sliceMs?: number;
}

type Work<T> = (tx: DbTransaction) => Promise<T>;

interface Queued {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createGroupCommit({ maxGroup, waitMs = 0, sliceMs = Infinity }: GroupCommitOptions) {
  const waiting: Queued[] = [];
  let inFlight = false;

  async function commitGroup(group: Queued[]) {
    if (group.length > 1) {
      let results: unknown[] | undefined;
      try {
        results = await prisma.$transaction(async (tx) => {
          const written: unknown[] = [];
          let sliceElapsedMs = startStopwatch();
          for (const unit of group) {
            written.push(await unit.work(tx));
            if (sliceElapsedMs() > sliceMs) {
              await nextTurn();
              sliceElapsedMs = startStopwatch();
            }
          }
          return written;
        });
      } catch {
        // Rolled back as a whole: applied one by one below, where each failure is its own unit's.
      }
      if (results) {
        group.forEach((unit, index) => unit.resolve(results[index]));
        return;
      }
    }
    for (const unit of group) {
      try {
        unit.resolve(await prisma.$transaction((tx) => unit.work(tx)));
      } catch (error) {
        unit.reject(error);
      }
    }
  }

  async function commitWaiting() {
    try {
      while (waiting.length > 0) await commitGroup(waiting.splice(0, maxGroup));
    } finally {
      inFlight = false;
    }
  }

  return function commit<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (inFlight) return;
      inFlight = true;
      if (waitMs > 0) setTimeout(() => void commitWaiting(), waitMs);
      else setImmediate(() => void commitWaiting());
    });
  };
}
