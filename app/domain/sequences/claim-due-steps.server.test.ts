import { describe, expect, it } from "vitest";
import { databaseProvider, prisma } from "~/db.server";
import { env } from "~/lib/env.server";
import { abandonCheckoutsEach } from "../../../test/helpers/many-shops";
import { at, HOUR, plus } from "../../../test/helpers/recovery";
import { installTestShop, SHOP_A } from "../../../test/helpers/shops";
import { claimDueSteps } from "./claim-due-steps.server";
import { DEFAULT_LEASE_MS } from "./claim-step.server";
import { enrollCandidates } from "./enroll-candidates.server";
import { loadShopContext } from "./shop-context.server";

const T0 = at("2026-11-20T12:00:00Z");
const NOW = plus(T0, HOUR);
const DUE = 400;

/** What one worker's claiming came to, batch after batch, until nothing it could take was left. */
async function claimAsOneWorker() {
  const claimed: string[] = [];
  const notClaimed: string[] = [];
  for await (const batch of claimDueSteps(SHOP_A, {
    now: NOW,
    leaseMs: DEFAULT_LEASE_MS,
    limit: 2_000,
    batchSize: 50,
    shouldStop: () => false,
  }))
    for (const result of batch.results)
      if (result.claimed) claimed.push(result.claim.enrollmentId);
      else notClaimed.push(result.why);
  return { claimed, notClaimed };
}

describe.runIf(databaseProvider(env.DATABASE_URL) === "postgresql")(
  "claiming due steps on PostgreSQL",
  () => {
    it(`gives concurrent workers disjoint enrolments of one shop (${DUE} due steps, each claimed once, no lost race)`, async () => {
      await installTestShop(SHOP_A, { timezone: "UTC" });
      await abandonCheckoutsEach([SHOP_A], T0, "due", DUE);
      const context = await loadShopContext(SHOP_A);
      while (Object.keys(await enrollCandidates(context!, { now: NOW })).length > 0);
      const due = await prisma.enrollment.findMany({
        where: { shop: SHOP_A, status: "ACTIVE" },
        select: { id: true },
      });
      expect(due).toHaveLength(DUE);

      const workers = await Promise.all([claimAsOneWorker(), claimAsOneWorker(), claimAsOneWorker()]);

      const claimed = workers.flatMap((worker) => worker.claimed);
      expect(workers.map((worker) => worker.notClaimed)).toEqual([[], [], []]);
      expect(claimed).toHaveLength(DUE);
      expect(new Set(claimed)).toEqual(new Set(due.map((row) => row.id)));
      // Each worker took a share: they ran side by side, not one after the other.
      for (const worker of workers) expect(worker.claimed.length).toBeGreaterThan(0);
      expect(
        await prisma.recoverySend.count({ where: { shop: SHOP_A, status: "CLAIMED", attempts: 1 } }),
      ).toBe(DUE);
    }, 60_000);
  },
);
