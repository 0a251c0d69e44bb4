import type { Deadline } from "./clock.server";
import { nextRetryAt, type RetryDelays } from "./retry-delays";

/**
 * Queued work done by the scheduled tick, in two layers, both free of any table or vendor (callers pass the
 * queries and the call as callbacks):
 *
 * - `sweepDueRows`: a sweep plus a claim. It selects a bounded batch of due rows, claims each with a
 *   conditional update that carries a lease (a row another worker took first is skipped, a crashed
 *   worker's row comes back when its lease ends), hands it to the caller and counts the named outcome.
 *   It stops taking rows at the deadline.
 * - `runOutbox`: the same sweep for a durable outbox whose rows count their attempts: it numbers each
 *   attempt in the claim, classifies the answer (done, retryable failure, failure), schedules a retryable
 *   one from the queue's delay table (app/lib/retry-delays.ts) and gives up once the table has run out.
 */

/** Counts per named outcome, as a tick task reports them: { SENT: 3, CLAIMED_ELSEWHERE: 1 }. */
export type OutcomeCounts = Record<string, number>;

/** A row the claim found no longer due: another worker took it between the select and the claim. */
export const CLAIMED_ELSEWHERE = "CLAIMED_ELSEWHERE";

export interface DueRowSweep<Row, Outcome extends string = string> {
  now: Date;
  /** Past it no further row is taken; the row in hand is finished. */
  deadline: Deadline;
  /** Rows taken at most, rows claimed by another worker included. */
  limit: number;
  /** How long a claimed row stays this worker's. */
  leaseMs: number;
  /** Counts to add to, when a task sweeps in several batches (one per shop); a new record otherwise. */
  counts?: OutcomeCounts;
  /** The due rows, oldest first, at most `limit` of them. */
  findDue(limit: number): Promise<Row[]>;
  /**
   * Takes the row with a conditional update on what `findDue` read (`updateMany` → `count === 1`), storing
   * the lease. False when the row was no longer as read: it is then skipped.
   */
  claim(row: Row, lease: { leaseUntil: Date }): Promise<boolean>;
  /** Does the work of a claimed row and records its result. `shouldStopBatch` ends the sweep after it. */
  handle(row: Row): Promise<{ outcome: Outcome; shouldStopBatch?: boolean }>;
}

export interface SweepResult {
  counts: OutcomeCounts;
  /** Rows taken before the deadline or the end of the batch, whether this worker could claim them or not. */
  taken: number;
}

export async function sweepDueRows<Row, Outcome extends string = string>(
  sweep: DueRowSweep<Row, Outcome>,
): Promise<SweepResult> {
  const counts = sweep.counts ?? {};
  const count = (outcome: string) => (counts[outcome] = (counts[outcome] ?? 0) + 1);
  let taken = 0;
  if (sweep.limit <= 0) return { counts, taken };
  const due = await sweep.findDue(sweep.limit);
  const leaseUntil = new Date(sweep.now.getTime() + sweep.leaseMs);
  for (const row of due.slice(0, sweep.limit)) {
    if (sweep.deadline.isPast()) break;
    taken++;
    if (!(await sweep.claim(row, { leaseUntil }))) {
      count(CLAIMED_ELSEWHERE);
      continue;
    }
    const { outcome, shouldStopBatch = false } = await sweep.handle(row);
    count(outcome);
    if (shouldStopBatch) break;
  }
  return { counts, taken };
}

/**
 * What one attempt at a claimed row came to. SETTLED is for an outcome the caller records itself (or leaves
 * the row claimed for on purpose), such as a row with nothing to send: it is counted under its own name.
 */
export type OutboxAttempt =
  | { kind: "DONE" }
  | { kind: "FAILED"; retryable: boolean; reason: string }
  | { kind: "SETTLED"; outcome: string };

export interface Outbox<Row> {
  now: Date;
  deadline: Deadline;
  limit: number;
  leaseMs: number;
  /** The queue's waits between attempts; the row is given up when they run out. */
  retryDelays: RetryDelays;
  /** The names under which this queue counts (and may store) the three classified outcomes. */
  outcomes: { done: string; retrying: string; gaveUp: string };
  findDue(limit: number): Promise<Row[]>;
  /** Attempts already made at the row, as stored on it. */
  attemptsOf(row: Row): number;
  /**
   * Takes the row as in `DueRowSweep.claim`, storing the lease and this attempt's number in the same
   * conditional update, so an attempt is counted even when its worker dies before it records anything.
   */
  claim(row: Row, claim: { attempt: number; leaseUntil: Date }): Promise<boolean>;
  /** The attempt itself: the call to the vendor, its answer as a value. */
  work(row: Row, attempt: number): Promise<OutboxAttempt>;
  recordDone(row: Row, attempt: number): Promise<void>;
  recordRetry(row: Row, failure: { attempt: number; reason: string; retryAt: Date }): Promise<void>;
  recordGiveUp(row: Row, failure: { attempt: number; reason: string }): Promise<void>;
}

export async function runOutbox<Row>(outbox: Outbox<Row>): Promise<OutcomeCounts> {
  const attemptOf = (row: Row) => outbox.attemptsOf(row) + 1;
  const { counts } = await sweepDueRows({
    now: outbox.now,
    deadline: outbox.deadline,
    limit: outbox.limit,
    leaseMs: outbox.leaseMs,
    findDue: outbox.findDue,
    claim: (row, { leaseUntil }) => outbox.claim(row, { attempt: attemptOf(row), leaseUntil }),
    handle: async (row) => {
      const attempt = attemptOf(row);
      const result = await outbox.work(row, attempt);
      if (result.kind === "SETTLED") return { outcome: result.outcome };
      if (result.kind === "DONE") {
        await outbox.recordDone(row, attempt);
        return { outcome: outbox.outcomes.done };
      }
      const retryAt = result.retryable ? nextRetryAt(outbox.retryDelays, attempt, outbox.now) : null;
      if (retryAt) {
        await outbox.recordRetry(row, { attempt, reason: result.reason, retryAt });
        return { outcome: outbox.outcomes.retrying };
      }
      await outbox.recordGiveUp(row, { attempt, reason: result.reason });
      return { outcome: outbox.outcomes.gaveUp };
    },
  });
  return counts;
}
