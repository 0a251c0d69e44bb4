import { describe, expect, it } from "vitest";
import { judgeSubjectTest, type VariantCounts } from "~/domain/analytics/subject-test";
import {
  describeSubjectVerdict,
  formatAmount,
  formatTimeAgo,
  formatAxisAmount,
  formatDate,
  formatInterval,
  formatRate,
  formatSignedAmount,
} from "./dashboard-format";

const test = (a: VariantCounts, b: VariantCounts) => ({
  variants: { A: a, B: b },
  ...judgeSubjectTest(a, b),
});

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
    // A calendar date stays that date whatever the machine's zone.
    expect(formatDate("2026-03-01")).toBe("Mar 1, 2026");
    expect(formatInterval({ estimate: 12, low: -3, high: 27 }, String, " recoveries")).toBe(
      "12 recoveries (likely between -3 and 27)",
    );
  });

  it("names a winner only with the statistics' verdict, and says what is missing otherwise", () => {
    expect(
      describeSubjectVerdict(
        test({ sends: 400, clicks: 60, recoveries: 40 }, { sends: 400, clicks: 30, recoveries: 12 }),
      ),
    ).toMatchObject({
      badge: "Subject A wins",
      tone: "success",
      text: expect.stringContaining("recoveries per email"),
    });

    expect(
      describeSubjectVerdict(
        test({ sends: 20, clicks: 5, recoveries: 0 }, { sends: 20, clicks: 2, recoveries: 0 }),
      ),
    ).toMatchObject({
      badge: "Too early to tell",
      text: expect.stringMatching(
        /^Each subject needs at least 100 emails.* About [\d,]+ more emails would tell them apart/,
      ),
    });

    expect(
      describeSubjectVerdict(
        test({ sends: 500, clicks: 50, recoveries: 3 }, { sends: 500, clicks: 52, recoveries: 2 }),
      ),
    ).toMatchObject({
      badge: "No clear winner",
      text: expect.stringMatching(
        /^The subjects do about as well on clicks per email so far \(p = 0\.\d{3}\)\./,
      ),
    });

    expect(
      describeSubjectVerdict(
        test({ sends: 0, clicks: 0, recoveries: 0 }, { sends: 7, clicks: 1, recoveries: 0 }),
      ),
    ).toMatchObject({
      badge: "Not compared yet",
      text: "Only subject B was sent in this period, so there is nothing to compare it with.",
    });
  });
});
