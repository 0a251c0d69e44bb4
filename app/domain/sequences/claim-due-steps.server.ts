import { databaseProvider, prisma, Prisma, type DbTransaction } from "~/db.server";
import { ENROLLMENT_STATUS } from "~/domain/outcomes";
import { env } from "~/lib/env.server";
import { claimSteps, SEND_STATUS, type ClaimResult } from "./claim-step.server";

/** A due enrolment as the tick reads it: what its claim and its repair (ALREADY_DONE) need. */
export interface DueRow {
  id: string;
  shop: string;
  checkoutId: string;
  emailHash: string | null;
  nextStep: number | null;
  anchorAt: Date;
  dueAt: Date | null;
  sequenceVersionId: string | null;
}

/** A batch of due enrolments and, for each, what claiming its step came to. */
export interface ClaimedBatch {
  due: DueRow[];
  results: ClaimResult[];
}

export interface ClaimDueOptions {
  now: Date;
  leaseMs: number;
  /** At most this many due enrolments read in one call. */
  limit: number;
  batchSize: number;
  /** Asked before each read and each claim: once true, nothing more is claimed. */
  shouldStop(): boolean;
}

const PAGE_SIZE = 200;

const DUE_ROW_SELECT = {
  id: true,
  shop: true,
  checkoutId: true,
  emailHash: true,
  nextStep: true,
  anchorAt: true,
  dueAt: true,
  sequenceVersionId: true,
} as const;

/**
 * A shop's due steps, oldest first, claimed a batch at a time: each batch is yielded once claimed, and the
 * next is claimed only when the caller asks for it (after sending this one). Keyset order, so a step that
 * stays due, such as one waiting for a retry, is not read again in the same call.
 *
 * PostgreSQL: several instances tick at once, so each batch is read with FOR UPDATE SKIP LOCKED in a short
 * transaction that also writes its claims; concurrent workers take disjoint enrolments instead of racing for
 * the same ones. SQLite has one writer at a time: a page is read, and its batches claimed in turn.
 */
export function claimDueSteps(shop: string, options: ClaimDueOptions): AsyncGenerator<ClaimedBatch> {
  return databaseProvider(env.DATABASE_URL) === "postgresql"
    ? claimLockedBatches(shop, options)
    : claimPagedBatches(shop, options);
}

const toDueEnrollments = (due: DueRow[]) => due.map((row) => ({ ...row, nextStep: row.nextStep as number }));

/** Where the last read stopped, in due order: the next read starts after it. */
type DueCursor = { dueAt: Date; id: string } | null;

/**
 * Pages read in due order (keyset on dueAt, id) until `limit` rows are read, a read finds none, or the
 * caller stops. `read` lists the rows a page read, which move the cursor on.
 */
async function* pagesInDueOrder<Page extends { read: DueRow[] }>(
  { limit, shouldStop }: ClaimDueOptions,
  pageSize: number,
  readPage: (after: DueCursor, take: number) => Promise<Page>,
): AsyncGenerator<Page> {
  let after: DueCursor = null;
  let taken = 0;
  while (taken < limit && !shouldStop()) {
    const page = await readPage(after, Math.min(pageSize, limit - taken));
    const last = page.read.at(-1);
    if (!last) return;
    taken += page.read.length;
    after = { dueAt: last.dueAt as Date, id: last.id };
    yield page;
  }
}

async function* claimPagedBatches(shop: string, options: ClaimDueOptions): AsyncGenerator<ClaimedBatch> {
  const { now, leaseMs, batchSize, shouldStop } = options;
  const pages = pagesInDueOrder(options, PAGE_SIZE, async (after, take) => ({
    read: await prisma.enrollment.findMany({
      where: {
        shop,
        status: ENROLLMENT_STATUS.ACTIVE,
        dueAt: { lte: now },
        nextStep: { not: null },
        ...(after
          ? { OR: [{ dueAt: { gt: after.dueAt } }, { dueAt: after.dueAt, id: { gt: after.id } }] }
          : {}),
      },
      orderBy: [{ dueAt: "asc" }, { id: "asc" }],
      take,
      select: DUE_ROW_SELECT,
    }),
  }));
  for await (const { read: page } of pages) {
    // Workers that read the same page start at different batches of it, so that they rarely race.
    const batches = Math.ceil(page.length / batchSize);
    const first = Math.floor(Math.random() * batches);
    for (let turn = 0; turn < batches && !shouldStop(); turn++) {
      const start = ((first + turn) % batches) * batchSize;
      const due = page.slice(start, start + batchSize);
      yield { due, results: await claimSteps(toDueEnrollments(due), { now, leaseMs }) };
    }
  }
}

async function* claimLockedBatches(shop: string, options: ClaimDueOptions): AsyncGenerator<ClaimedBatch> {
  const { now, leaseMs, batchSize } = options;
  // Short transactions: the locks are held only while the claims are written; the sends come after the commit.
  const batches = pagesInDueOrder(options, batchSize, (after, take) =>
    prisma.$transaction(async (tx) => {
      const { locked, claimable } = await lockDueRows(tx, shop, { now, after, take });
      const results = claimable.length
        ? await claimSteps(toDueEnrollments(claimable), { now, leaseMs, tx })
        : [];
      return { read: locked, due: claimable, results };
    }),
  );
  for await (const { due, results } of batches) if (due.length > 0) yield { due, results };
}

/**
 * The next `take` due enrolments after `after`, locked (`locked`, in order); those another transaction holds
 * are skipped, they are its to claim. `claimable` leaves out those with a live claim: read again once the locks
 * are held, since a worker that committed its claims after this statement began is seen only by the next
 * statement. A lapsed lease or a due retry is claimable, and taken over here.
 */
async function lockDueRows(
  tx: DbTransaction,
  shop: string,
  { now, after, take }: { now: Date; after: DueCursor; take: number },
): Promise<{ locked: DueRow[]; claimable: DueRow[] }> {
  const ids = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT e."id" FROM "Enrollment" e
    WHERE e."shop" = ${shop} AND e."status" = ${ENROLLMENT_STATUS.ACTIVE} AND e."dueAt" <= ${now}
      AND e."nextStep" IS NOT NULL
      ${after ? Prisma.sql`AND (e."dueAt", e."id") > (${after.dueAt}, ${after.id})` : Prisma.empty}
      AND NOT EXISTS (
        SELECT 1 FROM "RecoverySend" s
        WHERE s."enrollmentId" = e."id" AND s."step" = e."nextStep"
          AND s."status" = ${SEND_STATUS.CLAIMED} AND s."leaseUntil" >= ${now}
      )
    ORDER BY e."dueAt", e."id"
    LIMIT ${take}
    FOR UPDATE SKIP LOCKED`;
  if (ids.length === 0) return { locked: [], claimable: [] };
  const lockedIds = ids.map((row) => row.id);
  // Typed through the client (raw rows carry the driver's own types).
  const rows = await tx.enrollment.findMany({
    where: { shop, id: { in: lockedIds } },
    select: DUE_ROW_SELECT,
  });
  const held = await tx.recoverySend.findMany({
    where: { shop, enrollmentId: { in: lockedIds }, status: SEND_STATUS.CLAIMED, leaseUntil: { gte: now } },
    select: { enrollmentId: true, step: true },
  });
  const heldSteps = new Set(held.map((send) => `${send.enrollmentId}:${send.step}`));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const locked = lockedIds.flatMap((id) => byId.get(id) ?? []);
  return { locked, claimable: locked.filter((row) => !heldSteps.has(`${row.id}:${row.nextStep}`)) };
}
