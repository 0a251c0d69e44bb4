import type { AdminGraphql } from "~/lib/admin-graphql.server";
import type { Deadline } from "~/lib/clock.server";
import { queueAbandonmentReports } from "./queue-abandonment-reports.server";
import { sendAbandonmentReports } from "./send-abandonment-reports.server";

/** The tick's task: queue reports for new sends, then work the queue. Counts per named outcome. */
export async function reportSendsToShopify(context: {
  now: Date;
  adminFor(shop: string): Promise<AdminGraphql>;
  appUrl: string;
  deadline: Deadline;
}): Promise<Record<string, number>> {
  const queued = await queueAbandonmentReports({ now: context.now });
  const counts = await sendAbandonmentReports(context);
  return queued > 0 ? { QUEUED: queued, ...counts } : counts;
}
