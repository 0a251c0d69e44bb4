import { prisma, upsertRacing } from "~/db.server";
import { REPORT_STATUS, REPORT_WINDOW_MS } from "./report-policy";

/**
 * Queues a report for each recovery email sent in the last few days that has none yet, for installed shops.
 * Done by the tick rather than in the engine's send path, so a send never waits on (or fails for) the report:
 * an anti-join of sent emails against their reports, oldest first, bounded to `limit` rows a run.
 */
export async function queueAbandonmentReports({
  now,
  limit = 200,
}: {
  now: Date;
  limit?: number;
}): Promise<number> {
  const since = new Date(now.getTime() - REPORT_WINDOW_MS);
  // Read-only on the engine's sends. Per shop through the (shop, status, sentAt, …) index.
  const unreported = await prisma.$queryRaw<Array<{ id: string }>>`
    SELECT s."id"
    FROM "Shop" sh
    JOIN "RecoverySend" s ON s."shop" = sh."domain" AND s."status" = 'SENT'
      AND s."sentAt" >= ${since} AND s."sentAt" <= ${now}
    WHERE sh."installState" = 'INSTALLED'
      AND NOT EXISTS (
        SELECT 1 FROM "AbandonmentReport" r WHERE r."shop" = s."shop" AND r."sendId" = s."id"
      )
    ORDER BY s."sentAt", s."id"
    LIMIT ${limit}`;
  if (unreported.length === 0) return 0;
  // Dates come back typed through the client (raw rows carry each database's own date format).
  const sends = await prisma.recoverySend.findMany({
    where: { id: { in: unreported.map((row) => row.id) }, status: "SENT" },
    select: { id: true, shop: true, checkoutId: true, sentAt: true },
  });
  for (const send of sends) {
    // Two ticks may queue the same send: the unique (shop, sendId) keeps one row.
    await upsertRacing(() =>
      prisma.abandonmentReport.upsert({
        where: { shop_sendId: { shop: send.shop, sendId: send.id } },
        create: {
          shop: send.shop,
          sendId: send.id,
          checkoutId: send.checkoutId,
          deliveryStatus: "SENT",
          deliveredAt: send.sentAt,
          status: REPORT_STATUS.PENDING,
          nextAttemptAt: now,
        },
        update: {},
      }),
    );
  }
  return sends.length;
}
