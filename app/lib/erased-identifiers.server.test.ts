import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import {
  ERASURE_REASON,
  findErasedIdentifier,
  pruneDeletionTombstones,
  recordErasedIdentifiers,
} from "./erased-identifiers.server";

const SHOP = "shop-a.myshopify.com";
const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date("2026-11-20T12:00:00Z");

describe("tombstones of erased identifiers", () => {
  it("drops a deleted checkout's after a week, past Shopify's retries, and keeps a redacted shopper's", async () => {
    await recordErasedIdentifiers(
      prisma,
      SHOP,
      { checkoutTokens: ["deleted-token"] },
      {
        reason: ERASURE_REASON.DELETED,
        now: T0,
      },
    );
    await recordErasedIdentifiers(
      prisma,
      SHOP,
      { checkoutTokens: ["redacted-token"] },
      {
        reason: ERASURE_REASON.REDACTED,
        now: T0,
      },
    );
    const found = (token: string) => findErasedIdentifier(prisma, SHOP, { checkoutTokens: [token] });

    expect(await pruneDeletionTombstones(new Date(T0.getTime() + 7 * DAY))).toBe(0);
    expect(await found("deleted-token")).toEqual({ kind: "CHECKOUT_TOKEN", reason: "DELETED" });

    expect(await pruneDeletionTombstones(new Date(T0.getTime() + 7 * DAY + 1))).toBe(1);
    expect(await found("deleted-token")).toBeNull();
    expect(await pruneDeletionTombstones(new Date(T0.getTime() + 400 * DAY))).toBe(0);
    expect(await found("redacted-token")).toEqual({ kind: "CHECKOUT_TOKEN", reason: "REDACTED" });
  });
});
