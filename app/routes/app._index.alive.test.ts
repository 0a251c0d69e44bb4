import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { runAt } from "~/lib/clock.server";
import { adminRequest, forgedAdminRequest } from "../../test/helpers/admin";
import { seedCheckouts } from "../../test/helpers/checkouts";
import { seedEnrollments } from "../../test/helpers/recovery-seed";
import { callAction, callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { loader } from "./app._index";
import { action as checkNow } from "./app.reconciliation.check";

const NOW = new Date("2026-12-04T12:00:00Z");
const HOUR_MS = 3_600_000;
const hoursBefore = (hours: number, from = NOW) => new Date(from.getTime() - hours * HOUR_MS);

const home = async (shop = SHOP_A) =>
  runAt(NOW, async () => {
    const response = await callLoader(loader, await adminRequest("/app", { shop }));
    expect(response.status).toBe(200);
    return (await response.json()).alive;
  });

/** `count` checkouts, one every `everyHours`, the last at `lastAt`. */
const seedSteadyCheckouts = (
  shop: string,
  { count, everyHours, lastAt }: { count: number; everyHours: number; lastAt: Date },
) =>
  seedCheckouts(
    shop,
    Array.from({ length: count }, (_, index) => ({ updatedAt: hoursBefore(index * everyHours, lastAt) })),
  );

const recordTick = (finishedAt: Date) =>
  prisma.jobHeartbeat.create({
    data: { name: "tick", lastStartedAt: finishedAt, lastFinishedAt: finishedAt },
  });

const warningIds = (alive: { warnings: Array<{ id: string }> }) =>
  alive.warnings.map((warning) => warning.id);

describe("the app home: is Cartback working?", () => {
  it("shows the last checkout, tick, email and reconciliation of this shop, and no warning when all is well", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await seedSteadyCheckouts(SHOP_A, { count: 50, everyHours: 2, lastAt: hoursBefore(1) });
    // Shop B's later activity must not show on A's home.
    await seedCheckouts(SHOP_B, [{ updatedAt: hoursBefore(0.1) }]);
    await seedEnrollments(SHOP_A, [
      { anchorAt: hoursBefore(30), sends: [{ step: 1, sentAt: hoursBefore(3) }] },
      { anchorAt: hoursBefore(30), sends: [{ step: 1, sentAt: hoursBefore(26) }] },
    ]);
    await seedEnrollments(SHOP_B, [
      { anchorAt: hoursBefore(3), sends: [{ step: 1, sentAt: hoursBefore(0.2) }] },
    ]);
    await recordTick(new Date(NOW.getTime() - 40_000));
    await prisma.reconciliationState.create({
      data: {
        shop: SHOP_A,
        lastStartedAt: hoursBefore(0.5),
        lastFinishedAt: hoursBefore(0.49),
        lastOutcome: "OK",
        lastSeen: 40,
        lastFound: 3,
        totalFound: 12,
      },
    });

    expect(await home()).toEqual({
      checkedAt: NOW.toISOString(),
      lastCheckoutAt: hoursBefore(1).toISOString(),
      lastTickAt: new Date(NOW.getTime() - 40_000).toISOString(),
      lastEmailAt: hoursBefore(3).toISOString(),
      reconciliation: {
        lastFinishedAt: hoursBefore(0.49).toISOString(),
        lastOutcome: "OK",
        lastError: null,
        lastSeen: 40,
        lastFound: 3,
        totalFound: 12,
        isCheckPending: false,
      },
      warnings: [],
    });
  });

  it("warns when checkouts stop for a shop that usually has them, measured by its own rate", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await recordTick(hoursBefore(0.01));
    // A: one an hour for 14 days, then nothing for 8 hours. B: four a day, then nothing for the same 8 hours.
    await seedSteadyCheckouts(SHOP_A, { count: 336, everyHours: 1, lastAt: hoursBefore(8) });
    await seedSteadyCheckouts(SHOP_B, { count: 56, everyHours: 6, lastAt: hoursBefore(8) });

    const alive = await home(SHOP_A);
    expect(warningIds(alive)).toEqual(["CHECKOUTS_STOPPED"]);
    expect(alive.warnings[0].explanation[0]).toContain("about 8 checkouts");
    expect(warningIds(await home(SHOP_B))).toEqual([]);
  });

  it("warns when the tick has stopped or never ran, and says how it is scheduled", async () => {
    await installTestShop(SHOP_A);
    expect(warningIds(await home())).toEqual(["TICKS_STOPPED"]);
    await recordTick(hoursBefore(1));
    const alive = await home();
    expect(warningIds(alive)).toEqual(["TICKS_STOPPED"]);
    expect(alive.warnings[0].explanation.join(" ")).toContain("POST /jobs/tick");
  });

  it("shows a shop that needs re-authentication as critical, first, with how to reconnect", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await recordTick(hoursBefore(0.01));
    await prisma.shop.update({
      where: { domain: SHOP_A },
      data: { reauthRequiredAt: hoursBefore(2), reauthReason: "the offline token could not be refreshed" },
    });

    const [warning] = (await home()).warnings;
    expect(warning).toMatchObject({ id: "REAUTH_REQUIRED", tone: "critical" });
    expect(warning.title).toBe("Cartback can no longer reach your store's Admin API");
    expect(warning.explanation.join(" ")).toContain("Open Cartback from your Shopify admin");
    expect(warningIds(await home(SHOP_B))).toEqual([]);
  });

  it("warns when reconciliation lacks access, with the fix it recorded", async () => {
    await installTestShop(SHOP_A);
    await recordTick(hoursBefore(0.01));
    const fix =
      "Cartback needs the read_checkouts permission: open Cartback from your Shopify admin to approve it.";
    await prisma.reconciliationState.create({
      data: { shop: SHOP_A, lastFinishedAt: hoursBefore(1), lastOutcome: "MISSING_ACCESS", lastError: fix },
    });

    const alive = await home();
    expect(warningIds(alive)).toEqual(["RECONCILIATION_MISSING_ACCESS"]);
    expect(alive.warnings[0].explanation).toContain(fix);
  });

  it("says emails are waiting for the provider's quota while this shop's steps are held for it", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await recordTick(hoursBefore(0.01));
    await seedEnrollments(SHOP_A, [
      { anchorAt: hoursBefore(30), sends: [{ step: 1, sentAt: hoursBefore(3) }] },
    ]);
    const holdAt = async (shop: string, at: Date) =>
      prisma.recoveryEvent.create({
        data: { shop, checkoutId: "held", step: 1, type: "DEFERRED", reason: "DEFERRED_PROVIDER_QUOTA", at },
      });
    await holdAt(SHOP_A, hoursBefore(0.3));

    const alive = await home();
    expect(warningIds(alive)).toEqual(["PROVIDER_QUOTA_USED_UP"]);
    expect(alive.warnings[0].title).toBe(
      "Recovery emails are waiting: the email provider's sending quota is used up",
    );
    expect(warningIds(await home(SHOP_B))).toEqual([]);

    // An email of the shop's sent since: the quota is back.
    await seedEnrollments(SHOP_A, [
      { anchorAt: hoursBefore(30), sends: [{ step: 1, sentAt: hoursBefore(0.1) }] },
    ]);
    expect(warningIds(await home())).toEqual([]);
  });
});

describe("POST /app/reconciliation/check (the home's Check now)", () => {
  it("asks the next tick to reconcile this shop only, and the home says the check is waiting", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const response = await runAt(NOW, async () =>
      callAction(
        checkNow,
        await adminRequest("/app/reconciliation/check", { shop: SHOP_A, init: { method: "POST" } }),
      ),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ outcome: "REQUESTED", requestedAt: NOW.toISOString() });
    expect((await prisma.reconciliationState.findUnique({ where: { shop: SHOP_A } }))?.requestedAt).toEqual(
      NOW,
    );
    expect(await prisma.reconciliationState.findUnique({ where: { shop: SHOP_B } })).toBeNull();
    expect((await home()).reconciliation.isCheckPending).toBe(true);

    // Once a run has started after the request, it is no longer waiting.
    await prisma.reconciliationState.update({ where: { shop: SHOP_A }, data: { lastStartedAt: NOW } });
    expect((await home()).reconciliation.isCheckPending).toBe(false);
  });

  it("refuses a request without a valid session token and records nothing", async () => {
    await installTestShop(SHOP_A);
    const forged = await forgedAdminRequest("/app/reconciliation/check", { shop: SHOP_A });
    const response = await callAction(checkNow, new Request(forged, { method: "POST" }));
    expect(response.status).toBe(401);
    expect(await prisma.reconciliationState.count()).toBe(0);
  });
});
