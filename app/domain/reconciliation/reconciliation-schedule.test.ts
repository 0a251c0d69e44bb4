import { describe, expect, it } from "vitest";
import { isReconciliationDue, type ScheduleFacts } from "./reconciliation-schedule";

const NOW = new Date("2026-11-20T12:00:00Z");
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const finished = (minutesAgo: number, lastOutcome: string): ScheduleFacts => ({
  leaseUntil: null,
  requestedAt: null,
  lastStartedAt: ago(minutesAgo + 1),
  lastFinishedAt: ago(minutesAgo),
  lastOutcome,
});

describe("isReconciliationDue", () => {
  it("runs a shop that never ran, and one whose run stopped midway", () => {
    expect(isReconciliationDue(null, NOW)).toBe(true);
    expect(isReconciliationDue({ ...finished(1, "OK"), lastFinishedAt: null }, NOW)).toBe(true);
  });

  it("waits an hour after a good run or one that lacked access, ten minutes after a failure", () => {
    expect(isReconciliationDue(finished(59, "OK"), NOW)).toBe(false);
    expect(isReconciliationDue(finished(60, "OK"), NOW)).toBe(true);
    expect(isReconciliationDue(finished(30, "MISSING_ACCESS"), NOW)).toBe(false);
    expect(isReconciliationDue(finished(60, "MISSING_ACCESS"), NOW)).toBe(true);
    expect(isReconciliationDue(finished(9, "FAILED"), NOW)).toBe(false);
    expect(isReconciliationDue(finished(10, "FAILED"), NOW)).toBe(true);
  });

  it("runs at once when the merchant asks, but never while another tick holds the shop", () => {
    expect(isReconciliationDue({ ...finished(1, "OK"), requestedAt: ago(0) }, NOW)).toBe(true);
    expect(isReconciliationDue({ ...finished(1, "OK"), requestedAt: ago(0), leaseUntil: ago(-2) }, NOW)).toBe(
      false,
    );
  });
});
