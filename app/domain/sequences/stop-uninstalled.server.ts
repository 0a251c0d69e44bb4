import { prisma } from "~/db.server";
import { ENROLLMENT_STATUS } from "~/domain/outcomes";

/**
 * After an uninstall nothing is sent for the shop (the tick works only for installed shops); this also closes
 * its active sequences with the reason, so the timeline does not show them waiting forever.
 */
export async function stopUninstalledShops({ now, installedShops }: { now: Date; installedShops: string[] }) {
  const { count } = await prisma.enrollment.updateMany({
    where: { status: ENROLLMENT_STATUS.ACTIVE, shop: { notIn: installedShops } },
    data: {
      status: ENROLLMENT_STATUS.STOPPED,
      reason: "SHOP_UNINSTALLED",
      stoppedAt: now,
      nextStep: null,
      dueAt: null,
    },
  });
  return count;
}
