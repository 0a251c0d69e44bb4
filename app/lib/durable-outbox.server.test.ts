import { describe, expect, it } from "vitest";
import { deadlineAfterChecks, NO_DEADLINE, PASSED_DEADLINE } from "../../test/helpers/deadlines";
import type { Deadline } from "./clock.server";
import {
  CLAIMED_ELSEWHERE,
  runOutbox,
  sweepDueRows,
  type Outbox,
  type OutboxAttempt,
} from "./durable-outbox.server";
import type { RetryDelays } from "./retry-delays";

const NOW = new Date("2026-11-21T12:00:00Z");
const MINUTE = 60_000;
const LEASE_MS = 5 * MINUTE;
const DELAYS: RetryDelays = [MINUTE, 10 * MINUTE, 60 * MINUTE];
const later = (ms: number, from = NOW) => new Date(from.getTime() + ms);

interface Row {
  id: string;
  attempts: number;
  dueAt: Date;
  status: "PENDING" | "SENT" | "FAILED";
  lastError: string | null;
}

/** A queue table in memory, with the conditional update a database gives: reads return copies. */
function createQueue(ids: string[], seed: Partial<Row> = {}) {
  const rows = new Map<string, Row>(
    ids.map((id) => [id, { id, attempts: 0, dueAt: NOW, status: "PENDING", lastError: null, ...seed }]),
  );
  const row = (id: string) => rows.get(id) as Row;
  return {
    row,
    findDue: async (now: Date, limit: number) =>
      [...rows.values()]
        .filter((each) => each.status === "PENDING" && each.dueAt <= now)
        .slice(0, limit)
        .map((each) => ({ ...each })),
    claim: async (read: Row, { attempt, leaseUntil }: { attempt: number; leaseUntil: Date }) => {
      const current = row(read.id);
      const isAsRead =
        current.status === "PENDING" &&
        current.attempts === read.attempts &&
        current.dueAt.getTime() === read.dueAt.getTime();
      if (isAsRead) Object.assign(current, { attempts: attempt, dueAt: leaseUntil });
      return isAsRead;
    },
    update: (id: string, change: Partial<Row>) => Object.assign(row(id), change),
  };
}

type Queue = ReturnType<typeof createQueue>;

function outboxOf(
  queue: Queue,
  options: {
    now?: Date;
    deadline?: Deadline;
    limit?: number;
    work?: (row: Row, attempt: number) => Promise<OutboxAttempt>;
  } = {},
) {
  const now = options.now ?? NOW;
  const worked: Array<{ id: string; attempt: number }> = [];
  const outbox: Outbox<Row> = {
    now,
    deadline: options.deadline ?? NO_DEADLINE,
    limit: options.limit ?? 100,
    leaseMs: LEASE_MS,
    retryDelays: DELAYS,
    outcomes: { done: "SENT", retrying: "RETRY_LATER", gaveUp: "FAILED" },
    findDue: (limit) => queue.findDue(now, limit),
    attemptsOf: (row) => row.attempts,
    claim: queue.claim,
    work: async (row, attempt) => {
      worked.push({ id: row.id, attempt });
      return options.work ? options.work(row, attempt) : { kind: "DONE" };
    },
    recordDone: async (row) => {
      queue.update(row.id, { status: "SENT", lastError: null });
    },
    recordRetry: async (row, { reason, retryAt }) => {
      queue.update(row.id, { dueAt: retryAt, lastError: reason });
    },
    recordGiveUp: async (row, { attempt, reason }) => {
      queue.update(row.id, { status: "FAILED", lastError: `${reason} (attempt ${attempt})` });
    },
  };
  return { outbox, worked };
}

const failing =
  (retryable: boolean, reason = "Shopify is down") =>
  async (): Promise<OutboxAttempt> => ({
    kind: "FAILED",
    retryable,
    reason,
  });

describe("runOutbox", () => {
  it("claims each due row with a lease and this attempt's number before working it", async () => {
    const queue = createQueue(["a", "b"]);
    const seen: Row[] = [];
    const { outbox, worked } = outboxOf(queue, {
      work: async (row) => {
        seen.push({ ...queue.row(row.id) });
        return { kind: "DONE" };
      },
    });

    expect(await runOutbox(outbox)).toEqual({ SENT: 2 });

    expect(worked).toEqual([
      { id: "a", attempt: 1 },
      { id: "b", attempt: 1 },
    ]);
    for (const row of seen) expect(row).toMatchObject({ attempts: 1, dueAt: later(LEASE_MS) });
    expect(queue.row("a").status).toBe("SENT");
  });

  it("leaves a row under a live lease alone, and takes it back once the lease has run out", async () => {
    const queue = createQueue(["a"]);
    const crash = outboxOf(queue, {
      work: async () => {
        throw new Error("worker died");
      },
    });
    await expect(runOutbox(crash.outbox)).rejects.toThrow("worker died");
    expect(queue.row("a")).toMatchObject({ status: "PENDING", attempts: 1, dueAt: later(LEASE_MS) });

    const early = outboxOf(queue, { now: later(LEASE_MS - 1) });
    expect(await runOutbox(early.outbox)).toEqual({});
    expect(early.worked).toEqual([]);

    const afterLease = outboxOf(queue, { now: later(LEASE_MS) });
    expect(await runOutbox(afterLease.outbox)).toEqual({ SENT: 1 });
    expect(afterLease.worked).toEqual([{ id: "a", attempt: 2 }]);
  });

  it("skips a row another worker claimed after it was read", async () => {
    const queue = createQueue(["a", "b", "c"]);
    const { outbox, worked } = outboxOf(queue);
    const findDue = outbox.findDue;
    outbox.findDue = async (limit) => {
      const due = await findDue(limit);
      await queue.claim(due[1] as Row, { attempt: 1, leaseUntil: later(LEASE_MS) });
      return due;
    };

    expect(await runOutbox(outbox)).toEqual({ SENT: 2, [CLAIMED_ELSEWHERE]: 1 });
    expect(worked.map((row) => row.id)).toEqual(["a", "c"]);
    expect(queue.row("b")).toMatchObject({ status: "PENDING", attempts: 1 });
  });

  it("works each row once when two workers sweep at the same time", async () => {
    const ids = Array.from({ length: 20 }, (_, index) => `row-${index}`);
    const queue = createQueue(ids);
    const first = outboxOf(queue);
    const second = outboxOf(queue);

    const [a, b] = await Promise.all([runOutbox(first.outbox), runOutbox(second.outbox)]);

    expect((a.SENT ?? 0) + (b.SENT ?? 0)).toBe(20);
    expect((a.CLAIMED_ELSEWHERE ?? 0) + (b.CLAIMED_ELSEWHERE ?? 0)).toBe(20);
    expect([...first.worked, ...second.worked].map((row) => row.id).sort()).toEqual([...ids].sort());
  });

  it("schedules a retryable failure from the delay table, by the attempt it was", async () => {
    const queue = createQueue(["first"]);
    const third = createQueue(["third"], { attempts: 2 });
    const work = failing(true, "throttled");

    expect(await runOutbox(outboxOf(queue, { work }).outbox)).toEqual({ RETRY_LATER: 1 });
    expect(queue.row("first")).toMatchObject({
      status: "PENDING",
      attempts: 1,
      dueAt: later(MINUTE),
      lastError: "throttled",
    });
    expect(await runOutbox(outboxOf(third, { work }).outbox)).toEqual({ RETRY_LATER: 1 });
    expect(third.row("third")).toMatchObject({ attempts: 3, dueAt: later(60 * MINUTE) });
  });

  it("gives up after the last attempt the table allows, and at once on a failure that will not pass", async () => {
    const queue = createQueue(["a"]);
    const outcomes: string[] = [];
    let now = NOW;
    for (let tick = 0; tick < 6; tick++) {
      const counts = await runOutbox(outboxOf(queue, { now, work: failing(true) }).outbox);
      outcomes.push(Object.keys(counts)[0] ?? "NOTHING_DUE");
      now = later(24 * 60 * MINUTE, now);
    }
    expect(outcomes).toEqual([
      "RETRY_LATER",
      "RETRY_LATER",
      "RETRY_LATER",
      "FAILED",
      "NOTHING_DUE",
      "NOTHING_DUE",
    ]);
    expect(queue.row("a")).toMatchObject({
      status: "FAILED",
      attempts: 4,
      lastError: "Shopify is down (attempt 4)",
    });

    const refused = createQueue(["b"]);
    const run = outboxOf(refused, { work: failing(false, "Invalid handle") });
    expect(await runOutbox(run.outbox)).toEqual({ FAILED: 1 });
    expect(refused.row("b")).toMatchObject({ status: "FAILED", lastError: "Invalid handle (attempt 1)" });
  });

  it("counts each outcome under its name, and records nothing for one the work settled itself", async () => {
    const queue = createQueue(["sent", "retry", "refused", "no-customer", "taken"]);
    const answers: Record<string, OutboxAttempt> = {
      sent: { kind: "DONE" },
      retry: { kind: "FAILED", retryable: true, reason: "503" },
      refused: { kind: "FAILED", retryable: false, reason: "userErrors" },
      "no-customer": { kind: "SETTLED", outcome: "NO_CUSTOMER" },
    };
    const { outbox } = outboxOf(queue, { work: async (row) => answers[row.id] as OutboxAttempt });
    const findDue = outbox.findDue;
    outbox.findDue = async (limit) => {
      const due = await findDue(limit);
      await queue.claim(due[4] as Row, { attempt: 1, leaseUntil: later(LEASE_MS) });
      return due;
    };

    expect(await runOutbox(outbox)).toEqual({
      SENT: 1,
      RETRY_LATER: 1,
      FAILED: 1,
      NO_CUSTOMER: 1,
      CLAIMED_ELSEWHERE: 1,
    });
    expect(queue.row("no-customer")).toMatchObject({
      status: "PENDING",
      attempts: 1,
      dueAt: later(LEASE_MS),
      lastError: null,
    });
  });

  it("stops taking rows at the deadline, and takes none past it", async () => {
    const queue = createQueue(["a", "b", "c", "d"]);
    const passed = outboxOf(queue, { deadline: PASSED_DEADLINE });
    expect(await runOutbox(passed.outbox)).toEqual({});
    expect(queue.row("a")).toMatchObject({ attempts: 0, dueAt: NOW });

    const twoRows = outboxOf(queue, { deadline: deadlineAfterChecks(2) });
    expect(await runOutbox(twoRows.outbox)).toEqual({ SENT: 2 });
    expect(twoRows.worked.map((row) => row.id)).toEqual(["a", "b"]);
    expect(queue.row("c")).toMatchObject({ status: "PENDING", attempts: 0 });
  });

  it("asks for at most `limit` rows and takes no more, even when given more", async () => {
    const queue = createQueue(["a", "b", "c"]);
    const { outbox, worked } = outboxOf(queue, { limit: 2 });
    const asked: number[] = [];
    outbox.findDue = async (limit) => {
      asked.push(limit);
      return queue.findDue(NOW, 100);
    };

    expect(await runOutbox(outbox)).toEqual({ SENT: 2 });
    expect(asked).toEqual([2]);
    expect(worked.map((row) => row.id)).toEqual(["a", "b"]);
  });
});

describe("sweepDueRows", () => {
  const sweepOf = (queue: Queue, handle: (row: Row) => { outcome: string; shouldStopBatch?: boolean }) => ({
    now: NOW,
    deadline: NO_DEADLINE,
    limit: 10,
    leaseMs: LEASE_MS,
    findDue: (limit: number) => queue.findDue(NOW, limit),
    claim: (row: Row, { leaseUntil }: { leaseUntil: Date }) =>
      queue.claim(row, { attempt: row.attempts, leaseUntil }),
    handle: async (row: Row) => handle(row),
  });

  it("ends the batch after a row whose handling says so, and reports the rows it took", async () => {
    const queue = createQueue(["a", "b", "c"]);
    const handled: string[] = [];
    const result = await sweepDueRows(
      sweepOf(queue, (row) => {
        handled.push(row.id);
        return row.id === "b" ? { outcome: "RETRY", shouldStopBatch: true } : { outcome: "DELETED" };
      }),
    );

    expect(result).toEqual({ counts: { DELETED: 1, RETRY: 1 }, taken: 2 });
    expect(handled).toEqual(["a", "b"]);
    expect(queue.row("c").dueAt).toEqual(NOW);
  });

  it("adds to the counts it is given, and counts a row claimed elsewhere as taken", async () => {
    const queue = createQueue(["a", "b"]);
    const sweep = sweepOf(queue, () => ({ outcome: "DELETED" }));
    const counts = { NO_ACCESS: 1 };
    await queue.claim(queue.row("a"), { attempt: 0, leaseUntil: later(LEASE_MS) });
    const findDue = sweep.findDue;

    const result = await sweepDueRows({
      ...sweep,
      counts,
      // Read before the other worker's claim above landed.
      findDue: async (limit) => (await findDue(limit)).concat({ ...queue.row("a"), dueAt: NOW }),
    });

    expect(result).toEqual({ counts: { NO_ACCESS: 1, DELETED: 1, CLAIMED_ELSEWHERE: 1 }, taken: 2 });
    expect(result.counts).toBe(counts);
  });

  it("reads nothing when its budget is spent", async () => {
    let asked = false;
    const result = await sweepDueRows({
      ...sweepOf(createQueue(["a"]), () => ({ outcome: "DELETED" })),
      limit: 0,
      findDue: async () => {
        asked = true;
        return [];
      },
    });
    expect(result).toEqual({ counts: {}, taken: 0 });
    expect(asked).toBe(false);
  });
});
