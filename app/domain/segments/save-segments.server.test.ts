import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { defaultShopSettings } from "~/domain/shops";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { listSegments } from "./list-segments.server";
import { saveSegments } from "./save-segments.server";
import type { SegmentRule } from "./segment-rules";
import { strategyFromSettings, type SegmentStrategy } from "./segment-strategy";

const NOW = new Date("2026-03-10T12:00:00.000Z");
const LATER = new Date("2026-03-11T12:00:00.000Z");
const STRATEGY: SegmentStrategy = strategyFromSettings(defaultShopSettings("USD"));
const NO_DISCOUNT: SegmentStrategy = { ...STRATEGY, tiers: [] };

const highValue: SegmentRule = {
  match: "ALL",
  conditions: [{ kind: "VALUE_TIER", tiers: ["HIGH"], negate: false }],
};
const french: SegmentRule = {
  match: "ANY",
  conditions: [{ kind: "COUNTRY", address: "SHIPPING", codes: ["FR", "BE"], negate: false }],
};

async function saved(shop: string, input: unknown, now = NOW) {
  const result = await saveSegments(shop, input, { now });
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.segments;
}

const versionsOf = (shop: string, segmentId: string) =>
  prisma.sequenceVersion.findMany({
    where: { shop, segmentId },
    orderBy: { number: "asc" },
    select: { number: true },
  });

describe("saveSegments", () => {
  it("saves a new list in order, and reads it back the same after a reload", async () => {
    await installTestShop(SHOP_A);

    const segments = await saved(SHOP_A, [
      { name: "Big spenders", rule: highValue, strategy: NO_DISCOUNT },
      {
        name: "  French  ",
        rule: { ...french, conditions: [{ ...french.conditions[0], codes: ["fr", " be"] }] },
        strategy: STRATEGY,
      },
    ]);

    expect(segments.map((s) => [s.position, s.name])).toEqual([
      [0, "Big spenders"],
      [1, "French"],
    ]);
    // Codes normalised by the schema: upper case, trimmed.
    expect(segments[1]?.rule).toEqual(french);
    expect(await listSegments(SHOP_A)).toEqual(segments);
    expect(segments[0]?.strategy.tiers).toEqual([]);
  });

  it("reorders, renames and edits in place: the same rows, new positions", async () => {
    await installTestShop(SHOP_A);
    const [a, b] = await saved(SHOP_A, [
      { name: "A", rule: highValue, strategy: NO_DISCOUNT },
      { name: "B", rule: french, strategy: STRATEGY },
    ]);

    const after = await saved(SHOP_A, [
      { id: b?.id, name: "B renamed", rule: french, strategy: STRATEGY },
      { id: a?.id, name: "A", rule: { ...highValue, match: "ANY" }, strategy: NO_DISCOUNT },
    ]);

    expect(after.map((s) => [s.id, s.name, s.position])).toEqual([
      [b?.id, "B renamed", 0],
      [a?.id, "A", 1],
    ]);
    expect(after[1]?.rule.match).toBe("ANY");
    expect(await prisma.segment.count({ where: { shop: SHOP_A } })).toBe(2);
  });

  it("soft-deletes a segment left out of the list: the row stays (old enrolments name it), the list drops it", async () => {
    await installTestShop(SHOP_A);
    const [a, b] = await saved(SHOP_A, [
      { name: "A", rule: highValue, strategy: NO_DISCOUNT },
      { name: "B", rule: french, strategy: STRATEGY },
    ]);

    const after = await saved(SHOP_A, [{ id: b?.id, name: "B", rule: french, strategy: STRATEGY }], LATER);

    expect(after.map((s) => [s.id, s.position])).toEqual([[b?.id, 0]]);
    const row = await prisma.segment.findUniqueOrThrow({ where: { id: a?.id as string } });
    expect(row.deletedAt).toEqual(LATER);
    expect(row.name).toBe("A");
    // A deleted segment's id cannot come back through the editor.
    const revived = await saveSegments(
      SHOP_A,
      [{ id: a?.id, name: "A", rule: highValue, strategy: STRATEGY }],
      {
        now: LATER,
      },
    );
    expect(revived).toEqual({
      ok: false,
      errors: { "segments.0.id": expect.stringContaining("not one of this shop") },
    });
  });

  it("makes a sequence version for a new segment and for a changed strategy, never for a rename or a move", async () => {
    await installTestShop(SHOP_A);
    const [a, b] = await saved(SHOP_A, [
      { name: "A", rule: highValue, strategy: NO_DISCOUNT },
      { name: "B", rule: french, strategy: STRATEGY },
    ]);
    expect(await versionsOf(SHOP_A, a?.id as string)).toEqual([{ number: 1 }]);
    expect(await versionsOf(SHOP_A, b?.id as string)).toEqual([{ number: 1 }]);

    // Renamed, moved, rule changed: the strategy is the same, so no new version.
    await saved(SHOP_A, [
      { id: b?.id, name: "B2", rule: highValue, strategy: STRATEGY },
      { id: a?.id, name: "A2", rule: french, strategy: NO_DISCOUNT },
    ]);
    expect(await versionsOf(SHOP_A, a?.id as string)).toEqual([{ number: 1 }]);

    const slower = { ...NO_DISCOUNT, holdoutPercent: 10 };
    await saved(SHOP_A, [
      { id: b?.id, name: "B2", rule: highValue, strategy: STRATEGY },
      { id: a?.id, name: "A2", rule: french, strategy: slower },
    ]);
    expect(await versionsOf(SHOP_A, a?.id as string)).toEqual([{ number: 1 }, { number: 2 }]);
    expect(await versionsOf(SHOP_A, b?.id as string)).toEqual([{ number: 1 }]);
  });

  it("refuses invalid input with errors keyed by field path, and saves nothing", async () => {
    await installTestShop(SHOP_A);
    const [a] = await saved(SHOP_A, [{ name: "A", rule: highValue, strategy: NO_DISCOUNT }]);
    const before = await prisma.segment.findMany({ where: { shop: SHOP_A } });
    const versionsBefore = await prisma.sequenceVersion.count({ where: { shop: SHOP_A } });

    const result = await saveSegments(
      SHOP_A,
      [
        {
          id: a?.id,
          name: "Renamed, but refused",
          rule: highValue,
          strategy: { ...STRATEGY, holdoutPercent: 10 },
        },
        {
          name: "a",
          rule: {
            match: "ALL",
            conditions: [{ kind: "COUNTRY", address: "SHIPPING", codes: ["FR", "France"] }],
          },
          strategy: { ...STRATEGY, steps: [{ ...STRATEGY.steps[0], delayMinutes: null }] },
        },
        { name: "", rule: { match: "ALL", conditions: [] }, strategy: { ...STRATEGY, holdoutPercent: 80 } },
        { name: "Renamed, BUT refused", rule: french, strategy: STRATEGY },
      ],
      { now: LATER },
    );

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      "segments.1.rule.conditions.0.codes": '"France" must be a two-letter country code',
      "segments.1.strategy.steps.0.delayMinutes": "must be a number",
      "segments.2.name": "is required",
      "segments.2.rule.conditions": "needs at least one condition",
      "segments.2.strategy.holdoutPercent": "must be between 0 and 50",
      "segments.3.name": "is already the name of segment 1",
    });
    expect(await prisma.segment.findMany({ where: { shop: SHOP_A } })).toEqual(before);
    expect(await prisma.sequenceVersion.count({ where: { shop: SHOP_A } })).toBe(versionsBefore);
  });

  it("refuses more than 20 segments as a whole", async () => {
    await installTestShop(SHOP_A);
    const many = Array.from({ length: 21 }, (_, index) => ({
      name: `S${index}`,
      rule: highValue,
      strategy: STRATEGY,
    }));
    expect(await saveSegments(SHOP_A, many, { now: NOW })).toEqual({
      ok: false,
      errors: { segments: "allows at most 20 segments" },
    });
    expect(await prisma.segment.count()).toBe(0);
  });

  it("never touches another shop: its ids are refused, its list and versions stay as they were", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const [theirs] = await saved(SHOP_B, [{ name: "B's", rule: french, strategy: STRATEGY }]);
    const before = await prisma.segment.findMany({ where: { shop: SHOP_B } });

    const stolen = await saveSegments(
      SHOP_A,
      [{ id: theirs?.id, name: "Mine now", rule: highValue, strategy: STRATEGY }],
      {
        now: LATER,
      },
    );
    expect(stolen).toEqual({ ok: false, errors: { "segments.0.id": expect.any(String) } });

    // An empty list for shop A deletes A's segments only.
    await saved(SHOP_A, [{ name: "A", rule: highValue, strategy: STRATEGY }]);
    await saved(SHOP_A, [], LATER);
    expect(await listSegments(SHOP_A)).toEqual([]);
    expect(await prisma.segment.findMany({ where: { shop: SHOP_B } })).toEqual(before);
    expect(await prisma.sequenceVersion.count({ where: { shop: SHOP_B } })).toBe(1);
  });

  it("saves an offer test as a new sequence version, and makes none when the segment is saved again unchanged", async () => {
    await installTestShop(SHOP_A);
    const [a] = await saved(SHOP_A, [{ name: "A", rule: highValue, strategy: STRATEGY }]);
    const id = a?.id as string;
    // Saved before offer tests existed: the stored strategy has no offerArms at all.
    expect(
      JSON.parse((await prisma.segment.findUniqueOrThrow({ where: { id } })).strategy),
    ).not.toHaveProperty("offerArms");

    // The editor posts an empty test for it: the same strategy, no new version.
    await saved(
      SHOP_A,
      [{ id, name: "A", rule: highValue, strategy: { ...STRATEGY, offerArms: [] } }],
      LATER,
    );
    expect(await versionsOf(SHOP_A, id)).toEqual([{ number: 1 }]);

    const testing = { ...STRATEGY, offerArms: ["FREE_SHIPPING", "NO_DISCOUNT"] };
    const [after] = await saved(SHOP_A, [{ id, name: "A", rule: highValue, strategy: testing }], LATER);
    expect(after?.strategy.offerArms).toEqual(["NO_DISCOUNT", "FREE_SHIPPING"]);
    expect(await versionsOf(SHOP_A, id)).toEqual([{ number: 1 }, { number: 2 }]);
    const version = await prisma.sequenceVersion.findFirstOrThrow({
      where: { shop: SHOP_A, segmentId: id, number: 2 },
    });
    expect(JSON.parse(version.data)).toMatchObject({ offerArms: ["NO_DISCOUNT", "FREE_SHIPPING"] });

    // The same offers ticked in another order are the same test; untick them and the test ends, a new version.
    await saved(
      SHOP_A,
      [
        {
          id,
          name: "A",
          rule: highValue,
          strategy: { ...STRATEGY, offerArms: ["NO_DISCOUNT", "FREE_SHIPPING"] },
        },
      ],
      LATER,
    );
    expect(await versionsOf(SHOP_A, id)).toHaveLength(2);
    await saved(SHOP_A, [{ id, name: "A", rule: highValue, strategy: STRATEGY }], LATER);
    expect(await versionsOf(SHOP_A, id)).toHaveLength(3);
  });

  it("refuses an offer test of one offer, or one without discount tiers, at the field", async () => {
    await installTestShop(SHOP_A);
    const result = await saveSegments(
      SHOP_A,
      [
        { name: "One", rule: highValue, strategy: { ...STRATEGY, offerArms: ["TIER_DISCOUNT"] } },
        {
          name: "Bare",
          rule: french,
          strategy: { ...NO_DISCOUNT, offerArms: ["NO_DISCOUNT", "TIER_DISCOUNT"] },
        },
      ],
      { now: NOW },
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        "segments.0.strategy.offerArms": "an offer test needs at least two offers",
        "segments.1.strategy.offerArms": "an offer test needs at least one discount tier",
      },
    });
    expect(await prisma.segment.count()).toBe(0);
  });
});
