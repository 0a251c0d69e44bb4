import { describe, expect, it } from "vitest";
import {
  expectedMissingCheckouts,
  hasTickStopped,
  listAliveWarnings,
  MIN_CHECKOUTS_FOR_RATE,
  type AliveFacts,
} from "./alive-warnings";

const NOW = new Date("2026-12-04T12:00:00Z");
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

const HEALTHY: AliveFacts = {
  // 336 checkouts in 14 days: one an hour.
  checkouts: { lastAt: hoursAgo(1), countBeforeLast: 336 },
  tickFinishedAt: minutesAgo(1),
  reauth: null,
  reconciliation: { lastOutcome: "OK", lastError: null },
  providerQuotaDeferredAt: null,
  lastEmailAt: minutesAgo(30),
};

describe("expectedMissingCheckouts", () => {
  it("warns once the shop's own rate expects five checkouts in the silence, not before", () => {
    // One an hour: 4 hours of silence expect 4, 5 hours expect 5.
    expect(expectedMissingCheckouts({ lastAt: hoursAgo(4), countBeforeLast: 336 }, NOW)).toBeNull();
    expect(expectedMissingCheckouts({ lastAt: hoursAgo(5), countBeforeLast: 336 }, NOW)).toBe(5);
    expect(expectedMissingCheckouts({ lastAt: hoursAgo(30), countBeforeLast: 336 }, NOW)).toBe(30);
  });

  it("scales with the shop: a busy shop warns within the hour, a slower one after days", () => {
    // 20 an hour: 15 minutes expect 5.
    expect(expectedMissingCheckouts({ lastAt: minutesAgo(15), countBeforeLast: 20 * 336 }, NOW)).toBe(5);
    // Two a day: 2 days expect 4, 3 days expect 6.
    expect(expectedMissingCheckouts({ lastAt: hoursAgo(48), countBeforeLast: 28 }, NOW)).toBeNull();
    expect(expectedMissingCheckouts({ lastAt: hoursAgo(72), countBeforeLast: 28 }, NOW)).toBe(6);
  });

  it("never warns for a new or quiet shop, or one with no checkout yet", () => {
    const fewer = MIN_CHECKOUTS_FOR_RATE - 1;
    expect(expectedMissingCheckouts({ lastAt: hoursAgo(24 * 60), countBeforeLast: fewer }, NOW)).toBeNull();
    expect(expectedMissingCheckouts({ lastAt: null, countBeforeLast: 0 }, NOW)).toBeNull();
  });
});

describe("hasTickStopped", () => {
  it("is false within 15 minutes of the last tick, true after, and true when none ever ran", () => {
    expect(hasTickStopped(minutesAgo(15), NOW)).toBe(false);
    expect(hasTickStopped(minutesAgo(16), NOW)).toBe(true);
    expect(hasTickStopped(null, NOW)).toBe(true);
  });
});

describe("listAliveWarnings", () => {
  it("says nothing when all is well", () => {
    expect(listAliveWarnings(HEALTHY, NOW)).toEqual([]);
  });

  it("lists every problem, the re-authentication first, each with what to do", () => {
    const warnings = listAliveWarnings(
      {
        checkouts: { lastAt: hoursAgo(10), countBeforeLast: 336 },
        tickFinishedAt: hoursAgo(2),
        reauth: { requiredAt: hoursAgo(3), reason: "the offline token could not be refreshed" },
        reconciliation: {
          lastOutcome: "MISSING_ACCESS",
          lastError: "Cartback needs the read_checkouts permission: open Cartback to approve it.",
        },
        providerQuotaDeferredAt: minutesAgo(10),
        lastEmailAt: hoursAgo(3),
      },
      NOW,
    );
    expect(warnings.map((warning) => [warning.id, warning.tone])).toEqual([
      ["REAUTH_REQUIRED", "critical"],
      ["TICKS_STOPPED", "critical"],
      ["CHECKOUTS_STOPPED", "warning"],
      ["PROVIDER_QUOTA_USED_UP", "warning"],
      ["RECONCILIATION_MISSING_ACCESS", "warning"],
    ]);
    const text = (id: string) => warnings.find((warning) => warning.id === id)?.explanation.join(" ");
    expect(warnings[0]?.title).toBe("Cartback can no longer reach your store's Admin API");
    expect(text("REAUTH_REQUIRED")).toContain("the offline token could not be refreshed");
    expect(text("REAUTH_REQUIRED")).toContain("Open Cartback from your Shopify admin");
    expect(text("TICKS_STOPPED")).toMatch(/POST \/jobs\/tick .* SCHEDULER=interval/);
    expect(text("CHECKOUTS_STOPPED")).toContain("about 10 checkouts");
    expect(text("CHECKOUTS_STOPPED")).toMatch(/installed .*webhook subscriptions.*shopifystatus\.com/);
    expect(text("RECONCILIATION_MISSING_ACCESS")).toContain("read_checkouts permission");
  });

  it("says emails wait for the provider's quota while a step was held for it lately and none has gone since", () => {
    const held = { ...HEALTHY, providerQuotaDeferredAt: minutesAgo(20), lastEmailAt: minutesAgo(90) };
    const [warning] = listAliveWarnings(held, NOW);
    expect(warning).toMatchObject({ id: "PROVIDER_QUOTA_USED_UP", tone: "warning" });
    expect(warning?.title).toBe("Recovery emails are waiting: the email provider's sending quota is used up");
    expect(warning?.explanation.join(" ")).toMatch(/not lost.*each once.*raise the provider's plan/);
    // An email sent since: the quota is back. A hold older than two hours: over, or nothing is due.
    expect(listAliveWarnings({ ...held, lastEmailAt: minutesAgo(5) }, NOW)).toEqual([]);
    expect(listAliveWarnings({ ...held, providerQuotaDeferredAt: minutesAgo(121) }, NOW)).toEqual([]);
    expect(listAliveWarnings({ ...held, lastEmailAt: null }, NOW)).toHaveLength(1);
  });

  it("says the tick never ran when there is no heartbeat at all", () => {
    const [warning] = listAliveWarnings({ ...HEALTHY, tickFinishedAt: null }, NOW);
    expect(warning?.title).toBe("Scheduled work has never run: no recovery emails are going out");
  });

  it("does not warn about reconciliation that failed for another reason (it retries on its own)", () => {
    expect(
      listAliveWarnings({ ...HEALTHY, reconciliation: { lastOutcome: "FAILED", lastError: "timeout" } }, NOW),
    ).toEqual([]);
  });
});
