import { prisma } from "~/db.server";
import type { ShopContext } from "./shop-context.server";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Personal data is kept only for the shop's retention period (default 90 days) after a checkout's last
 * activity: then emails, names, recovery links and the keyed email hashes of checkouts, orders, enrolments and
 * sends are removed. Amounts, dates, statuses and product lines stay, so the dashboard's counts do not change.
 * Suppressions are kept: they are how an opt-out is honoured.
 */
export async function applyRetention(
  context: ShopContext,
  { now }: { now: Date },
): Promise<Record<string, number>> {
  const { shop } = context;
  const cutoff = new Date(now.getTime() - context.settings.retentionDays * DAY_MS);
  const [checkouts, orders, enrollments, sends] = await prisma.$transaction([
    prisma.checkout.updateMany({
      where: {
        shop,
        shopifyUpdatedAt: { lt: cutoff },
        OR: [
          { email: { not: null } },
          { emailHash: { not: null } },
          { firstName: { not: null } },
          { recoveryUrl: { not: null } },
          { customerId: { not: null } },
        ],
      },
      data: {
        email: null,
        emailHash: null,
        firstName: null,
        firstNameHash: null,
        recoveryUrl: null,
        customerId: null,
      },
    }),
    prisma.order.updateMany({
      where: {
        shop,
        shopifyCreatedAt: { lt: cutoff },
        OR: [{ email: { not: null } }, { emailHash: { not: null } }, { customerId: { not: null } }],
      },
      data: { email: null, emailHash: null, customerId: null },
    }),
    prisma.enrollment.updateMany({
      where: { shop, anchorAt: { lt: cutoff }, emailHash: { not: null } },
      data: { emailHash: null },
    }),
    prisma.recoverySend.updateMany({
      where: {
        shop,
        createdAt: { lt: cutoff },
        OR: [{ emailHash: { not: null } }, { subject: { not: null } }],
      },
      data: { emailHash: null, subject: null },
    }),
  ]);
  return {
    checkouts: checkouts.count,
    orders: orders.count,
    enrollments: enrollments.count,
    sends: sends.count,
  };
}
