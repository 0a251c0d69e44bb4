import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import {
  loadSendTimeHistory,
  sendTimeHistoryOf,
  SHOPPER_EVENTS_PER_KIND,
} from "./load-send-time-history.server";

const NOW = new Date("2026-11-20T12:00:00Z");
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const NEW_YORK = { now: NOW, timeZone: "America/New_York" };
const NONE = new Array<number>(24).fill(0);

const newId = () => crypto.randomUUID();
const hours = (events: Record<number, number>) => NONE.map((_, hour) => events[hour] ?? 0);

async function seedCheckout(shop: string, emailHash: string, createdAt: Date, { redacted = false } = {}) {
  await prisma.checkout.create({
    data: {
      shop,
      token: newId(),
      emailHash,
      currency: "USD",
      subtotalMinor: 5_000,
      totalMinor: 5_000,
      lineItems: "[]",
      lineItemCount: 1,
      shopifyCreatedAt: createdAt,
      shopifyUpdatedAt: new Date(createdAt.getTime() + HOUR_MS),
      redactedAt: redacted ? NOW : null,
    },
  });
}

/** A recovery email sent to the address, clicked at `clickedAt` (null: never clicked). */
async function seedSend(shop: string, emailHash: string, sentAt: Date, clickedAt: Date | null) {
  const checkoutId = newId();
  await prisma.recoverySend.create({
    data: {
      shop,
      enrollmentId: newId(),
      checkoutId,
      step: 1,
      emailHash,
      status: "SENT",
      outcome: "SENT",
      idempotencyKey: `${shop}:${checkoutId}:1`,
      sentAt,
      firstClickedAt: clickedAt,
      clickCount: clickedAt ? 1 : 0,
    },
  });
}

function orderRow(
  shop: string,
  emailHash: string | null,
  at: Date,
  { isTest = false, redacted = false } = {},
) {
  return {
    shop,
    orderId: newId(),
    emailHash,
    discountCodes: "[]",
    lines: "[]",
    currency: "USD",
    totalMinor: 5_000,
    subtotalMinor: 5_000,
    presentmentCurrency: "USD",
    presentmentTotalMinor: 5_000,
    isTest,
    redactedAt: redacted ? NOW : null,
    shopifyCreatedAt: at,
  };
}

async function seedOrder(shop: string, emailHash: string | null, at: Date, options = {}) {
  await prisma.order.create({ data: orderRow(shop, emailHash, at, options) });
}

describe("loadSendTimeHistory", () => {
  it("counts a shopper's checkouts, clicks and orders by local hour, in the shop's zone, and no one else's", async () => {
    // 20:05 EST, 20:30 EDT (before New York's clocks went back on 1 November), 12:59 EST.
    await seedCheckout(SHOP_A, "hash-a", new Date("2026-11-10T01:05:00Z"));
    await seedSend(SHOP_A, "hash-a", new Date("2026-10-14T22:00:00Z"), new Date("2026-10-15T00:30:00Z"));
    await seedOrder(SHOP_A, "hash-a", new Date("2026-11-18T17:59:00Z"));
    await seedOrder(SHOP_A, "hash-b", new Date("2026-11-18T14:00:00Z")); // 09:00 EST
    // None of these count for hash-a: another shop, another shopper, a test order, redacted rows, an email
    // never clicked, events over a year old or after now.
    await seedCheckout(SHOP_B, "hash-a", new Date("2026-11-10T01:05:00Z"));
    await seedOrder(SHOP_B, "hash-a", new Date("2026-11-10T01:05:00Z"));
    await seedSend(SHOP_B, "hash-a", new Date("2026-11-10T00:00:00Z"), new Date("2026-11-10T01:05:00Z"));
    await seedCheckout(SHOP_A, "hash-z", new Date("2026-11-10T01:05:00Z"));
    await seedOrder(SHOP_A, "hash-a", new Date("2026-11-10T01:05:00Z"), { isTest: true });
    await seedOrder(SHOP_A, "hash-a", new Date("2026-11-10T01:05:00Z"), { redacted: true });
    await seedCheckout(SHOP_A, "hash-a", new Date("2026-11-10T01:05:00Z"), { redacted: true });
    await seedSend(SHOP_A, "hash-a", new Date("2026-11-10T01:05:00Z"), null);
    await seedOrder(SHOP_A, "hash-a", new Date("2025-11-19T01:05:00Z"));
    await seedCheckout(SHOP_A, "hash-a", new Date("2026-11-21T01:05:00Z"));

    const loaded = await loadSendTimeHistory(SHOP_A, ["hash-a", "hash-b", "hash-c", "hash-a"], NEW_YORK);

    expect(sendTimeHistoryOf(loaded, "hash-a").shopper).toEqual(hours({ 20: 2, 12: 1 }));
    expect(sendTimeHistoryOf(loaded, "hash-b").shopper).toEqual(hours({ 9: 1 }));
    expect(sendTimeHistoryOf(loaded, "hash-c").shopper).toEqual(NONE);
    expect(sendTimeHistoryOf(loaded, null).shopper).toEqual(NONE);
    expect([...loaded.shoppers.keys()].sort()).toEqual(["hash-a", "hash-b"]);
  });

  it("counts the shop's clicks and orders of the last 90 days, not another shop's", async () => {
    await seedSend(SHOP_A, "hash-a", new Date("2026-11-01T12:00:00Z"), new Date("2026-11-01T15:10:00Z")); // 10:10 EST
    await seedSend(SHOP_A, "hash-b", new Date("2026-09-01T12:00:00Z"), new Date("2026-09-01T14:10:00Z")); // 10:10 EDT
    await seedOrder(SHOP_A, "hash-c", new Date("2026-11-19T23:45:00Z")); // 18:45 EST
    await seedOrder(SHOP_A, null, new Date("2026-11-19T23:50:00Z")); // a guest's order counts for the shop
    // Not counted: an email sent 100 days ago, an unclicked one, an old order, a test order, SHOP_B's.
    await seedSend(
      SHOP_A,
      "hash-a",
      new Date(NOW.getTime() - 100 * DAY_MS),
      new Date("2026-11-01T15:10:00Z"),
    );
    await seedSend(SHOP_A, "hash-a", new Date("2026-11-01T12:00:00Z"), null);
    await seedOrder(SHOP_A, "hash-c", new Date(NOW.getTime() - 91 * DAY_MS));
    await seedOrder(SHOP_A, "hash-c", new Date("2026-11-19T23:45:00Z"), { isTest: true });
    await seedSend(SHOP_B, "hash-a", new Date("2026-11-01T12:00:00Z"), new Date("2026-11-01T15:10:00Z"));
    await seedOrder(SHOP_B, "hash-c", new Date("2026-11-19T23:45:00Z"));

    const loaded = await loadSendTimeHistory(SHOP_A, [], NEW_YORK);

    expect(loaded.shop).toEqual(hours({ 10: 2, 18: 2 }));
    expect(loaded.shoppers.size).toBe(0);
    expect(sendTimeHistoryOf(loaded, "hash-a")).toEqual({ shopper: NONE, shop: loaded.shop });
  });

  it("keeps only a shopper's most recent events of each kind", async () => {
    // One order a day at 20:00 in Tokyo (11:00 UTC) for the last 100 days, and five older ones at 09:00.
    const recent = Array.from({ length: SHOPPER_EVENTS_PER_KIND }, (_, index) =>
      orderRow(SHOP_A, "hash-a", new Date(NOW.getTime() - (index + 1) * DAY_MS - HOUR_MS)),
    );
    const older = Array.from({ length: 5 }, (_, index) =>
      orderRow(SHOP_A, "hash-a", new Date(Date.UTC(2026, 4, 1 + index, 0, 0))),
    );
    // Orders after `now` (a clock moved back) neither count nor push recent ones out of the most recent.
    const future = Array.from({ length: 3 }, (_, index) =>
      orderRow(SHOP_A, "hash-a", new Date(Date.UTC(2026, 11, 1 + index, 0, 0))),
    );
    await prisma.order.createMany({ data: [...older, ...recent, ...future] });

    const loaded = await loadSendTimeHistory(SHOP_A, ["hash-a"], { now: NOW, timeZone: "Asia/Tokyo" });

    expect(sendTimeHistoryOf(loaded, "hash-a").shopper).toEqual(hours({ 20: SHOPPER_EVENTS_PER_KIND }));
    // The shop's 90 days: the orders of the last 89 days at 11:00 UTC (the 90th was at 11:00, before 12:00).
    expect(loaded.shop).toEqual(hours({ 20: 89 }));
  });

  it("puts events in local hours to the quarter-hour, in a zone 5:45 off UTC", async () => {
    // Kathmandu is UTC+5:45: 14:15 UTC is 20:00 there, 14:10 UTC is 19:55.
    await seedOrder(SHOP_A, "hash-a", new Date("2026-11-18T14:15:00Z"));
    await seedOrder(SHOP_A, "hash-a", new Date("2026-11-18T14:10:00Z"));

    const loaded = await loadSendTimeHistory(SHOP_A, ["hash-a"], { now: NOW, timeZone: "Asia/Kathmandu" });

    expect(sendTimeHistoryOf(loaded, "hash-a").shopper).toEqual(hours({ 19: 1, 20: 1 }));
  });

  it("reads an unknown time zone as UTC", async () => {
    await seedOrder(SHOP_A, "hash-a", new Date("2026-11-18T14:15:00Z"));

    const loaded = await loadSendTimeHistory(SHOP_A, ["hash-a"], { now: NOW, timeZone: "Mars/Olympus" });

    expect(loaded.shop).toEqual(hours({ 14: 1 }));
  });

  it("reuses the shop's hours for an hour, and reads them again after", async () => {
    await seedOrder(SHOP_A, null, new Date("2026-11-19T23:45:00Z")); // 18:45 EST
    expect((await loadSendTimeHistory(SHOP_A, [], NEW_YORK)).shop).toEqual(hours({ 18: 1 }));
    await seedOrder(SHOP_A, null, new Date("2026-11-20T11:30:00Z")); // 06:30 EST

    expect((await loadSendTimeHistory(SHOP_A, [], NEW_YORK)).shop).toEqual(hours({ 18: 1 }));
    const anHourLater = { ...NEW_YORK, now: new Date(NOW.getTime() + HOUR_MS) };
    expect((await loadSendTimeHistory(SHOP_A, [], anHourLater)).shop).toEqual(hours({ 18: 1, 6: 1 }));
  });
});
