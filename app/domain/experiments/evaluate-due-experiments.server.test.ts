import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import type { MessageChannel } from "~/domain/messages";
import { runTick, tickTasks } from "~/domain/scheduler";
import { findJobHeartbeat } from "~/lib/job-heartbeat.server";
import { NO_DEADLINE, PASSED_DEADLINE } from "../../../test/helpers/deadlines";
import { decisionsOf, seedVariantSends, startEmailOneExperiment } from "../../../test/helpers/experiments";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { evaluateDueExperiments, EXPERIMENTS_JOB } from "./evaluate-due-experiments.server";

const NOW = new Date("2026-04-01T12:00:00Z");
const minutesLater = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const RULE = { minSendsPerVariant: 100 };

async function clearWinner(shop: string, subjects?: string[]) {
  const key = await startEmailOneExperiment(shop, { rule: RULE, subjects });
  await seedVariantSends(shop, key, "A", { sends: 200, recoveries: 4 });
  await seedVariantSends(shop, key, "B", { sends: 200, recoveries: 30 });
  return key;
}

describe("evaluateDueExperiments", () => {
  it("evaluates every installed shop at most once an hour", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await clearWinner(SHOP_A);

    expect(await evaluateDueExperiments({ now: NOW, deadline: NO_DEADLINE })).toEqual({
      shops: 2,
      promoted: 1,
    });
    expect(await findJobHeartbeat(EXPERIMENTS_JOB)).toMatchObject({
      lastStartedAt: NOW,
      lastReport: { shops: 2, promoted: 1 },
    });

    // Shop B's experiment meets the rule a few minutes later: it waits for the next hour's run.
    await clearWinner(SHOP_B, ["Shop B's second subject"]);
    expect(await evaluateDueExperiments({ now: minutesLater(59), deadline: NO_DEADLINE })).toEqual({});
    expect(await decisionsOf(SHOP_B)).toEqual([]);
    expect(await evaluateDueExperiments({ now: minutesLater(60), deadline: NO_DEADLINE })).toEqual({
      shops: 2,
      promoted: 1,
    });
    expect((await decisionsOf(SHOP_B)).map((decision) => decision.winner)).toEqual(["B"]);
    expect(await decisionsOf(SHOP_A)).toHaveLength(1);
  });

  it("runs in one of two ticks at once, and leaves shops past the tick's budget to the next hour", async () => {
    await installTestShop(SHOP_A);
    await clearWinner(SHOP_A);
    const [first, second] = await Promise.all([
      evaluateDueExperiments({ now: NOW, deadline: PASSED_DEADLINE }),
      evaluateDueExperiments({ now: NOW, deadline: PASSED_DEADLINE }),
    ]);
    expect([first, second]).toContainEqual({ shops_deferred: 1 });
    expect([first, second]).toContainEqual({});
    expect(await prisma.jobHeartbeat.count({ where: { name: EXPERIMENTS_JOB } })).toBe(1);
    expect(await decisionsOf(SHOP_A)).toEqual([]);
  });

  it("is one of the tick's tasks", async () => {
    await installTestShop(SHOP_A);
    await clearWinner(SHOP_A);
    const report = await runTick(
      {
        now: NOW,
        adminFor: () => Promise.reject(new Error("no Admin API in this test")),
        mailer: {} as MessageChannel,
        appUrl: "https://cartback.test",
      },
      tickTasks.filter(([name]) => name === "experiments"),
    );
    expect(report.tasks).toEqual({ experiments: { shops: 1, promoted: 1 } });
    expect((await decisionsOf(SHOP_A)).map((decision) => decision.decidedBy)).toEqual(["AUTO"]);
  });
});
