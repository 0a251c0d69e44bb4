import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { defaultShopSettings } from "~/domain/shops";
import { productFacts, storeProducts } from "../../../test/helpers/catalog";
import { seedCheckouts } from "../../../test/helpers/checkouts";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { saveSegments } from "./save-segments.server";
import { countDraftSegments, findMedianSubtotalMinor, getSegmentEditorPage } from "./segment-editor.server";
import { strategyFromSettings } from "./segment-strategy";
import { ensureCurrentVersion } from "./sequence-versions.server";

const NOW = new Date("2026-03-10T12:00:00.000Z");
const DAY_MS = 86_400_000;
const STRATEGY = strategyFromSettings(defaultShopSettings("USD"));
const ago = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

describe("getSegmentEditorPage", () => {
  it("counts the active enrolments still on older versions of each segment, and of the default", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const saved = await saveSegments(
      SHOP_A,
      [
        {
          name: "High",
          rule: { match: "ALL", conditions: [{ kind: "VALUE_TIER", tiers: ["HIGH"] }] },
          strategy: STRATEGY,
        },
      ],
      { now: NOW },
    );
    if (!saved.ok) throw new Error("refused");
    const segmentId = saved.segments[0]?.id as string;
    const v1 = await ensureCurrentVersion(SHOP_A, segmentId, STRATEGY, { now: NOW });
    const v2 = await ensureCurrentVersion(
      SHOP_A,
      segmentId,
      { ...STRATEGY, holdoutPercent: 5 },
      { now: NOW },
    );
    const d1 = await ensureCurrentVersion(SHOP_A, "default", STRATEGY, { now: NOW });
    const d2 = await ensureCurrentVersion(SHOP_A, "default", { ...STRATEGY, tiers: [] }, { now: NOW });
    const seeded = await seedCheckouts(SHOP_A, [
      ...Array.from({ length: 3 }, () => ({ updatedAt: ago(1), enrollment: { status: "ACTIVE" } })),
      { updatedAt: ago(1), enrollment: { status: "COMPLETED" } },
      { updatedAt: ago(1), enrollment: { status: "ACTIVE" } },
      { updatedAt: ago(1), enrollment: { status: "ACTIVE" } },
      { updatedAt: ago(1), enrollment: { status: "ACTIVE" } },
    ]);
    const pin = [v1.id, v1.id, v2.id, v1.id, d1.id, d2.id, d2.id];
    for (const [index, checkout] of seeded.entries())
      await prisma.enrollment.update({
        where: { id: checkout.enrollmentId as string },
        data: { segmentId: index < 4 ? segmentId : "default", sequenceVersionId: pin[index] },
      });
    // Another shop's enrolments on its own versions count for nobody here.
    const theirs = await ensureCurrentVersion(SHOP_B, "default", STRATEGY, { now: NOW });
    await ensureCurrentVersion(SHOP_B, "default", { ...STRATEGY, tiers: [] }, { now: NOW });
    const [other] = await seedCheckouts(SHOP_B, [{ updatedAt: ago(1), enrollment: { status: "ACTIVE" } }]);
    await prisma.enrollment.update({
      where: { id: other?.enrollmentId as string },
      data: { sequenceVersionId: theirs.id },
    });

    const page = await getSegmentEditorPage(SHOP_A, { now: NOW });

    expect(page.versions[segmentId]).toEqual({ current: 2, older: [{ number: 1, active: 2 }] });
    expect(page.versions.default).toEqual({ current: 2, older: [{ number: 1, active: 1 }] });
    expect(page.segments.map((segment) => segment.name)).toEqual(["High"]);
    expect(page.currency).toBe("USD");
    expect(page.defaultStrategy).toEqual(STRATEGY);
  });

  it("lists the shop's catalog values for the pickers, its own only, sorted and deduplicated", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    await storeProducts(SHOP_A, [
      productFacts({
        productId: "1",
        title: "Shirt",
        productType: "Shirts",
        vendor: "Linen Co",
        tags: ["summer", "linen"],
      }),
      productFacts({
        productId: "2",
        title: "Hat",
        productType: "Hats",
        vendor: "Linen Co",
        tags: ["summer"],
      }),
    ]);
    await storeProducts(SHOP_B, [
      productFacts({ productId: "3", title: "Mug", productType: "Mugs", vendor: "Clay" }),
    ]);
    await prisma.product.updateMany({
      where: { shop: SHOP_A, productId: "1" },
      data: { collections: JSON.stringify([{ id: "gid://shopify/Collection/1", title: "Summer sale" }]) },
    });

    const { catalog } = await getSegmentEditorPage(SHOP_A, { now: NOW });

    expect(catalog).toEqual({
      productTypes: ["Hats", "Shirts"],
      vendors: ["Linen Co"],
      tags: ["linen", "summer"],
      collections: ["Summer sale"],
    });
  });

  it("suggests a first-time segment bounded by the median of the last 30 days' subtotals", async () => {
    await installTestShop(SHOP_A);
    await seedCheckouts(SHOP_A, [
      { updatedAt: ago(1), subtotalMinor: 1_000 },
      { updatedAt: ago(2), subtotalMinor: 9_000 },
      { updatedAt: ago(3), subtotalMinor: 4_000 },
      { updatedAt: ago(4), subtotalMinor: 6_000 },
      // Older than 30 days, or deleted: not counted.
      { updatedAt: ago(40), subtotalMinor: 100_000 },
      { updatedAt: ago(2), subtotalMinor: 100_000, deletedAt: ago(1) },
    ]);

    expect(await findMedianSubtotalMinor(SHOP_A, NOW)).toBe(5_000);
    const page = await getSegmentEditorPage(SHOP_A, { now: NOW });
    expect(page.suggestions[1]?.rule.conditions[1]).toEqual({
      kind: "CART_SUBTOTAL",
      comparison: "AT_LEAST",
      amountMinor: 5_000,
      negate: false,
    });
    expect(await findMedianSubtotalMinor(SHOP_B, NOW)).toBeNull();
  });

  it("counts an unsaved list, leaving a segment whose conditions are incomplete uncounted", async () => {
    await installTestShop(SHOP_A);
    await seedCheckouts(SHOP_A, [
      { updatedAt: ago(1), subtotalMinor: 20_000 },
      { updatedAt: ago(2), subtotalMinor: 1_000 },
      { updatedAt: ago(3), subtotalMinor: 30_000 },
    ]);

    const counted = await countDraftSegments(
      SHOP_A,
      [
        {
          key: "big",
          name: "Big",
          rule: {
            match: "ALL",
            conditions: [{ kind: "CART_SUBTOTAL", comparison: "AT_LEAST", amountMinor: 10_000 }],
          },
        },
        {
          key: "typing",
          name: "Typing",
          rule: { match: "ALL", conditions: [{ kind: "COUNTRY", address: "SHIPPING", codes: [] }] },
        },
      ],
      { now: NOW },
    );

    expect(counted).toEqual({
      checkouts: 3,
      bySegment: [
        { key: "big", count: 2 },
        { key: "typing", count: null },
      ],
      defaultCount: 1,
    });
  });
});
