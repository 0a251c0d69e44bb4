import pg from "pg";
import { describe, expect, it } from "vitest";
import { databaseProvider, prisma } from "~/db.server";
import { env } from "~/lib/env.server";
import { ROLLUP_BUCKETS } from "../../../scripts/report-rollups-sql.mjs";
import { seedEnrollments, type SeededEnrollment } from "../../../test/helpers/recovery-seed";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import type { Period } from "./period";
import { LIVE_REPORTS } from "./recovery-reports.server";
import { ROLLUP_REPORTS } from "./rollup-reports.server";

/**
 * The report rollups have no hot row on PostgreSQL (docs/decisions/0016-rollup-buckets.md): two transactions
 * that count the same shop, quarter-hour, segment and step write different bucket rows, so neither waits for
 * the other's commit. Before buckets the second queued on the first's counter rows until it committed.
 */

const ANCHOR_AT = new Date("2026-03-02T10:00:00Z");
const SENT_AT = "2026-03-02T11:05:00.000Z";
const PERIOD: Period = { from: new Date("2026-03-02T00:00:00Z"), to: new Date("2026-03-03T00:00:00Z") };

const bucketOf = async (client: pg.Client) =>
  Number((await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid) %
  ROLLUP_BUCKETS;

/**
 * Two connections of their own whose triggers write different buckets. One pair in ROLLUP_BUCKETS shares a
 * bucket (their backend process ids are equal modulo it): then another connection is opened.
 */
async function connectionsInTwoBuckets(): Promise<{ clients: pg.Client[]; pair: [pg.Client, pg.Client] }> {
  const clients: pg.Client[] = [];
  const buckets = new Map<number, pg.Client>();
  while (buckets.size < 2) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    clients.push(client);
    await client.connect();
    buckets.set(await bucketOf(client), client);
  }
  const [first, second] = [...buckets.values()] as [pg.Client, pg.Client];
  return { clients, pair: [first, second] };
}

/** An email recorded as sent, with the statements the engine runs for it (record-step-outcome.server.ts). */
async function recordSent(client: pg.Client, enrollment: SeededEnrollment) {
  await client.query(
    `UPDATE "RecoverySend" SET "status" = 'SENT', "outcome" = 'SENT', "sentAt" = $2, "subjectVariant" = 'A',
       "updatedAt" = $2 WHERE "id" = $1 AND "shop" = $3`,
    [enrollment.sendIds[0], SENT_AT, SHOP_A],
  );
  await client.query(
    `UPDATE "Enrollment" SET "stepsSent" = "stepsSent" + 1, "lastSentAt" = $2,
       "firstSentAt" = COALESCE("firstSentAt", $2), "updatedAt" = $2 WHERE "id" = $1 AND "shop" = $3`,
    [enrollment.id, SENT_AT, SHOP_A],
  );
}

describe.runIf(databaseProvider(env.DATABASE_URL) === "postgresql")("report rollup buckets", () => {
  it("let a second connection count the same shop, slot and step while the first is uncommitted", async () => {
    await installTestShop(SHOP_A);
    const enrollments = await seedEnrollments(
      SHOP_A,
      [0, 1].map(() => ({
        anchorAt: ANCHOR_AT,
        segmentId: "default",
        nextStep: 1,
        sends: [{ step: 1, status: "CLAIMED", sentAt: null }],
      })),
    );
    const { clients, pair } = await connectionsInTwoBuckets();
    const [first, second] = pair;
    try {
      await first.query("BEGIN");
      await recordSent(first, enrollments[0] as SeededEnrollment);
      // Waiting on a row the first holds would fail after 2 s ("canceling statement due to lock timeout"):
      // the first commits only after the second has.
      await second.query("BEGIN");
      await second.query("SET LOCAL lock_timeout = '2s'");
      await recordSent(second, enrollments[1] as SeededEnrollment);
      await second.query("COMMIT");
      await first.query("COMMIT");
    } finally {
      for (const client of clients) await client.end();
    }

    const figures = await ROLLUP_REPORTS.getRecoveryFigures(SHOP_A, PERIOD);
    expect(figures.emails.sent).toBe(2);
    expect(figures.recoveryRate.emailed).toBe(2);
    expect(figures).toEqual(await LIVE_REPORTS.getRecoveryFigures(SHOP_A, PERIOD));
    const segments = await ROLLUP_REPORTS.getSegmentFigures(SHOP_A, PERIOD);
    expect(segments.map((segment) => segment.emailsSent)).toEqual([2]);
    expect(segments).toEqual(await LIVE_REPORTS.getSegmentFigures(SHOP_A, PERIOD));
    expect(await ROLLUP_REPORTS.getStepFunnel(SHOP_A, PERIOD)).toEqual(
      await LIVE_REPORTS.getStepFunnel(SHOP_A, PERIOD),
    );
    // Each connection counted its email in its own row of the same key.
    const rows = await prisma.emailRollup.findMany({
      where: { shop: SHOP_A, grain: 900, step: 1 },
      select: { bucket: true, sent: true },
    });
    expect(rows.map((row) => row.sent)).toEqual([1, 1]);
    expect(new Set(rows.map((row) => row.bucket)).size).toBe(2);
  });
});
