import { prisma } from "~/db.server";
import { judgeReputation, REPUTATION_WINDOW_DAYS, type ReputationReading } from "./sender-reputation";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The shop's reputation now: its recovery emails of the window, their bounces and complaints, judged. One pass
 * over the window's sends, from the index alone (RecoverySend_reputation_idx): the admin home reads it on every load.
 */
export async function readSenderReputation(shop: string, now: Date): Promise<ReputationReading> {
  const since = new Date(now.getTime() - REPUTATION_WINDOW_DAYS * DAY_MS);
  const [row] = await prisma.$queryRaw<
    Array<{ sent: bigint | number; bounced: bigint | number | null; complained: bigint | number | null }>
  >`
    SELECT COUNT(*) AS "sent",
      SUM(CASE WHEN "bouncedAt" IS NOT NULL THEN 1 ELSE 0 END) AS "bounced",
      SUM(CASE WHEN "complainedAt" IS NOT NULL THEN 1 ELSE 0 END) AS "complained"
    FROM "RecoverySend"
    WHERE "shop" = ${shop} AND "status" = 'SENT' AND "sentAt" >= ${since} AND "sentAt" <= ${now}`;
  return judgeReputation({
    sent: Number(row?.sent ?? 0),
    bounced: Number(row?.bounced ?? 0),
    complained: Number(row?.complained ?? 0),
  });
}
