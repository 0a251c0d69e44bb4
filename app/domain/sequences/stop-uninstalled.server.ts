import { prisma } from "~/db.server";
import { ENROLLMENT_STATUS } from "~/domain/outcomes";
import { INSTALL_STATE } from "~/domain/shops";

/**
 * After an uninstall nothing is sent for the shop (the tick works only for installed shops); this also closes
 * its active sequences with the reason, so the timeline does not show them waiting forever. The shops are
 * found in the database (those with active sequences that findInstalledShops would not list), not passed in:
 * a list of every installed shop would not fit in one statement's parameters at SQLite's limit.
 */
export async function stopUninstalledShops({ now }: { now: Date }) {
  const shops = await prisma.$queryRaw<Array<{ shop: string }>>`
    SELECT a."shop"
    FROM (SELECT DISTINCT "shop" FROM "Enrollment" WHERE "status" = ${ENROLLMENT_STATUS.ACTIVE}) a
    WHERE NOT EXISTS (
      SELECT 1 FROM "Shop" sh
      WHERE sh."domain" = a."shop" AND sh."installState" = ${INSTALL_STATE.INSTALLED}
        AND EXISTS (SELECT 1 FROM "Session" s WHERE s."shop" = sh."domain" AND s."isOnline" = FALSE)
    )`;
  let stopped = 0;
  for (const { shop } of shops) {
    const { count } = await prisma.enrollment.updateMany({
      where: { shop, status: ENROLLMENT_STATUS.ACTIVE },
      data: {
        status: ENROLLMENT_STATUS.STOPPED,
        reason: "SHOP_UNINSTALLED",
        stoppedAt: now,
        nextStep: null,
        dueAt: null,
      },
    });
    stopped += count;
  }
  return stopped;
}
