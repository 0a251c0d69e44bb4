import { afterEach, describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { callAction, callLoader } from "../../test/helpers/routes";
import { TEST_APP_URL } from "../../test/helpers/webhooks";
import { action as clockAction } from "./demo.clock";
import { action as setupAction } from "./demo.setup";
import { loader as appBridgeLoader } from "./demo.app-bridge[.]js";

const SECRET = "test-cron-secret-0123456789abcdef0123456789";
const post = (path: string, body?: unknown) =>
  new Request(`${TEST_APP_URL}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${SECRET}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("demo-only routes outside demo mode", () => {
  it("answer 404, with the right secret too, and change nothing", async () => {
    expect((await callAction(clockAction, post("/demo/clock", { now: "2026-01-01T00:00:00Z" }))).status).toBe(
      404,
    );
    expect((await callAction(setupAction, post("/demo/setup"))).status).toBe(404);
    expect(
      (await callLoader(appBridgeLoader, new Request(`${TEST_APP_URL}/demo/app-bridge.js`))).status,
    ).toBe(404);
    expect(await prisma.shop.count()).toBe(0);
    expect(await prisma.session.count()).toBe(0);
  });
});

describe("demo-only routes in demo mode", () => {
  async function demoModules() {
    vi.stubEnv("DEMO_MODE", "1");
    vi.resetModules();
    return {
      clock: await import("./demo.clock"),
      setup: await import("./demo.setup"),
      time: await import("~/lib/clock.server"),
      db: await import("~/db.server"),
    };
  }

  it("move the clock and install the demo shop at that time, behind the bearer secret", async () => {
    const { clock, setup, time, db } = await demoModules();
    const unsigned = new Request(`${TEST_APP_URL}/demo/clock`, { method: "POST", body: "{}" });
    expect((await callAction(clock.action, unsigned)).status).toBe(401);
    expect((await callAction(clock.action, post("/demo/clock", { now: "yesterday" }))).status).toBe(400);

    const response = await callAction(clock.action, post("/demo/clock", { now: "2026-10-01T09:00:00Z" }));
    expect(response.status).toBe(200);
    expect(Math.abs(time.currentTime().getTime() - Date.parse("2026-10-01T09:00:00Z"))).toBeLessThan(5_000);

    expect((await callAction(setup.action, post("/demo/setup"))).status).toBe(200);
    const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: "cartback-demo.myshopify.com" } });
    expect(Math.abs(shop.installedAt!.getTime() - Date.parse("2026-10-01T09:00:00Z"))).toBeLessThan(5_000);
    const settings = JSON.parse(
      (await db.prisma.shopSettings.findUniqueOrThrow({ where: { shop: shop.domain } })).data,
    ) as {
      holdoutPercent: number;
      audience: { excludeTestCheckouts: boolean };
      steps: Array<{ sendWindowHours: number; variants: Array<{ template: string }> }>;
      experiments: { autoPromote: boolean; minSendsPerVariant: number; rule: string };
    };
    expect(settings.holdoutPercent).toBe(25);
    // Step 2 waits up to 6 hours for the shopper's hour, and "Everyone else" tests the personal note there
    // (app/domain/demo/demo-experiments.ts), promoted automatically.
    expect(settings.steps.map((step) => step.sendWindowHours)).toEqual([0, 6, 0]);
    expect(settings.steps.map((step) => step.variants.map((variant) => variant.template))).toEqual([
      [],
      ["NOTE"],
      [],
    ]);
    expect(settings.experiments).toMatchObject({
      autoPromote: true,
      minSendsPerVariant: 50,
      rule: "PROBABILITY",
    });
    expect(settings.audience.excludeTestCheckouts).toBe(false);
    expect(await db.prisma.session.count({ where: { shop: shop.domain, isOnline: false } })).toBe(1);
    // The catalog export asks for unit costs only with read_inventory: the demo shop granted it.
    const session = await db.prisma.session.findFirstOrThrow({
      where: { shop: shop.domain, isOnline: false },
    });
    expect(session.scope?.split(",")).toContain("read_inventory");
    // Two segments test their offer, each with a quarter held out (app/domain/demo/demo-offer-tests.ts).
    const segments = await db.prisma.segment.findMany({
      where: { shop: shop.domain },
      orderBy: { position: "asc" },
    });
    expect(
      segments.map((segment) => {
        const strategy = JSON.parse(segment.strategy) as {
          offerArms?: string[];
          holdoutPercent: number;
          steps: Array<{ sendWindowHours: number; variants: unknown[] }>;
        };
        return [
          segment.name,
          strategy.offerArms ?? [],
          strategy.holdoutPercent,
          strategy.steps.map((step) => `${step.sendWindowHours}h/${step.variants.length}`),
        ];
      }),
    ).toEqual([
      // Every segment's step 2 has the send window; only "Everyone else" (the settings) has the experiment.
      ["Returning, high-value: no discount", [], 25, ["0h/0", "6h/0", "0h/0"]],
      [
        "First-time, cart over the shop's median: offer from step 2",
        ["NO_DISCOUNT", "TIER_DISCOUNT", "FREE_SHIPPING"],
        25,
        ["0h/0", "6h/0", "0h/0"],
      ],
      ["Returning customers", ["NO_DISCOUNT", "TIER_DISCOUNT"], 25, ["0h/0", "6h/0", "0h/0"]],
    ]);
  });
});
