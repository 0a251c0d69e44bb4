import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import type { MessageChannel } from "~/domain/messages";
import type { Deadline } from "~/lib/clock.server";
import { adminGraphqlFor } from "~/shopify.server";
import { NO_DEADLINE } from "../../../test/helpers/deadlines";
import { abandonCheckoutsEach, installManyShops } from "../../../test/helpers/many-shops";
import { at, HOUR, plus } from "../../../test/helpers/recovery";
import { TEST_APP_URL } from "../../../test/helpers/webhooks";
import { createRecordingMailer } from "../../../test/mocks/recording-mailer";
import { runRecovery } from "./run-recovery.server";
import { SHOP_LEASE_MS, startShopRotation } from "./shop-rotation.server";

// Noon UTC, on shops on UTC time: outside the default quiet hours for every tick below.
const T0 = at("2026-11-20T12:00:00Z");
const MINUTE = 60_000;

/**
 * A tick's mailer, and a budget that runs out once it has sent for `shops` shops: a tick whose every shop has
 * work, told in shops instead of seconds (no real time).
 */
function budgetOfShops(shops: number): {
  mailer: ReturnType<typeof createRecordingMailer>;
  deadline: Deadline;
} {
  const mailer = createRecordingMailer();
  const served = () => new Set(mailer.delivered.map((email) => email.message.shop)).size;
  return {
    mailer,
    deadline: { isPast: () => served() >= shops, remainingMs: () => (served() >= shops ? 0 : 1) },
  };
}

const tick = (now: Date, mailer: MessageChannel, deadline: Deadline = NO_DEADLINE) =>
  runRecovery({ now, mailer, adminFor: adminGraphqlFor, appUrl: TEST_APP_URL, deadline });

const shopsSentFor = (mailer: ReturnType<typeof createRecordingMailer>) =>
  [...new Set(mailer.delivered.map((email) => email.message.shop))].sort();

const turnOf = (shop: string) =>
  prisma.shop.findUniqueOrThrow({
    where: { domain: shop },
    select: { recoveryHolder: true, recoveryLeaseUntil: true, recoveryServedAt: true },
  });

describe("the shops' rotation", () => {
  it("gives each of 1,000 shops its turn within 10 ticks (+1) when a tick has room for 100, whatever their names", async () => {
    const SHOPS = 1_000;
    const PER_TICK = 100;
    const shops = await installManyShops(SHOPS);
    const firstTurn = new Map<string, number>();
    let now = T0;
    for (let tickNo = 1; firstTurn.size < SHOPS && tickNo <= 20; tickNo++) {
      // What runRecovery does with a budget that runs out after PER_TICK shops.
      const rotation = startShopRotation({ now });
      for (let taken = 0; taken < PER_TICK; taken++) {
        const shop = await rotation.takeNext();
        if (shop === null) break;
        if (!firstTurn.has(shop)) firstTurn.set(shop, tickNo);
        await rotation.finish(shop);
      }
      expect(await rotation.countWaiting()).toBe(SHOPS - PER_TICK);
      now = plus(now, MINUTE);
    }

    const longestWait = Math.max(...firstTurn.values());
    expect(firstTurn.size).toBe(SHOPS);
    expect(longestWait, `longest wait of any shop: ${longestWait} ticks`).toBeLessThanOrEqual(
      Math.ceil(SHOPS / PER_TICK) + 1,
    );
    expect(firstTurn.get(shops.at(-1) as string)).toBe(longestWait);
    // And round again: the shops served first are the first again, each shop once in every 10 ticks.
    const rotation = startShopRotation({ now });
    expect(await rotation.takeNext()).toBe(shops[0]);
  }, 120_000);

  it("serves busy shops in turn when the budget runs out every tick: every shop's due step within ceil(shops / room) ticks (+1)", async () => {
    const SHOPS = 60;
    const PER_TICK = 10;
    const FAIR_WAIT = Math.ceil(SHOPS / PER_TICK);
    const shops = await installManyShops(SHOPS);
    await abandonCheckoutsEach(shops, T0, "first");
    const firstServedIn = new Map<string, number>();
    let now = plus(T0, HOUR);
    for (let tickNo = 1; firstServedIn.size < SHOPS && tickNo <= FAIR_WAIT + 2; tickNo++) {
      const { mailer, deadline } = budgetOfShops(PER_TICK);
      const counts = await tick(now, mailer, deadline);
      const served = shopsSentFor(mailer);
      expect(served).toHaveLength(PER_TICK);
      // The shops just served wait; every other one (served earlier or not yet) is counted as deferred.
      expect(counts.shops_deferred_to_next_tick).toBe(SHOPS - PER_TICK);
      for (const shop of served) if (!firstServedIn.has(shop)) firstServedIn.set(shop, tickNo);
      // A served shop has new work by the next tick: the first shops alone would fill every tick's budget.
      const next = plus(now, MINUTE);
      await abandonCheckoutsEach(served, plus(next, -HOUR), `tick-${tickNo}`);
      now = next;
    }

    const longestWait = Math.max(...firstServedIn.values());
    expect(firstServedIn.size).toBe(SHOPS);
    expect(longestWait, `longest wait of any shop: ${longestWait} ticks`).toBeLessThanOrEqual(FAIR_WAIT + 1);
  }, 60_000);

  it("never has two concurrent runs serve the same shop at once: each holds the shop's lease while serving it", async () => {
    const shops = await installManyShops(20);
    await abandonCheckoutsEach(shops, T0, "first");
    const now = plus(T0, HOUR);
    const inFlight = new Map<string, number>();
    const overlaps: string[] = [];
    const leasesSeen: Array<{ holder: string | null; leaseUntil: Date | null }> = [];
    let finished = 0;
    const recording = createRecordingMailer();
    // Each run's sends wait until the other run is sending too (or done): the two are inside shops together.
    const runMailer = (run: number): MessageChannel => ({
      async send(message, options) {
        if (inFlight.has(message.shop)) overlaps.push(message.shop);
        inFlight.set(message.shop, run);
        const { recoveryHolder, recoveryLeaseUntil } = await turnOf(message.shop);
        leasesSeen.push({ holder: recoveryHolder, leaseUntil: recoveryLeaseUntil });
        for (let turn = 0; turn < 1_000 && inFlight.size < 2 && finished === 0; turn++)
          await new Promise((resolve) => setImmediate(resolve));
        inFlight.delete(message.shop);
        return recording.send(message, options);
      },
    });
    const done = (counts: Record<string, number>) => {
      finished++;
      return counts;
    };

    const [first, second] = await Promise.all([
      tick(now, runMailer(1)).then(done),
      tick(now, runMailer(2)).then(done),
    ]);

    expect(overlaps).toEqual([]);
    expect(first.step_SENT).toBeGreaterThan(0);
    expect(second.step_SENT).toBeGreaterThan(0);
    expect(shopsSentFor(recording)).toEqual(shops);
    expect(recording.calls()).toBe(20);
    // Two holders, each lease running past the tick.
    expect(new Set(leasesSeen.map((lease) => lease.holder)).size).toBe(2);
    for (const lease of leasesSeen) expect(lease.leaseUntil).toEqual(plus(now, SHOP_LEASE_MS));
    for (const shop of shops)
      expect(await turnOf(shop)).toEqual({
        recoveryHolder: null,
        recoveryLeaseUntil: null,
        recoveryServedAt: now,
      });
  });

  it("passes over a shop another instance holds, and takes it once the lease has lapsed", async () => {
    const shops = await installManyShops(3);
    await abandonCheckoutsEach(shops, T0, "first");
    const held = shops[1] as string;
    const now = plus(T0, HOUR);
    await prisma.shop.update({
      where: { domain: held },
      data: { recoveryHolder: "another-instance", recoveryLeaseUntil: plus(now, MINUTE) },
    });

    const mailer = createRecordingMailer();
    await tick(now, mailer);
    expect(shopsSentFor(mailer)).toEqual([shops[0], shops[2]]);
    expect(await turnOf(held)).toEqual({
      recoveryHolder: "another-instance",
      recoveryLeaseUntil: plus(now, MINUTE),
      recoveryServedAt: null,
    });

    await tick(plus(now, MINUTE - 1), mailer);
    expect(shopsSentFor(mailer)).toEqual([shops[0], shops[2]]);
    const lapsed = plus(now, 2 * MINUTE);
    await tick(lapsed, mailer);
    expect(shopsSentFor(mailer)).toEqual(shops);
    expect(await turnOf(held)).toEqual({
      recoveryHolder: null,
      recoveryLeaseUntil: null,
      recoveryServedAt: lapsed,
    });
  });

  it("sends a shop whose recovery fails to the back like a served one: it holds no lease and blocks no other shop", async () => {
    const [broken, ...others] = await installManyShops(3);
    await abandonCheckoutsEach([broken as string, ...others], T0, "first");
    await prisma.shopSettings.create({ data: { shop: broken as string, data: "{ not json", version: 1 } });
    const now = plus(T0, HOUR);

    // Room for one shop's sends a tick: the broken shop comes first (never served, first by name) and fails.
    const first = budgetOfShops(1);
    const counts = await tick(now, first.mailer, first.deadline);
    expect(counts).toMatchObject({ shops_failed: 1, shops_deferred_to_next_tick: 1 });
    expect(shopsSentFor(first.mailer)).toEqual([others[0]]);
    expect(await turnOf(broken as string)).toEqual({
      recoveryHolder: null,
      recoveryLeaseUntil: null,
      recoveryServedAt: now,
    });

    const second = budgetOfShops(1);
    expect(await tick(plus(now, MINUTE), second.mailer, second.deadline)).not.toHaveProperty("shops_failed");
    expect(shopsSentFor(second.mailer)).toEqual([others[1]]);
  });
});
