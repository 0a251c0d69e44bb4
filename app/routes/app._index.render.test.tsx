import { describe, expect, it } from "vitest";
import { formatPoints } from "~/components/dashboard-format";
import type { DashboardPageData } from "~/components/dashboard-page";
import { CHECKOUTS_CHART_HEIGHT, REVENUE_CHART_HEIGHT } from "~/components/dashboard-trend";
import { computeLift, type ArmTotals } from "~/domain/analytics";
import {
  compareSendTimes,
  describeExperimentRule,
  judgeContentExperiment,
  variantFigures,
  type ContentExperimentFigures,
  type ExperimentCards,
  type ExperimentDecisionView,
  type VariantCounts,
} from "~/domain/experiments";
import type { ContentVariant } from "~/domain/messages";
import { judgeReputation } from "~/domain/sending";
import { describeSendingStatus, ExperimentRuleSchema, type StepVariant } from "~/domain/shops";
import { renderHome, textOf } from "../../test/helpers/render-home";
import { groupSums, segmentFigures } from "../../test/helpers/segment-figures";

const headingLevels = (html: string) => [...html.matchAll(/<h([1-6])\b/g)].map((match) => Number(match[1]));

const arm = (enrollments: number, revenues: number[]): ArmTotals => ({
  enrollments,
  recovered: revenues.length,
  revenueMinor: revenues.reduce((sum, value) => sum + value, 0),
  revenueSumOfSquares: revenues.reduce((sum, value) => sum + value * value, 0),
});

const RULE = ExperimentRuleSchema.parse({});

/** An experiment as the loader gives it, from each variant's content and counts (revenue: 80.00 an order). */
function experiment(
  {
    segmentName,
    step,
    decisions = [],
  }: { segmentName: string; step: number; decisions?: ExperimentDecisionView[] },
  variants: Array<[ContentVariant, StepVariant, Omit<VariantCounts, "revenueMinor" | "revenueSumOfSquares">]>,
): ContentExperimentFigures {
  const figures = variants.map(([name, content, counts]) =>
    variantFigures(name, content, {
      ...counts,
      revenueMinor: counts.recoveries * 8_000,
      revenueSumOfSquares: counts.recoveries * 8_000 ** 2,
    }),
  );
  return {
    experimentKey: `x-${segmentName}-${step}`,
    segmentId: segmentName === "Everyone else" ? "default" : "seg-returning",
    segmentName,
    step,
    variants: figures,
    verdict: judgeContentExperiment(figures, RULE),
    standing: decisions.find((decision) => decision.reversedAt === null) ?? null,
    decisions,
    isOpenToAutoPromotion: decisions.length === 0,
  };
}

const content = (subject: string, more: Partial<StepVariant> = {}): StepVariant => ({
  subject,
  template: "PRODUCT",
  tone: "FRIENDLY",
  offer: false,
  ...more,
});

function busyExperiments(): ExperimentCards {
  return {
    content: {
      rule: RULE,
      ruleSentence: describeExperimentRule(RULE),
      experiments: [
        // B is clearly ahead and meets the rule; the tick has not promoted it yet.
        experiment({ segmentName: "Returning customers", step: 1 }, [
          ["A", content("You left something behind"), { sends: 3_000, clicks: 450, recoveries: 96 }],
          [
            "B",
            content("<b>Still</b> thinking it over?", { template: "NOTE", tone: "DIRECT", offer: true }),
            { sends: 3_000, clicks: 510, recoveries: 150 },
          ],
        ]),
        // Decided: B promoted by the rule after the merchant's own choice of C was undone.
        experiment(
          {
            segmentName: "Everyone else",
            step: 2,
            decisions: [
              {
                id: "decision-2",
                winner: "B",
                decidedBy: "AUTO",
                decidedAt: "2026-11-20T09:00:00.000Z",
                reversedAt: null,
              },
              {
                id: "decision-1",
                winner: "C",
                decidedBy: "MERCHANT",
                decidedAt: "2026-11-10T09:00:00.000Z",
                reversedAt: "2026-11-12T16:30:00.000Z",
              },
            ],
          },
          [
            ["A", content("Your cart is waiting"), { sends: 900, clicks: 90, recoveries: 18 }],
            [
              "B",
              content("A little something for you", { offer: true }),
              { sends: 910, clicks: 120, recoveries: 46 },
            ],
            ["C", content("Still yours", { tone: "DIRECT" }), { sends: 890, clicks: 95, recoveries: 20 }],
          ],
        ),
      ],
    },
    sendTime: {
      hasSendTimeEnrollments: true,
      comparison: compareSendTimes(
        { emailed: 600, clicked: 90, recovered: 48 },
        { emailed: 150, clicked: 15, recovered: 6 },
      ),
    },
  };
}

// 24 of 412 emails bounced in the last 30 days: 5.8%, past the pause level.
const BOUNCING = judgeReputation({ sent: 412, bounced: 24, complained: 0 });
const CLEAN = judgeReputation({ sent: 412, bounced: 1, complained: 0 });

const CHECKED_AT = "2026-11-30T15:00:00.000Z";
const HEALTHY: DashboardPageData["alive"] = {
  checkedAt: CHECKED_AT,
  lastCheckoutAt: "2026-11-30T14:48:00.000Z",
  lastTickAt: "2026-11-30T14:59:20.000Z",
  lastEmailAt: "2026-11-30T12:10:00.000Z",
  reconciliation: {
    lastFinishedAt: "2026-11-30T14:30:00.000Z",
    lastOutcome: "OK",
    lastError: null,
    lastSeen: 40,
    lastFound: 3,
    totalFound: 12,
    isCheckPending: false,
  },
  warnings: [],
};

function busyMonth(): DashboardPageData {
  return {
    shop: { domain: "shop-a.myshopify.com", name: "Shop A", currency: "EUR", timezone: "Europe/Paris" },
    period: {
      selection: "30",
      firstDate: "2026-11-01",
      lastDate: "2026-11-30",
      dayCount: 30,
      from: "2026-10-31T23:00:00.000Z",
      to: "2026-11-30T23:00:00.000Z",
      timeZone: "Europe/Paris",
    },
    periodNotice: null,
    sending: describeSendingStatus(
      { status: "PAUSED", pausedReason: "BOUNCE_RATE", pausedAt: "2026-11-20T09:15:00.000Z" },
      BOUNCING,
    ),
    holdoutPercent: 10,
    setup: [
      { id: "SENDER", title: "Sender", isDone: true, detail: "Your display name is set.", action: null },
      {
        id: "DISCOUNT_TIERS",
        title: "Discount tiers",
        isDone: false,
        detail: "No tiers: the emails carry no offer.",
        action: { label: "Open Settings", url: "/app/settings" },
      },
      { id: "CATALOG", title: "Product catalog", isDone: true, detail: "12 products synced.", action: null },
    ],
    figures: {
      currency: "EUR",
      checkouts: { abandoned: 1200, enrolled: 800, heldOut: 90, skipped: 310, skippedByReason: {} },
      emails: { sent: 1500, clicked: 500, clickRate: 1 / 3, byStep: [] },
      recovered: {
        orders: 150,
        byEmail: 96,
        onTheirOwn: 54,
        revenueMinor: 123_450,
        onTheirOwnRevenueMinor: 50_000,
        byMethod: [],
      },
      recoveryRate: { emailed: 800, recoveredByEmail: 96, rate: 0.12 },
      discounts: { used: 40, costMinor: 9_870 },
      lift: computeLift(arm(800, Array<number>(120).fill(8_000)), arm(90, Array<number>(5).fill(8_000))),
    },
    leakedCodes: { leaked: 3, costMinor: 2_250, used: 40, share: 3 / 40, isCustomerBound: false },
    segments: [
      // An offer test in which no discount clearly earns the most profit per checkout.
      segmentFigures(
        { segmentId: "seg-returning", name: "Returning <VIP> & co", emailsSent: 1_500 },
        groupSums(300, 15, { profitMinor: 3_200 }),
        [
          { arm: "NO_DISCOUNT", totals: groupSums(600, 90, { profitMinor: 3_200 }) },
          {
            arm: "TIER_DISCOUNT",
            totals: groupSums(600, 100, { orderMinor: 7_200, discountMinor: 800, profitMinor: 1_600 }),
          },
        ],
      ),
      segmentFigures(
        { segmentId: "default", name: "Everyone else", emailsSent: 14 },
        groupSums(2, 0),
        groupSums(10, 1, { orderMinor: 3_000 }),
      ),
      segmentFigures(
        { segmentId: "seg-old", name: "Spring promo", isDeleted: true, emailsSent: 3 },
        groupSums(0, 0),
        groupSums(3, 0),
      ),
    ],
    funnel: [
      {
        step: 1,
        sent: 800,
        clicked: 300,
        recovered: 60,
        revenueMinor: 80_000,
        clickRate: 0.375,
        recoveryRate: 0.075,
      },
      {
        step: 2,
        sent: 700,
        clicked: 200,
        recovered: 36,
        revenueMinor: 43_450,
        clickRate: 2 / 7,
        recoveryRate: 36 / 700,
      },
    ],
    experiments: busyExperiments(),
    daily: [
      { date: "2026-11-01", abandoned: 40, recovered: 3, recoveredOnTheirOwn: 2, revenueMinor: 4_000 },
      { date: "2026-11-02", abandoned: 55, recovered: 5, recoveredOnTheirOwn: 1, revenueMinor: 7_500 },
      { date: "2026-11-03", abandoned: 31, recovered: 2, recoveredOnTheirOwn: 0, revenueMinor: 2_000 },
    ],
    catalog: {
      status: "COMPLETED",
      productCount: 12,
      lastSyncedAt: "2026-11-20T08:30:00.000Z",
      error: null,
      isSyncing: false,
      productCosts: { isGranted: true, known: 9 },
    },
    alive: HEALTHY,
  };
}

function quietFirstWeek(): DashboardPageData {
  const busy = busyMonth();
  return {
    ...busy,
    period: { ...busy.period, selection: "7", firstDate: "2026-11-24", dayCount: 7 },
    periodNotice: '"365" is not a period this page offers; showing the last 30 days.',
    sending: describeSendingStatus({ status: "ACTIVE", pausedReason: null, pausedAt: null }, CLEAN),
    holdoutPercent: 0,
    setup: busy.setup.map((step) => ({ ...step, isDone: true })),
    figures: {
      currency: "EUR",
      checkouts: { abandoned: 0, enrolled: 0, heldOut: 0, skipped: 0, skippedByReason: {} },
      emails: { sent: 0, clicked: 0, clickRate: null, byStep: [] },
      recovered: {
        orders: 0,
        byEmail: 0,
        onTheirOwn: 0,
        revenueMinor: 0,
        onTheirOwnRevenueMinor: 0,
        byMethod: [],
      },
      recoveryRate: { emailed: 0, recoveredByEmail: 0, rate: null },
      discounts: { used: 0, costMinor: 0 },
      lift: computeLift(arm(0, []), arm(0, [])),
    },
    leakedCodes: { leaked: 0, costMinor: 0, used: 0, share: null, isCustomerBound: true },
    segments: busy.segments.map((segment) =>
      segmentFigures({ ...segment, emailsSent: 0 }, groupSums(0, 0), groupSums(0, 0)),
    ),
    funnel: [],
    experiments: {
      content: { rule: RULE, ruleSentence: describeExperimentRule(RULE), experiments: [] },
      sendTime: {
        hasSendTimeEnrollments: false,
        comparison: compareSendTimes(
          { emailed: 0, clicked: 0, recovered: 0 },
          { emailed: 0, clicked: 0, recovered: 0 },
        ),
      },
    },
    daily: [],
  };
}

describe("the app home, rendered on the server", () => {
  it("shows the pause, the setup steps, the figures, the lift and the tables", async () => {
    const data = busyMonth();
    expect(data.figures.lift.status).toBe("MEASURED");

    const html = await renderHome(data);
    const text = textOf(html);

    expect(text).toContain("Sending was paused automatically: too many bounces");
    expect(text).toContain("24 of your 412 recovery emails of the last 30 days (5.8%) bounced");
    expect(text).toContain("Paused Nov 20, 2026, 10:15 AM.");
    expect(text).toContain("Shop A · amounts in EUR");
    expect(text).toContain("1 of 3 setup steps left.");
    expect(text).toContain("Nov 1, 2026 – Nov 30, 2026 · 30 days in the shop's time zone (Europe/Paris)");
    // Money in the shop's currency, rates as percentages, each figure with its definition.
    expect(text).toMatch(/Recovered revenue €1,234\.50 Order totals of the orders recovered by email/);
    expect(text).toMatch(/Orders recovered by email 96 /);
    expect(text).toMatch(/Recovery rate 12% 96 of 800 emailed checkouts ordered through an email/);
    expect(text).toMatch(/Discount cost €98\.70 40 codes used/);
    // Next to it, the period's leaked codes, with what to do about them.
    expect(text).toContain(
      "Leaked codes 3 codes leaked €22.50 of discount · 7.5% of the 40 codes used in this period",
    );
    expect(text).toContain("Bind codes to the customer in Settings");
    expect(text).toMatch(
      /Abandoned checkouts 1,200 800 in the sequence \(800 emailed\) · 90 held out · 310 skipped/,
    );
    expect(text).toMatch(/Click rate 33\.3% 500 of 1,500 emails clicked/);
    expect(text).toMatch(/Recovered on their own 54 €500\.00 in orders/);
    // 15% of the emailed group recovered against 5.6% of the held-out group: a lift the interval confirms.
    const lift = data.figures.lift;
    const rates = lift.recoveryRateDifference;
    expect(rates).not.toBeNull();
    expect(text).toContain(
      `Share that ordered: ${formatPoints(rates?.estimate ?? 0)} percentage points (likely between ` +
        `${formatPoints(rates?.low ?? 0)} and ${formatPoints(rates?.high ?? 0)}).`,
    );
    expect(text).toContain(
      `+${Math.round(lift.incrementalRecoveries?.estimate ?? 0)} recoveries added Likely between `,
    );
    expect(text).toContain(
      "In the sequence: 800 checkouts, 120 ordered (15%) · held out: 90 checkouts, 5 ordered (5.6%).",
    );
    // The statistics behind the range are one click away, in plain words on the card itself.
    expect(html).toMatch(/<details>.*How this is measured.*always-valid 95% interval/);
    expect(text).not.toMatch(/rough normal approximation/);
    expect(text).toContain("the emails made a measurable difference");
    expect(text).toContain("10% of new checkouts are held out");
    expect(text).toContain("Email 2 700 200 28.6% 36 5.1% €434.50");
    expect(text).toContain("Checkouts and recoveries per day");
    expect(text).toContain(
      "Nov 1, 2026 – Nov 3, 2026: 126 checkouts abandoned, 10 recovered by email and 3 on their own. " +
        "Most abandoned on Nov 2, 2026 (55). Recovered revenue €135.00, highest on Nov 2, 2026 (€75.00).",
    );
    expect(text).toContain("Product catalog");
    expect(html).toContain('role="alert"');
  });

  it("shows the figures per segment, each segment's lift with its interval or why there is none", async () => {
    const data = busyMonth();
    const html = await renderHome(data);
    const text = textOf(html);

    const rates = data.segments[0]?.lift.recoveryRateDifference;
    expect(rates).toBeTruthy();
    expect(text).toContain("By segment");
    const points = (value: number) => (value * 100).toFixed(1);
    const signed = (value: number) => `${value >= 0 ? "+" : ""}${points(value)}`;
    expect(text).toContain(
      "& co 1,500 300 1,500 15.8% €14,400.00 €800.00 €4,480.00 " +
        `+${points(rates?.estimate ?? 0)} pts (${signed(rates?.low ?? 0)} to +${points(rates?.high ?? 0)})`,
    );
    // A merchant's segment name is text, never markup.
    expect(html).toContain("Returning &lt;VIP&gt; &amp; co");
    expect(text).toContain("Everyone else 12 2 14 10% €30.00 €0.00 €30.00 Too few to tell Too few to tell");
    expect(text).toContain("Spring promo (deleted) 3 0 3 0% €0.00 €0.00 €0.00 No holdout No holdout");
    // In the shop's order: the live segments, Everyone else, then deleted ones.
    expect(text.indexOf("& co 1,500")).toBeLessThan(text.indexOf("Everyone else 12"));
    expect(text.indexOf("Everyone else 12")).toBeLessThan(text.indexOf("Spring promo (deleted)"));

    const quiet = textOf(await renderHome(quietFirstWeek()));
    expect(quiet).toContain("By segment");
    expect(quiet).toContain("No checkout of this period entered a sequence or the holdout.");
    expect(quiet).not.toContain("Offer tests");
  });

  it("shows an offer test against the holdout, and a recommendation with its button once one offer is clearly best", async () => {
    const html = await renderHome(busyMonth());
    const text = textOf(html);

    expect(text).toContain("Offer tests");
    expect(text).toContain("always-valid 95% intervals");
    // Profit per checkout: 90 of 600 ordered at €32 profit against 100 of 600 at €16 after an €8 discount.
    expect(text).toContain("Held out (no email) 300 5% €1.60 — —");
    // The no-discount arm: €3.20 more profit per checkout than the holdout, and in all 60 more orders, no code.
    expect(text).toMatch(
      /No discount 600 15% €4\.80 \+€3\.20 \(\+€[\d.]+ to \+€[\d.]+\) €[\d.]+ Tier discount/,
    );
    expect(text).toMatch(
      /Against held out Orders added Revenue added Discount cost Profit added No discount \+60 \(\+\d+ to \+\d+\) \+€4,800\.00 \([^)]+\) €0\.00 \+€1,920\.00 \([^)]+\)/,
    );
    // The tier arm earns less than it costs: its profit added still holds zero.
    expect(text).toMatch(
      /Tier discount \+70 \([^)]+\) \+€4,800\.00 \([^)]+\) €800\.00 \(€[\d.,]+ to €[\d.,]+\) \+€640\.00 \(-€[\d.,]+ to \+€[\d.,]+\)/,
    );
    expect(text).toMatch(
      /No discount against the tier discount: \+€2\.13 \(\+€0\.53 to \+€3\.7\d\) profit per checkout\./,
    );
    expect(text).toMatch(
      /For Returning <VIP(>|&gt;) & co, no discount earns €2\.13 more profit per checkout than the tier discount \(95% range €[\d.]+ to €[\d.]+\)\./,
    );
    expect(html).toContain('action="/app/offers/apply"');
    expect(html).toContain('name="arm" value="NO_DISCOUNT"');
    expect(html).toContain('name="segmentId" value="seg-returning"');
  });

  it("shows each content experiment's variants with intervals, the verdict, the rule, Promote and the decisions", async () => {
    const data = busyMonth();
    const html = await renderHome(data);
    const text = textOf(html);
    const [open, decided] = data.experiments.content.experiments;

    expect(text).toContain("Experiments");
    expect(text).toContain(
      "Promotes automatically when each variant has 400 emails and the 95% always-valid interval of the " +
        "leader's lead in recoveries per email over each other variant is above zero.",
    );
    // The open experiment: each variant's content, emails and rates with their 95% ranges.
    expect(text).toContain("Returning customers · email 1 Attention B meets the rule");
    expect(text).toMatch(
      /A “You left something behind” Product-led design · friendly tone · no offer 3,000 15\.0% \(13\.8% to 16\.3%\) 3\.2% \(2\.6% to 3\.9%\) €2\.56 \(€[\d.]+ to €[\d.]+\)/,
    );
    expect(text).toMatch(
      /B “<b&gt;Still<\/b&gt; thinking it over\?” Personal note design · direct tone · with the offer 3,000 17\.0% \([\d.%]+ to [\d.%]+\) 5\.0% \([\d.%]+ to [\d.%]+\) €4\.00/,
    );
    // The subject is the merchant's text, never markup.
    expect(html).toContain("&lt;b&gt;Still&lt;/b&gt; thinking it over?");
    expect(open?.verdict.outcome).toBe("WINNER");
    expect(text).toContain(open?.verdict.sentence);
    expect(text).toContain(
      "B meets the rule: it is promoted automatically within the hour, or promote it now.",
    );
    expect(html).toContain('action="/app/experiments"');
    expect(html).toContain(`name="experimentKey" value="${open?.experimentKey}"`);
    expect(html.match(/name="intent" value="promote"/g)).toHaveLength(2);

    // The decided experiment: no Promote, B marked, the decisions newest first in the shop's time zone, Undo.
    expect(text).toContain("Everyone else · email 2 Success B promoted");
    expect(text).toMatch(/B \(promoted\) “A little something for you”/);
    expect(text).toContain(
      "Nov 20, 2026, 10:00 AM: B promoted automatically, by the rule. Undo: draw between the variants again " +
        "Nov 10, 2026, 10:00 AM: C promoted by you; undone Nov 12, 2026, 5:30 PM.",
    );
    expect(html).toContain('name="decisionId" value="decision-2"');
    expect(html).not.toContain('name="decisionId" value="decision-1"');
    expect(decided?.verdict.sentence).toMatch(/^B recovers 5\.1% of emails against A's 2\.0% and C's 2\.2%/);
  });

  it("compares send-time optimisation with its control, with intervals and a sentence", async () => {
    const data = busyMonth();
    const text = textOf(await renderHome(data));
    const { comparison } = data.experiments.sendTime;
    expect(text).toContain("Send time");
    expect(text).toMatch(
      /Held for the best hour 600 90 · 15\.0% \(12\.4% to 18\.1%\) 48 · 8\.0% \([\d.]+% to [\d.]+%\) Sent at the delay \(control\) 150 15 · 10\.0% /,
    );
    expect(text).toMatch(
      /Difference — \+5\.0 pts \(-?[\d.]+ to \+[\d.]+\) \+4\.0 pts \(-[\d.]+ to \+[\d.]+\)/,
    );
    expect(comparison.sentence).toMatch(
      /^Holding for the best hour: \+4\.0 points of recoveries \(95% interval -[\d.]+ to \+[\d.]+\): could be chance so far\.$/,
    );
    expect(text).toContain(comparison.sentence);

    // Checkouts in the groups, none emailed in this period: the card says so.
    const quiet = quietFirstWeek();
    const empty = textOf(
      await renderHome({
        ...quiet,
        experiments: {
          ...quiet.experiments,
          sendTime: { ...quiet.experiments.sendTime, hasSendTimeEnrollments: true },
        },
      }),
    );
    expect(empty).toContain("Send time");
    expect(empty).toContain("No checkout of this period in either group was emailed.");
  });

  it("keeps the charts out of the server render, in slots of their final height", async () => {
    const html = await renderHome(busyMonth());

    const slots = [
      ...html.matchAll(
        /<div style="height:(\d+)px;position:relative" aria-hidden="true" data-chart-slot="">/g,
      ),
    ];
    expect(slots.map((slot) => Number(slot[1]))).toEqual([CHECKOUTS_CHART_HEIGHT, REVENUE_CHART_HEIGHT]);
    expect(html).not.toContain('<svg role="img"');
  });

  it("opens a custom period with its two dates in labelled fields", async () => {
    const busy = busyMonth();
    const html = await renderHome(
      {
        ...busy,
        period: {
          ...busy.period,
          selection: "custom",
          firstDate: "2026-11-03",
          lastDate: "2026-11-09",
          dayCount: 7,
        },
      },
      "/app?from=2026-11-03&to=2026-11-09",
    );

    expect(textOf(html)).toContain("Nov 3, 2026 – Nov 9, 2026 · 7 days");
    for (const [label, value] of [
      ["From", "2026-11-03"],
      ["To", "2026-11-09"],
    ]) {
      const id = new RegExp(`<label [^>]*for="([^"]+)"[^>]*>(?:<[^>]+>)*${label}<`).exec(html)?.[1];
      expect(id, `a label for ${label}`).toBeDefined();
      expect(html).toMatch(new RegExp(`<input id="${id}"[^>]*type="date"[^>]*value="${value}"`));
    }
    expect(html).toMatch(/<button[^>]*type="submit"[^>]*>.*?Apply/);
  });

  it("keeps headings in order under one main heading", async () => {
    for (const data of [busyMonth(), quietFirstWeek()]) {
      const levels = headingLevels(await renderHome(data));
      expect(levels[0]).toBe(1);
      expect(levels.filter((level) => level === 1)).toHaveLength(1);
      levels.forEach((level, index) => {
        if (index > 0) expect(level - (levels[index - 1] ?? 1)).toBeLessThanOrEqual(1);
      });
    }
  });

  it("warns while sending is active when complaints near the pause level, with what to do", async () => {
    const rising = {
      ...quietFirstWeek(),
      sending: describeSendingStatus(
        { status: "ACTIVE", pausedReason: null, pausedAt: null },
        judgeReputation({ sent: 1_500, bounced: 0, complained: 2 }),
      ),
    };
    const text = textOf(await renderHome(rising, "/app"));
    expect(text).toContain("Sending active");
    expect(text).toContain("Spam complaints are rising");
    expect(text).toContain("2 of your 1,500 recovery emails of the last 30 days (0.1%) were marked as spam");
    expect(text).toContain("Review who gets emails");
  });

  it("says plainly when there is nothing yet, and why the URL's period was not used", async () => {
    const text = textOf(await renderHome(quietFirstWeek(), "/app?period=365"));

    expect(text).not.toContain("Sending was paused");
    expect(text).toContain("Sending active");
    expect(text).toContain("Setup complete: sender, discount tiers, product catalog.");
    expect(text).toContain('"365" is not a period this page offers; showing the last 30 days.');
    expect(text).toMatch(/Click rate — No email was sent in this period\./);
    expect(text).toContain("Incremental lift");
    expect(text).toMatch(/Not measured No checkout of this period was held out/);
    expect(text).toContain("The holdout is off");
    expect(text).toContain("No recovery email was sent in this period.");
    expect(text).toContain(
      "No email runs an experiment. Add a variant to an email in Settings or in a segment's sequence to start one.",
    );
    expect(text).toContain(describeExperimentRule(RULE));
    // No checkout was ever in send-time optimisation: no card.
    expect(text).not.toContain("Send time");
  });

  it("says when each kind of work last ran, in words and in the shop's time zone", async () => {
    const text = textOf(await renderHome(quietFirstWeek(), "/app"));
    // Polaris names a badge's tone for screen readers ("Success").
    expect(text).toContain("Is Cartback working? Success Working");
    expect(text).toContain("Last checkout received 12 minutes ago (Nov 30, 2026, 3:48 PM)");
    expect(text).toContain("Last scheduled run just now (Nov 30, 2026, 3:59 PM)");
    expect(text).toContain("Last recovery email sent 2 hours ago (Nov 30, 2026, 1:10 PM)");
    expect(text).toContain(
      "30 minutes ago (Nov 30, 2026, 3:30 PM) Read 40 abandoned checkouts from Shopify; 3 had not come by " +
        "webhook and were added (12 found this way in all).",
    );
    expect(text).toContain("Check now");
    expect(text).not.toContain("Needs attention");
  });

  it("shows what stopped as banners above the status, most serious first", async () => {
    const quiet = quietFirstWeek();
    const html = await renderHome(
      {
        ...quiet,
        alive: {
          ...HEALTHY,
          lastTickAt: null,
          reconciliation: {
            ...HEALTHY.reconciliation,
            lastOutcome: "MISSING_ACCESS",
            lastError: "Cartback needs the read_checkouts permission.",
            isCheckPending: true,
          },
          warnings: [
            {
              id: "REAUTH_REQUIRED",
              tone: "critical",
              title: "Cartback can no longer reach your store's Admin API",
              explanation: ["Open Cartback from your Shopify admin (Apps › Cartback) to reconnect."],
              action: null,
            },
            {
              id: "TICKS_STOPPED",
              tone: "critical",
              title: "Scheduled work has never run: no recovery emails are going out",
              explanation: ["Check the scheduler."],
              action: null,
            },
          ],
        },
      },
      "/app",
    );
    const text = textOf(html);
    expect(text.indexOf("Cartback can no longer reach")).toBeLessThan(
      text.indexOf("Scheduled work has never run"),
    );
    expect(text.indexOf("Scheduled work has never run")).toBeLessThan(text.indexOf("Sending active"));
    expect(text).toMatch(/Is Cartback working\? \w+ Needs attention/);
    expect(text).toContain("Last scheduled run Never");
    expect(text).toContain("No access: Cartback needs the read_checkouts permission.");
    expect(text).toContain("Check requested: it runs with the next scheduled run");
    expect(html).toMatch(/<button[^>]*aria-disabled="true"[^>]*>(?:<[^>]+>)*Check now/);
  });

  it("lets the merchant mark a step the app cannot check as done, and opens Shopify admin links on top", async () => {
    const busy = busyMonth();
    const html = await renderHome({
      ...busy,
      setup: [
        ...busy.setup,
        {
          id: "SHOPIFY_EMAIL",
          title: "Shopify's own abandoned checkout email",
          isDone: false,
          detail: "Turn one of them off.",
          action: { label: "Open Shopify automations", url: "shopify://admin/marketing/automations" },
          confirm: { url: "/app/setup/SHOPIFY_EMAIL", isConfirmed: false },
        },
      ],
    });
    expect(html).toMatch(
      /<form method="post" action="\/app\/setup\/SHOPIFY_EMAIL"><input type="hidden" name="intent" value="done"\/>/,
    );
    expect(textOf(html)).toContain("Turn one of them off. Open Shopify automations Mark as done");
    expect(html).toMatch(
      /<a [^>]*href="shopify:\/\/admin\/marketing\/automations"[^>]*target="_top"|<a [^>]*target="_top"[^>]*href="shopify:\/\/admin\/marketing\/automations"/,
    );
  });
});
