import { describe, expect, it } from "vitest";
import { defaultShopSettings } from "./settings";
import { listSetupSteps, type SetupFacts } from "./setup-steps";

const facts = (overrides: Partial<SetupFacts> = {}): SetupFacts => ({
  sender: defaultShopSettings("USD").sender,
  tierCount: 3,
  hasAppSender: true,
  catalog: { status: "IDLE", productCount: 0, lastSyncedAt: null, isSyncing: false },
  shopifyEmailResolvedAt: null,
  marketingEventsAccess: "GRANTED",
  ...overrides,
});

const stepOf = (id: string, input: SetupFacts) => listSetupSteps(input).find((step) => step.id === id);

describe("setup steps", () => {
  it("counts the sender as set up with the merchant's name or reply-to, or the app's own address", () => {
    expect(stepOf("SENDER", facts({ hasAppSender: false }))).toMatchObject({
      isDone: false,
      detail: expect.stringMatching(/^No sending address is configured/),
    });
    expect(stepOf("SENDER", facts())).toMatchObject({ isDone: true });
    const replyTo = { ...facts().sender, replyTo: "hello@shop.example" };
    expect(stepOf("SENDER", facts({ sender: replyTo, hasAppSender: false }))).toMatchObject({
      isDone: true,
      detail: "Your display name or reply-to address is set.",
    });
  });

  it("needs at least one discount tier", () => {
    expect(stepOf("DISCOUNT_TIERS", facts({ tierCount: 1 }))).toMatchObject({
      isDone: true,
      detail: "1 tier is set.",
    });
    expect(stepOf("DISCOUNT_TIERS", facts({ tierCount: 0 }))?.isDone).toBe(false);
  });

  it("needs a catalog that synced with products, and keeps it done while it syncs again", () => {
    const catalog = (overrides: Partial<SetupFacts["catalog"]>) =>
      stepOf("CATALOG", facts({ catalog: { ...facts().catalog, ...overrides } }));
    expect(catalog({})).toMatchObject({ isDone: false, detail: expect.stringContaining("Sync now") });
    expect(catalog({ status: "RUNNING", isSyncing: true })).toMatchObject({
      isDone: false,
      detail: "The first sync is under way; this takes a few minutes.",
    });
    expect(catalog({ status: "COMPLETED", lastSyncedAt: "2026-11-01T00:00:00Z" })).toMatchObject({
      isDone: false,
      detail: "The last sync found no products, so the emails recommend nothing.",
    });
    expect(catalog({ status: "COMPLETED", productCount: 1250 })).toMatchObject({
      isDone: true,
      detail: "1,250 products synced for recommendations.",
    });
    expect(
      catalog({ status: "RUNNING", isSyncing: true, productCount: 80, lastSyncedAt: "2026-11-01T00:00:00Z" }),
    ).toMatchObject({ isDone: true });
  });

  it("asks the merchant to settle Shopify's own abandoned checkout email, and counts it done once they say so", () => {
    expect(stepOf("SHOPIFY_EMAIL", facts())).toMatchObject({
      isDone: false,
      detail: expect.stringContaining("Marketing > Automations"),
      action: { url: "shopify://admin/marketing/automations" },
      confirm: { url: "/app/setup/SHOPIFY_EMAIL", isConfirmed: false },
    });
    expect(
      stepOf("SHOPIFY_EMAIL", facts({ shopifyEmailResolvedAt: "2026-11-20T08:30:00.000Z" })),
    ).toMatchObject({
      isDone: true,
      confirm: { isConfirmed: true },
    });
  });

  it("asks for the marketing events permission while the grant lacks it or Shopify refuses it", () => {
    expect(stepOf("MARKETING_EVENTS_PERMISSION", facts())).toMatchObject({ isDone: true });
    expect(
      stepOf("MARKETING_EVENTS_PERMISSION", facts({ marketingEventsAccess: "NOT_GRANTED" })),
    ).toMatchObject({
      isDone: false,
      detail: expect.stringContaining("approve the updated permissions"),
    });
    expect(stepOf("MARKETING_EVENTS_PERMISSION", facts({ marketingEventsAccess: "REFUSED" }))).toMatchObject({
      isDone: false,
      detail: expect.stringMatching(/^Shopify refused/),
    });
    expect(stepOf("MARKETING_EVENTS_PERMISSION", facts())?.confirm).toBeUndefined();
  });
});
