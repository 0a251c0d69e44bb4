import { prisma } from "~/db.server";
import { judgeReputation, REPUTATION_WINDOW_DAYS, type ReputationReading } from "./sender-reputation";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The shop's reputation now: its recovery emails of the window, their bounces and complaints, judged. */
export async function readSenderReputation(shop: string, now: Date): Promise<ReputationReading> {
  const since = new Date(now.getTime() - REPUTATION_WINDOW_DAYS * DAY_MS);
  const inWindow = { shop, status: "SENT", sentAt: { gte: since, lte: now } };
  const [sent, bounced, complained] = await Promise.all([
    prisma.recoverySend.count({ where: inWindow }),
    prisma.recoverySend.count({ where: { ...inWindow, bouncedAt: { not: null } } }),
    prisma.recoverySend.count({ where: { ...inWindow, complainedAt: { not: null } } }),
  ]);
  return judgeReputation({ sent, bounced, complained });
}
