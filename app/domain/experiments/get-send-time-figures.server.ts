import { prisma, Prisma } from "~/db.server";
import { assertPeriod, toNumber, type Period } from "~/domain/analytics";
import { ARM, ENROLLMENT_STATUS } from "~/domain/outcomes";
import { compareSendTimes, type SendTimeComparison, type SendTimeGroupCounts } from "./send-time-comparison";

export interface SendTimeFigures {
  /** Whether the shop ever enrolled a checkout in send-time optimisation (either group): the card shows then. */
  hasSendTimeEnrollments: boolean;
  comparison: SendTimeComparison;
}

interface GroupRow {
  group: string;
  emailed: unknown;
  clicked: unknown;
  recovered: unknown;
}

const NONE: SendTimeGroupCounts = { emailed: 0, clicked: 0, recovered: 0 };

/**
 * The period's send-time comparison: the checkouts whose last activity (anchorAt, as the dashboard's other
 * cohort figures) falls in the period, in the sequence (treatment arm, not skipped) and in either send-time
 * group, that were emailed; of them those that clicked any of their emails and those recovered by email. One
 * grouped query on the index (shop, sendTimeArm, anchorAt); the click is looked up per enrolment through the
 * unique (enrollmentId, step) index.
 */
export async function getSendTimeFigures(shop: string, period: Period): Promise<SendTimeFigures> {
  assertPeriod(period);
  const [anyEnrollment, rows] = await Promise.all([
    prisma.enrollment.findFirst({
      where: { shop, sendTimeArm: { in: ["OPTIMISED", "CONTROL"] } },
      select: { id: true },
    }),
    prisma.$queryRaw<GroupRow[]>(Prisma.sql`
      SELECT e."sendTimeArm" AS "group", COUNT(*) AS "emailed",
        SUM(CASE WHEN EXISTS (
          SELECT 1 FROM "RecoverySend" s
          WHERE s."enrollmentId" = e."id" AND s."shop" = e."shop" AND s."firstClickedAt" IS NOT NULL
        ) THEN 1 ELSE 0 END) AS "clicked",
        SUM(CASE WHEN e."recoveredByEmail" = TRUE THEN 1 ELSE 0 END) AS "recovered"
      FROM "Enrollment" e
      WHERE e."shop" = ${shop} AND e."sendTimeArm" IN ('OPTIMISED', 'CONTROL')
        AND e."anchorAt" >= ${period.from} AND e."anchorAt" < ${period.to}
        AND e."arm" = ${ARM.TREATMENT} AND e."status" <> ${ENROLLMENT_STATUS.SKIPPED}
        AND e."firstSentAt" IS NOT NULL
      GROUP BY e."sendTimeArm"`),
  ]);
  const countsOf = (group: string): SendTimeGroupCounts => {
    const row = rows.find((candidate) => candidate.group === group);
    return row
      ? { emailed: toNumber(row.emailed), clicked: toNumber(row.clicked), recovered: toNumber(row.recovered) }
      : NONE;
  };
  return {
    hasSendTimeEnrollments: anyEnrollment !== null,
    comparison: compareSendTimes(countsOf("OPTIMISED"), countsOf("CONTROL")),
  };
}
