import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { localDateOf } from "~/domain/analytics";
import { experimentKeyOf } from "~/domain/sequences";
import { getShopSettings, saveShopSettings } from "~/domain/shops";
import { adminRequest, forgedAdminRequest } from "../../test/helpers/admin";
import { seedDiscountCode, seedEnrollments, type EnrollmentSeed } from "../../test/helpers/recovery-seed";
import { callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { TEST_APP_URL } from "../../test/helpers/webhooks";
import { loader } from "./app._index";

const at = (iso: string) => new Date(`${iso}Z`);
const DAY_MS = 86_400_000;

const home = async (query = "", shop = SHOP_A) => {
  const response = await callLoader(loader, await adminRequest(`/app${query}`, { shop }));
  expect(response.status).toBe(200);
  return response.json();
};

/**
 * March 2026 in New York (UTC-5 until 8 March, UTC-4 after), with rows just outside the shop's days that a
 * UTC month would count. Times are UTC.
 *
 *   c1  anchor 03-01 03:00 (28 Feb, 22:00 in New York)          outside
 *   c2  anchor 03-01 06:00  email 1 (A) clicked, email 2        order 03-03 by email, 123.45, code worth 12.34
 *   c3  anchor 03-10        email 1 (B)
 * Email 1 runs a content experiment (A and B, the same in both shops, so the same key); c2 is held for the
 * shopper's best hour, c3 sent at the delay (send-time optimisation's control).
 *   c4  anchor 03-15        held out                            order 03-16 on its own, 50.00
 *   c5  anchor 03-20        skipped: not subscribed
 *   c6  anchor 04-01 03:00 (31 Mar, 23:00 in New York)          email 1 clicked (31 Mar, 23:30)
 *   c7  anchor 04-01 05:00 (1 Apr in New York)                  outside
 */
let seeded = 0;

/** Email 1 gets a variant B: the shop's content experiment, whose key the seeded sends carry. */
async function startExperiment(shop: string): Promise<string> {
  const settings = await getShopSettings(shop);
  const [first, ...rest] = settings.steps;
  if (!first) throw new Error("no step");
  const step = { ...first, variants: [{ ...first, subject: "Still thinking?" }] };
  await saveShopSettings(shop, { ...settings, steps: [step, ...rest] });
  return experimentKeyOf("default", 1, step) as string;
}

async function seedNewYorkMarch(shop: string, experimentKey: string | null = null) {
  seeded += 1;
  const seeds: EnrollmentSeed[] = [
    { anchorAt: at("2026-03-01T03:00:00"), sends: [{ step: 1, sentAt: at("2026-03-01T03:30:00") }] },
    {
      status: "STOPPED",
      reason: "ORDERED",
      anchorAt: at("2026-03-01T06:00:00"),
      sends: [
        {
          step: 1,
          sentAt: at("2026-03-01T07:00:00"),
          subjectVariant: "A",
          experimentKey,
          clickedAt: at("2026-03-01T08:00:00"),
        },
        { step: 2, sentAt: at("2026-03-02T07:00:00") },
      ],
      sendTimeArm: "OPTIMISED",
      recovered: {
        at: at("2026-03-03T10:00:00"),
        byEmail: true,
        method: "DISCOUNT_CODE",
        minor: 12_345,
        // As attribution records it with the code's use below.
        discountMinor: 1_234,
      },
    },
    {
      status: "COMPLETED",
      anchorAt: at("2026-03-10T12:00:00"),
      sendTimeArm: "CONTROL",
      sends: [{ step: 1, sentAt: at("2026-03-10T13:00:00"), subjectVariant: "B", experimentKey }],
    },
    {
      arm: "HOLDOUT",
      anchorAt: at("2026-03-15T12:00:00"),
      recovered: { at: at("2026-03-16T12:00:00"), byEmail: false, method: "EMAIL_WINDOW", minor: 5_000 },
    },
    { status: "SKIPPED", reason: "NOT_SUBSCRIBED", anchorAt: at("2026-03-20T12:00:00") },
    {
      anchorAt: at("2026-04-01T03:00:00"),
      sends: [{ step: 1, sentAt: at("2026-04-01T03:30:00"), clickedAt: at("2026-04-01T03:40:00") }],
    },
    { anchorAt: at("2026-04-01T05:00:00"), sends: [{ step: 1, sentAt: at("2026-04-01T06:00:00") }] },
  ];
  const rows = await seedEnrollments(shop, seeds);
  await seedDiscountCode(shop, rows[1]?.id ?? "", {
    code: `CB-C2-${seeded}`,
    used: { orderId: `order-c2-${seeded}`, at: at("2026-03-03T10:00:00"), discountMinor: 1_234 },
  });
}

const MARCH = "?from=2026-03-01&to=2026-03-31";

describe("GET /app (the app home)", () => {
  it("answers with the figures of the requested period in the shop's time zone, and only that shop's", async () => {
    await installTestShop(SHOP_A, { name: "Shop A", currency: "EUR", timezone: "America/New_York" });
    await installTestShop(SHOP_B, { name: "Shop B", currency: "USD", timezone: "America/New_York" });
    const experimentKey = await startExperiment(SHOP_A);
    expect(await startExperiment(SHOP_B)).toBe(experimentKey);
    await seedNewYorkMarch(SHOP_A, experimentKey);
    // Shop B has twice as much of everything on the same days: any leak would change A's counts.
    await seedNewYorkMarch(SHOP_B, experimentKey);
    await seedNewYorkMarch(SHOP_B, experimentKey);

    const body = await home(MARCH);

    expect(body.shop).toEqual({
      domain: SHOP_A,
      name: "Shop A",
      currency: "EUR",
      timezone: "America/New_York",
    });
    expect(body.period).toEqual({
      selection: "custom",
      firstDate: "2026-03-01",
      lastDate: "2026-03-31",
      dayCount: 31,
      // New York midnight on 1 March (UTC-5) and on 1 April (UTC-4, after the clocks changed).
      from: "2026-03-01T05:00:00.000Z",
      to: "2026-04-01T04:00:00.000Z",
      timeZone: "America/New_York",
    });
    expect(body.periodNotice).toBeNull();
    expect(body.figures.checkouts).toEqual({
      abandoned: 5,
      enrolled: 3,
      heldOut: 1,
      skipped: 1,
      skippedByReason: { NOT_SUBSCRIBED: 1 },
    });
    expect(body.figures.emails).toMatchObject({ sent: 4, clicked: 2, clickRate: 0.5 });
    expect(body.figures.recovered).toMatchObject({
      orders: 2,
      byEmail: 1,
      onTheirOwn: 1,
      revenueMinor: 12_345,
      onTheirOwnRevenueMinor: 5_000,
    });
    expect(body.figures.recoveryRate).toEqual({ emailed: 3, recoveredByEmail: 1, rate: 1 / 3 });
    expect(body.figures.discounts).toEqual({ used: 1, costMinor: 1_234 });
    expect(body.figures.lift).toMatchObject({
      status: "GROUPS_TOO_SMALL",
      reason: "Each group needs at least 30 checkouts (in the sequence: 3, held out: 1).",
      incrementalRecoveries: null,
    });
    // c2's order came after its second email, which gets the credit.
    expect(body.funnel).toEqual([
      { step: 1, sent: 3, clicked: 2, recovered: 0, revenueMinor: 0, clickRate: 2 / 3, recoveryRate: 0 },
      { step: 2, sent: 1, clicked: 0, recovered: 1, revenueMinor: 12_345, clickRate: 0, recoveryRate: 1 },
    ]);
    // Figures per segment: these checkouts predate segments, so the one row is "Everyone else", the same
    // groups as the lift's, the emails of c2, c3 and c6 (whenever sent), c2's order and its code's discount.
    expect(body.segments).toHaveLength(1);
    expect(body.segments[0]).toMatchObject({
      segmentId: "default",
      name: "Everyone else",
      isDeleted: false,
      checkouts: 4,
      heldOut: 1,
      emailsSent: 4,
      orderRate: 1 / 3,
      orderRevenueMinor: 12_345,
      discountCostMinor: 1_234,
      lift: { status: "GROUPS_TOO_SMALL" },
    });
    // Email 1's experiment, all time: c2's A (clicked, then recovered) and c3's B.
    expect(body.experiments.content.experiments).toHaveLength(1);
    expect(body.experiments.content.experiments[0]).toMatchObject({
      experimentKey,
      segmentName: "Everyone else",
      step: 1,
      variants: [
        { variant: "A", sends: 1, clicks: 1, recoveries: 1, revenueMinor: 12_345 },
        {
          variant: "B",
          sends: 1,
          clicks: 0,
          recoveries: 0,
          revenueMinor: 0,
          content: { subject: "Still thinking?" },
        },
      ],
      verdict: { outcome: "TOO_FEW_SENDS", winner: null },
      standing: null,
      decisions: [],
    });
    // Send time over the period: c2 held for the best hour (clicked, recovered), c3 at the delay.
    expect(body.experiments.sendTime).toMatchObject({
      hasSendTimeEnrollments: true,
      comparison: {
        optimised: { emailed: 1, clicked: 1, recovered: 1 },
        control: { emailed: 1, clicked: 0, recovered: 0 },
        recoveryRateDifference: null,
      },
    });

    expect(body.daily).toHaveLength(31);
    const day = (date: string) => body.daily.find((point: { date: string }) => point.date === date);
    expect(day("2026-03-01")).toEqual({
      date: "2026-03-01",
      abandoned: 1,
      recovered: 0,
      recoveredOnTheirOwn: 0,
      revenueMinor: 0,
    });
    expect(day("2026-03-03")).toMatchObject({ recovered: 1, revenueMinor: 12_345 });
    expect(day("2026-03-16")).toMatchObject({ recoveredOnTheirOwn: 1, revenueMinor: 0 });
    expect(day("2026-03-31")).toMatchObject({ abandoned: 1 });

    const text = JSON.stringify(body);
    expect(text).not.toContain(SHOP_B);
    expect(text).not.toContain("Shop B");
  });

  it("counts the last 7, 30 and 90 days up to today, and 30 without a choice", async () => {
    await installTestShop(SHOP_A, { timezone: "Asia/Tokyo" });
    const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
    await seedEnrollments(SHOP_A, [
      { anchorAt: daysAgo(2) },
      { anchorAt: daysAgo(10) },
      { anchorAt: daysAgo(45) },
      { anchorAt: daysAgo(120) },
    ]);
    const today = localDateOf(new Date(), "Asia/Tokyo");

    const week = await home("?period=7");
    expect(week.period).toMatchObject({ selection: "7", lastDate: today, dayCount: 7 });
    expect(week.daily).toHaveLength(7);
    expect(week.figures.checkouts.abandoned).toBe(1);
    expect((await home("?period=30")).figures.checkouts.abandoned).toBe(2);
    expect((await home("?period=90")).figures.checkouts.abandoned).toBe(3);

    const unchosen = await home();
    expect(unchosen.period).toMatchObject({ selection: "30", lastDate: today, dayCount: 30 });
    expect(unchosen.periodNotice).toBeNull();
    expect(unchosen.figures.checkouts.abandoned).toBe(2);
  });

  it.each([
    ["an unknown period", "?period=365"],
    ["a word", "?period=abc"],
    ["a date that does not exist", "?from=2026-02-30&to=2026-03-05"],
    ["dates in the wrong order", "?from=2026-03-10&to=2026-03-01"],
    ["a range longer than a year", "?from=2026-01-01&to=2027-06-01"],
    ["a start without an end", "?from=2026-03-01"],
    ["custom without dates", "?period=custom"],
    ["a date in another format", "?from=03/01/2026&to=03/31/2026"],
  ])("shows the last 30 days with a notice for %s", async (_label, query) => {
    await installTestShop(SHOP_A);
    await seedEnrollments(SHOP_A, [{ anchorAt: new Date(Date.now() - 3 * DAY_MS) }]);

    const body = await home(query);

    expect(body.period).toMatchObject({ selection: "30", dayCount: 30 });
    expect(body.periodNotice).toMatch(/showing the last 30 days\.$/);
    expect(body.figures.checkouts.abandoned).toBe(1);
  });

  it("says why sending is paused: automatically for bounces, or by the merchant", async () => {
    await installTestShop(SHOP_A);
    const settings = await getShopSettings(SHOP_A);
    await saveShopSettings(SHOP_A, {
      ...settings,
      sending: { status: "PAUSED", pausedReason: "BOUNCE_RATE", pausedAt: "2026-03-04T10:00:00.000Z" },
    });

    const paused = (await home()).sending;

    expect(paused).toMatchObject({
      status: "PAUSED",
      pausedReason: "BOUNCE_RATE",
      pausedAt: "2026-03-04T10:00:00.000Z",
      isAutomatic: true,
      title: "Sending was paused automatically: too many bounces",
    });
    // No email in the last 30 days: the limit that was crossed, not figures that no longer show it.
    expect(paused.explanation).toContain(
      "More than 5% of your recovery emails over 30 days (at least 10) bounced",
    );
    expect(paused.explanation).toContain("resume sending in Settings");

    await saveShopSettings(SHOP_A, {
      ...settings,
      sending: { status: "PAUSED", pausedReason: "MERCHANT", pausedAt: "2026-03-05T10:00:00.000Z" },
    });
    expect((await home()).sending).toMatchObject({
      isAutomatic: false,
      title: "Sending is paused",
      explanation: expect.stringMatching(/^You paused recovery emails\./),
    });

    await saveShopSettings(SHOP_A, settings);
    expect((await home()).sending).toMatchObject({ status: "ACTIVE", explanation: null });
  });

  it("lists the setup steps from the shop's settings and catalog", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await prisma.catalogState.create({ data: { shop: SHOP_B, syncStatus: "COMPLETED", productCount: 40 } });

    const fresh = await home();
    // Tests run with EMAIL_FROM set, so emails would go out with the shop's name; the defaults have tiers.
    expect(fresh.setup.map((step: { id: string; isDone: boolean }) => [step.id, step.isDone])).toEqual([
      ["SENDER", true],
      ["DISCOUNT_TIERS", true],
      ["CATALOG", false],
      // The app cannot see Shopify's own email; the test shop's grant predates write_marketing_events.
      ["SHOPIFY_EMAIL", false],
      ["MARKETING_EVENTS_PERMISSION", false],
    ]);

    const settings = await getShopSettings(SHOP_A);
    await saveShopSettings(SHOP_A, {
      ...settings,
      tiers: [],
      sender: { ...settings.sender, displayName: "Kyoto Tea" },
    });
    await prisma.catalogState.create({
      data: { shop: SHOP_A, syncStatus: "COMPLETED", productCount: 12, lastSyncedAt: new Date() },
    });

    const configured = await home();
    expect(configured.setup).toEqual([
      {
        id: "SENDER",
        title: "Sender",
        isDone: true,
        detail: "Your display name or reply-to address is set.",
        action: { label: "Open Settings", url: "/app/settings" },
      },
      {
        id: "DISCOUNT_TIERS",
        title: "Discount tiers",
        isDone: false,
        detail: "No tiers: the emails carry no offer. Add tiers if you want one.",
        action: { label: "Open Settings", url: "/app/settings" },
      },
      {
        id: "CATALOG",
        title: "Product catalog",
        isDone: true,
        detail: "12 products synced for recommendations.",
        action: null,
      },
      expect.objectContaining({ id: "SHOPIFY_EMAIL", isDone: false }),
      expect.objectContaining({ id: "MARKETING_EVENTS_PERMISSION", isDone: false }),
    ]);
    expect(configured.catalog).toMatchObject({ status: "COMPLETED", productCount: 12 });
    expect(configured.holdoutPercent).toBe(0);
  });

  it("accepts the document load with id_token in the URL, as Shopify admin opens the app", async () => {
    await installTestShop(SHOP_A);
    const response = await callLoader(loader, await adminRequest("/app", { shop: SHOP_A, type: "document" }));
    expect(response.status).toBe(200);
  });

  it("rejects a request without a session token and returns no shop data", async () => {
    await installTestShop(SHOP_A);

    const response = await callLoader(loader, new Request(`${TEST_APP_URL}/app`));

    expect([302, 401]).toContain(response.status);
    expect(await response.text()).not.toContain("Test Shop");
  });

  it("rejects a token signed with another secret", async () => {
    await installTestShop(SHOP_A);

    const response = await callLoader(loader, await forgedAdminRequest("/app", { shop: SHOP_A }));

    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain("Test Shop");
  });

  it("creates missing settings lazily for an installed shop", async () => {
    await installTestShop(SHOP_A);
    await prisma.shopSettings.deleteMany({ where: { shop: SHOP_A } });

    await home();

    expect(await prisma.shopSettings.count({ where: { shop: SHOP_A } })).toBe(1);
  });
});
