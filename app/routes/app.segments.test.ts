import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import type { SegmentEditorPage } from "~/domain/segments";
import {
  newConditionDraft,
  segmentFromDraft,
  segmentToDraft,
  type SegmentDraft,
} from "~/domain/segments/segment-editor-form";
import { adminRequest, forgedAdminRequest } from "../../test/helpers/admin";
import { seedCheckouts } from "../../test/helpers/checkouts";
import { callAction, callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { TEST_APP_URL } from "../../test/helpers/webhooks";
import { runAt } from "~/lib/clock.server";
import { action, loader } from "./app.segments";

const NOW = new Date("2026-03-10T12:00:00.000Z");
const DAY_MS = 86_400_000;

async function loadPage(shop: string): Promise<SegmentEditorPage> {
  const request = await adminRequest("/app/segments", { shop });
  const response = await runAt(NOW, () => callLoader(loader, request));
  expect(response.status).toBe(200);
  return response.json();
}

async function post(shop: string, body: unknown): Promise<Response> {
  const request = await adminRequest("/app/segments", {
    shop,
    init: { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } },
  });
  return runAt(NOW, () => callAction(action, request));
}

/** What the page posts for its drafts: the same conversion the browser runs. */
const saveBody = (drafts: SegmentDraft[], currency = "USD") => ({
  intent: "save",
  segments: drafts.map((draft) => segmentFromDraft(draft, currency)),
});

const draftsOf = (page: SegmentEditorPage) =>
  page.segments.map((segment) => segmentToDraft(segment, page.currency));

describe("GET /app/segments", () => {
  it("answers with the session shop's page: no segments yet, the suggestions, and the default's sequence", async () => {
    await installTestShop(SHOP_A, { currency: "EUR" });
    const page = await loadPage(SHOP_A);
    expect(page.segments).toEqual([]);
    expect(page.currency).toBe("EUR");
    expect(page.suggestions.map((segment) => segment.name)).toEqual([
      "Returning, high-value: no discount",
      "First-time, cart over the shop's median: offer from step 2",
    ]);
    expect(page.defaultStrategy.steps).toHaveLength(3);
  });

  it("refuses a request without a valid session token", async () => {
    await installTestShop(SHOP_A);
    const missing = await callLoader(loader, new Request(`${TEST_APP_URL}/app/segments`));
    expect([302, 401]).toContain(missing.status);
    const forged = await callLoader(loader, await forgedAdminRequest("/app/segments", { shop: SHOP_A }));
    expect(forged.status).toBe(401);
  });
});

describe("POST /app/segments", () => {
  it("saves the suggested segments, shows them on reload, and saves a reorder of the same rows", async () => {
    await installTestShop(SHOP_A);
    const first = await loadPage(SHOP_A);
    const drafts = first.suggestions.map((segment) => segmentToDraft(segment, first.currency));

    const saved = await post(SHOP_A, saveBody(drafts));
    expect(saved.status).toBe(200);
    const reloaded = await loadPage(SHOP_A);
    expect(reloaded.segments.map((segment) => segment.name)).toEqual(first.suggestions.map((s) => s.name));
    expect(reloaded.segments.map((segment) => reloaded.versions[segment.id]?.current)).toEqual([1, 1]);

    const [a, b] = draftsOf(reloaded);
    const moved = await post(SHOP_A, saveBody([b as SegmentDraft, a as SegmentDraft]));
    expect(moved.status).toBe(200);
    const after = await loadPage(SHOP_A);
    expect(after.segments.map((segment) => segment.id)).toEqual([b?.id, a?.id]);
    expect(await prisma.segment.count({ where: { shop: SHOP_A } })).toBe(2);
  });

  it("refuses with 409 a save onto a list another admin changed since the page was loaded, and keeps theirs", async () => {
    await installTestShop(SHOP_A);
    const empty = await loadPage(SHOP_A);
    const drafts = empty.suggestions.map((segment) => segmentToDraft(segment, empty.currency));
    // Two admins open the page; the first saves the suggestions.
    const first = await post(SHOP_A, { ...saveBody(drafts), revision: empty.revision });
    expect(first.status).toBe(200);
    const saved = (await first.json()) as { revision: string };
    expect(saved.revision).not.toBe(empty.revision);

    // The second, still on the empty list, saves only the first suggestion: refused, nothing lost.
    const second = await post(SHOP_A, { ...saveBody(drafts.slice(0, 1)), revision: empty.revision });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({
      ok: false,
      conflict: true,
      errors: { segments: expect.stringContaining("changed by someone else") },
    });
    expect(await prisma.segment.count({ where: { shop: SHOP_A, deletedAt: null } })).toBe(2);

    // After a reload the same change goes through, against the revision the save answered with.
    const reloaded = await loadPage(SHOP_A);
    expect(reloaded.revision).toBe(saved.revision);
    const renamed = draftsOf(reloaded).map((draft) => ({ ...draft, name: `${draft.name} (edited)` }));
    expect((await post(SHOP_A, { ...saveBody(renamed), revision: reloaded.revision })).status).toBe(200);
  });

  it("answers 422 with field errors for invalid input, and saves nothing", async () => {
    await installTestShop(SHOP_A);
    const page = await loadPage(SHOP_A);
    const [draft] = page.suggestions.map((segment) => segmentToDraft(segment, page.currency));
    const country = { ...newConditionDraft("COUNTRY"), codes: "FR, France" };
    const bad: SegmentDraft = {
      ...(draft as SegmentDraft),
      name: "",
      conditions: [country],
      strategy: { ...(draft as SegmentDraft).strategy, holdoutPercent: "many" },
    };

    const response = await post(SHOP_A, saveBody([bad]));

    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      intent: "save",
      ok: false,
      errors: {
        "segments.0.name": "is required",
        "segments.0.rule.conditions.0.codes": '"France" must be a two-letter country code',
        "segments.0.strategy.holdoutPercent": "must be a whole number",
      },
    });
    expect(await prisma.segment.count()).toBe(0);
    expect(await prisma.sequenceVersion.count()).toBe(0);
  });

  it("saves a ticked offer test, and refuses one offer alone with the schema's words at the field", async () => {
    await installTestShop(SHOP_A);
    const page = await loadPage(SHOP_A);
    // The second suggestion has discount tiers; tick one offer, then a second.
    const draft = segmentToDraft(page.suggestions[1]!, page.currency);
    expect(draft.strategy.discount).toBe("TIERS");
    const withArms = (offerArms: SegmentDraft["strategy"]["offerArms"]) => ({
      ...draft,
      strategy: { ...draft.strategy, offerArms },
    });

    const alone = await post(SHOP_A, saveBody([withArms(["TIER_DISCOUNT"])]));
    expect(alone.status).toBe(422);
    expect(await alone.json()).toMatchObject({
      errors: { "segments.0.strategy.offerArms": "an offer test needs at least two offers" },
    });

    const two = await post(SHOP_A, saveBody([withArms(["NO_DISCOUNT", "TIER_DISCOUNT"])]));
    expect(two.status).toBe(200);
    const [stored] = draftsOf(await loadPage(SHOP_A));
    expect(stored?.strategy.offerArms).toEqual(["NO_DISCOUNT", "TIER_DISCOUNT"]);
  });

  it("leaves another shop untouched, and refuses its segment ids", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const pageB = await loadPage(SHOP_B);
    await post(SHOP_B, saveBody(pageB.suggestions.map((segment) => segmentToDraft(segment, "USD"))));
    const before = await prisma.segment.findMany({ where: { shop: SHOP_B }, orderBy: { position: "asc" } });

    // Shop A posts shop B's drafts, ids included.
    const stolen = await post(SHOP_A, saveBody(draftsOf(await loadPage(SHOP_B))));
    expect(stolen.status).toBe(422);
    // And an empty list, which deletes only shop A's segments.
    expect((await post(SHOP_A, { intent: "save", segments: [] })).status).toBe(200);

    expect(await prisma.segment.findMany({ where: { shop: SHOP_B }, orderBy: { position: "asc" } })).toEqual(
      before,
    );
    expect(await prisma.segment.count({ where: { shop: SHOP_A } })).toBe(0);
  });

  it("counts what an unsaved list would have caught in the last 30 days, and changes nothing", async () => {
    await installTestShop(SHOP_A);
    const now = NOW.getTime();
    await seedCheckouts(SHOP_A, [
      { updatedAt: new Date(now - DAY_MS), subtotalMinor: 25_000 },
      { updatedAt: new Date(now - 2 * DAY_MS), subtotalMinor: 2_000 },
    ]);
    await seedCheckouts(SHOP_B, [{ updatedAt: new Date(now - DAY_MS), subtotalMinor: 25_000 }]);
    const big = { ...newConditionDraft("CART_SUBTOTAL"), amount: "100" };

    const response = await post(SHOP_A, {
      intent: "count",
      segments: [
        {
          key: "row-1",
          name: "Big carts",
          rule: segmentFromDraft(
            { ...segmentToDraft((await loadPage(SHOP_A)).suggestions[0]!, "USD"), conditions: [big] },
            "USD",
          ).rule,
        },
      ],
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      intent: "count",
      checkouts: 2,
      bySegment: [{ key: "row-1", count: 1 }],
      defaultCount: 1,
    });
    expect(await prisma.segment.count()).toBe(0);
  });

  it("answers 400 to a body that is not a segment editor request", async () => {
    await installTestShop(SHOP_A);
    expect((await post(SHOP_A, { intent: "drop-tables" })).status).toBe(400);
    expect((await post(SHOP_A, "not json at all")).status).toBe(400);
  });
});
