import { describe, expect, it } from "vitest";
import {
  formatAmount,
  formatTimeAgo,
  formatAxisAmount,
  formatDate,
  formatInterval,
  formatPointsTenths,
  formatRate,
  formatRateTenths,
  formatSignedAmount,
} from "./dashboard-format";

describe("dashboard formatting", () => {
  it("says how long ago an instant was in words, from the loader's now", () => {
    const now = "2026-12-04T12:00:00.000Z";
    expect(formatTimeAgo("2026-12-04T11:59:30.000Z", now)).toBe("just now");
    expect(formatTimeAgo("2026-12-04T11:48:00.000Z", now)).toBe("12 minutes ago");
    expect(formatTimeAgo("2026-12-04T11:00:00.000Z", now)).toBe("1 hour ago");
    expect(formatTimeAgo("2026-12-04T08:59:00.000Z", now)).toBe("3 hours ago");
    expect(formatTimeAgo("2026-12-03T10:00:00.000Z", now)).toBe("yesterday");
    expect(formatTimeAgo("2026-11-20T12:00:00.000Z", now)).toBe("14 days ago");
  });

  it("prints money in the shop's currency from minor units, and rates and dates the same everywhere", () => {
    expect(formatAmount(123_450, "EUR")).toBe("€1,234.50");
    expect(formatAmount(1_200, "JPY")).toBe("¥1,200");
    expect(formatSignedAmount(-1_250, "USD")).toBe("-$12.50");
    expect(formatAxisAmount(1_234_500, "USD")).toBe("$12.3K");
    expect(formatRate(1 / 3)).toBe("33.3%");
    expect(formatRate(null)).toBe("—");
    // Tables of rates and ranges keep one decimal, so 3% and 3.2% line up as 3.0% and 3.2%.
    expect(formatRateTenths(0.03)).toBe("3.0%");
    expect(formatRateTenths(0.0512)).toBe("5.1%");
    expect(formatRateTenths(null)).toBe("—");
    expect(formatPointsTenths(0.06)).toBe("+6.0");
    expect(formatPointsTenths(-0.056)).toBe("-5.6");
    expect(formatPointsTenths(0)).toBe("0.0");
    // A calendar date stays that date whatever the machine's zone.
    expect(formatDate("2026-03-01")).toBe("Mar 1, 2026");
    expect(formatInterval({ estimate: 12, low: -3, high: 27 }, String, " recoveries")).toBe(
      "12 recoveries (likely between -3 and 27)",
    );
  });
});
