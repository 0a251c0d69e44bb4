import { describe, expect, it } from "vitest";
import { prisma, type DbTransaction } from "~/db.server";
import { defaultShopSettings } from "~/domain/shops";
import { seedEnrollments } from "../../../test/helpers/recovery-seed";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import { claimStep, type StepClaim } from "./claim-step.server";
import { createGroupedRecordSent, writeSent, type SentDetails } from "./record-step-outcome.server";

const NOW = new Date("2026-11-20T13:00:00Z");

async function claims(count: number): Promise<StepClaim[]> {
  await installTestShop(SHOP_A, { timezone: "UTC" });
  const seeded = await seedEnrollments(
    SHOP_A,
    Array.from({ length: count }, () => ({
      anchorAt: new Date(NOW.getTime() - 3_600_000),
      nextStep: 1,
      dueAt: NOW,
    })),
  );
  const enrollments = await prisma.enrollment.findMany({
    where: { id: { in: seeded.map((row) => row.id) } },
  });
  return Promise.all(
    enrollments.map(async (enrollment) => {
      const result = await claimStep({ ...enrollment, nextStep: 1 }, { now: NOW });
      if (!result.claimed) throw new Error("not claimed");
      return result.claim;
    }),
  );
}

const details = (): SentDetails => ({
  now: NOW,
  steps: defaultShopSettings("USD").steps,
  anchorAt: new Date(NOW.getTime() - 3_600_000),
  outcome: "SENT",
  reason: null,
  subject: "You left something in your cart",
  subjectVariant: null,
  hasOffer: false,
  providerMessageId: "msg_1",
});

describe("createGroupedRecordSent", () => {
  it("records the steps delivered together in one transaction, each on its own claim", async () => {
    const [first, second, third] = await claims(3);
    const transactions = new Set<DbTransaction>();
    const record = createGroupedRecordSent({
      waitMs: 50,
      write: (tx, claim, sent) => {
        transactions.add(tx);
        return writeSent(tx, claim, sent);
      },
    });
    const stolen = { ...(third as StepClaim), token: "someone-else" };

    const results = await Promise.all(
      [first, second, stolen].map((claim) => record(claim as StepClaim, details())),
    );

    expect(results).toEqual(["RECORDED", "RECORDED", "LEASE_LOST"]);
    expect(transactions.size).toBe(1);
    expect(await prisma.recoverySend.count({ where: { status: "SENT" } })).toBe(2);
    expect(await prisma.enrollment.count({ where: { stepsSent: 1, nextStep: 2 } })).toBe(2);
  });

  it("records the others when one step's writes fail, and reports that step's failure", async () => {
    const [first, second, third] = (await claims(3)) as [StepClaim, StepClaim, StepClaim];
    const record = createGroupedRecordSent({
      waitMs: 50,
      write: (tx, claim, sent) => {
        if (claim.sendId === second.sendId) throw new Error("disk full");
        return writeSent(tx, claim, sent);
      },
    });

    const results = await Promise.allSettled([first, second, third].map((claim) => record(claim, details())));

    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const sent = await prisma.recoverySend.findMany({ where: { status: "SENT" }, select: { id: true } });
    expect(sent.map((row) => row.id).sort()).toEqual([first.sendId, third.sendId].sort());
  });
});
