import { describe, expect, it } from "vitest";
import type { DashboardPageData } from "~/components/dashboard-page";
import { LIVE_REPORTS } from "~/domain/analytics";
import { adminRequest } from "../../test/helpers/admin";
import { seedDiscountCode, seedEnrollments, type EnrollmentSeed } from "../../test/helpers/recovery-seed";
import { renderHome, textOf } from "../../test/helpers/render-home";
import { callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A } from "../../test/helpers/shops";
import { loader } from "./app._index";

const at = (iso: string) => new Date(`${iso}Z`);
const WEEK = "?from=2026-03-14&to=2026-03-20";

/**
 * A week (14-20 March, shop in UTC) with every case that can pull two figures apart: an order of the week
 * after emails of the week before (e2), orders after the week from emails of the week (e3, e7), a checkout in
 * the sequence that ordered before its first email (e4) and one still waiting for it (e6).
 */
const WEEK_SEEDS: EnrollmentSeed[] = [
  // e1: emailed, clicked, ordered through the email within the week.
  {
    status: "STOPPED",
    reason: "ORDERED",
    anchorAt: at("2026-03-15T10:00:00"),
    sends: [{ step: 1, sentAt: at("2026-03-15T11:00:00"), clickedAt: at("2026-03-15T12:00:00") }],
    recovered: { at: at("2026-03-16T09:00:00"), byEmail: true, minor: 8_000 },
  },
  // e2: abandoned and emailed the week before, ordered this week.
  {
    status: "STOPPED",
    reason: "ORDERED",
    anchorAt: at("2026-03-10T10:00:00"),
    sends: [
      { step: 1, sentAt: at("2026-03-10T11:00:00") },
      { step: 2, sentAt: at("2026-03-11T11:00:00") },
    ],
    recovered: { at: at("2026-03-15T09:00:00"), byEmail: true, method: "DISCOUNT_CODE", minor: 5_000 },
  },
  // e3 and e7: emailed this week, ordered after it.
  {
    status: "STOPPED",
    reason: "ORDERED",
    anchorAt: at("2026-03-19T10:00:00"),
    sends: [{ step: 1, sentAt: at("2026-03-19T11:00:00") }],
    recovered: { at: at("2026-03-22T09:00:00"), byEmail: true, minor: 6_000 },
  },
  {
    status: "STOPPED",
    reason: "ORDERED",
    anchorAt: at("2026-03-20T08:00:00"),
    sends: [{ step: 1, sentAt: at("2026-03-20T09:00:00") }],
    recovered: { at: at("2026-03-21T09:00:00"), byEmail: true, minor: 7_000 },
  },
  // e4: in the sequence, ordered before its first email was due.
  {
    status: "STOPPED",
    reason: "ORDERED",
    anchorAt: at("2026-03-16T10:00:00"),
    recovered: { at: at("2026-03-16T10:30:00"), byEmail: false, method: "CHECKOUT_TOKEN", minor: 3_000 },
  },
  // e5: both emails, no order.
  {
    status: "COMPLETED",
    anchorAt: at("2026-03-17T10:00:00"),
    sends: [
      { step: 1, sentAt: at("2026-03-17T11:00:00") },
      { step: 2, sentAt: at("2026-03-18T11:00:00"), clickedAt: at("2026-03-18T12:00:00") },
    ],
  },
  // e6: in the sequence, its first email not due before the week ends.
  { anchorAt: at("2026-03-20T22:00:00"), nextStep: 1, dueAt: at("2026-03-21T00:00:00") },
  // Held out: one ordered on its own.
  {
    arm: "HOLDOUT",
    anchorAt: at("2026-03-15T10:00:00"),
    recovered: { at: at("2026-03-17T10:00:00"), byEmail: false, method: "EMAIL_WINDOW", minor: 4_000 },
  },
  { arm: "HOLDOUT", anchorAt: at("2026-03-16T10:00:00") },
  { status: "SKIPPED", reason: "NOT_SUBSCRIBED", anchorAt: at("2026-03-17T10:00:00") },
];

async function renderWeek(): Promise<{ text: string; data: DashboardPageData }> {
  await installTestShop(SHOP_A, { timezone: "UTC", currency: "USD" });
  const rows = await seedEnrollments(SHOP_A, WEEK_SEEDS);
  await seedDiscountCode(SHOP_A, rows[1]!.id, {
    code: "CB-WEEK-2",
    used: { orderId: "order-e2", at: at("2026-03-15T09:00:00"), discountMinor: 500 },
  });
  const response = await callLoader(loader, await adminRequest(`/app${WEEK}`, { shop: SHOP_A }));
  expect(response.status).toBe(200);
  const data = (await response.json()) as DashboardPageData;
  return { text: textOf(await renderHome(data, `/app${WEEK}`)), data };
}

const number = (text: string) => Number(text.replace(/[$,]/g, ""));

/** The numbers a pattern captures everywhere on the page, for each capture group in turn. */
function allOf(text: string, pattern: RegExp): number[] {
  return [...text.matchAll(new RegExp(pattern, "g"))].map((match) => number(match[1] ?? ""));
}

function oneOf(text: string, pattern: RegExp, what: string): number[] {
  const match = pattern.exec(text);
  expect(match, `${what} (${pattern})`).not.toBeNull();
  return match!.slice(1).map(number);
}

/** The Emails by step table's rows: sent, clicked, recovered and revenue per step. */
function stepRows(text: string) {
  const table = text.slice(text.indexOf("Emails by step"), text.indexOf("Subject line tests"));
  return [...table.matchAll(/Email \d+ ([\d,]+) ([\d,]+) \S+ ([\d,]+) \S+ (\$[\d,.]+)/g)].map((match) => ({
    sent: number(match[1]!),
    clicked: number(match[2]!),
    recovered: number(match[3]!),
    revenue: number(match[4]!),
  }));
}

const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);

describe("the app home agrees with itself", () => {
  it("shows one number wherever it names the same group or count", async () => {
    const { text, data } = await renderWeek();

    const [abandoned] = oneOf(text, /Abandoned checkouts ([\d,]+) /, "the abandoned card");
    const [inSequence, emailed, heldOut, skipped] = oneOf(
      text,
      /([\d,]+) in the sequence \(([\d,]+) emailed\) · ([\d,]+) held out · ([\d,]+) skipped/,
      "the abandoned card's groups",
    );
    expect(inSequence! + heldOut! + skipped!).toBe(abandoned);
    expect([abandoned, inSequence, emailed, heldOut, skipped]).toEqual([9, 6, 4, 2, 1]);

    // "Emailed" is one group: checkouts of the period sent at least one email.
    expect(allOf(text, /([\d,]+) emailed/)).toEqual([emailed, emailed]);
    const [converted, rateBase] = oneOf(
      text,
      /Recovery rate (?:[\d.]+%) ([\d,]+) of ([\d,]+) emailed checkouts/,
      "the recovery rate card",
    );
    expect(rateBase).toBe(emailed);
    expect(converted).toBe(3);
    // One figure carries the name "recovery rate"; the lift and the tables name their rates differently.
    expect(text.match(/recovery rate/gi)).toHaveLength(1);

    // The lift compares the same groups as the abandoned card, with every order counted.
    const [liftInSequence, liftInSequenceOrdered, liftHeldOut, liftHeldOutOrdered] = oneOf(
      text,
      /In the sequence: ([\d,]+) checkouts, ([\d,]+) ordered \([\d.]+%\) · held out: ([\d,]+) checkouts, ([\d,]+) ordered/,
      "the lift's groups",
    );
    expect([liftInSequence, liftHeldOut]).toEqual([inSequence, heldOut]);
    expect([liftInSequenceOrdered, liftHeldOutOrdered]).toEqual([4, 1]);
    expect(text).toContain("(in the sequence: 6, held out: 2)");
    // The segments table splits the same two groups: these checkouts predate segments, so all are in
    // "Everyone else", with the lift's orders and a lift too small to tell in the same words.
    const [segmentCheckouts, segmentHeldOut] = oneOf(
      text,
      /Everyone else ([\d,]+) ([\d,]+) [\d,]+ [\d.]+% \S+ \S+ \S+ Too few to tell Too few to tell/,
      "the segments table",
    );
    expect([segmentCheckouts, segmentHeldOut]).toEqual([inSequence! + heldOut!, heldOut]);

    // Orders recovered by email: the card, the days and the steps count the same orders.
    const [byEmail] = oneOf(text, /Orders recovered by email ([\d,]+) /, "the orders card");
    const [revenue] = oneOf(text, /Recovered revenue (\$[\d,.]+) /, "the revenue card");
    const [onTheirOwn] = oneOf(text, /Recovered on their own ([\d,]+) /, "the on-their-own card");
    const [days, daysByEmail, daysOnTheirOwn] = oneOf(
      text,
      /([\d,]+) checkouts abandoned, ([\d,]+) recovered by email and ([\d,]+) on their own/,
      "the daily summary",
    );
    const [daysRevenue] = oneOf(text, /Recovered revenue (\$[\d,.]+), highest/, "the daily revenue");
    const steps = stepRows(text);
    expect(steps.length).toBeGreaterThan(0);
    expect([byEmail, revenue, onTheirOwn]).toEqual([2, 130, 2]);
    expect([days, daysByEmail, daysOnTheirOwn, daysRevenue]).toEqual([
      abandoned,
      byEmail,
      onTheirOwn,
      revenue,
    ]);
    expect(total(steps.map((step) => step.recovered))).toBe(byEmail);
    expect(total(steps.map((step) => step.revenue))).toBe(revenue);
    // The page reads the rollups; the live definition gives the same steps.
    const period = { from: new Date(data.period.from), to: new Date(data.period.to) };
    expect(await LIVE_REPORTS.getStepFunnel(SHOP_A, period)).toEqual(data.funnel);

    // Emails: the cards and the steps count the same sends and clicks.
    const [sent] = oneOf(text, /Emails sent ([\d,]+) /, "the emails card");
    const [clicked, clickedOf] = oneOf(text, /([\d,]+) of ([\d,]+) emails clicked/, "the click rate card");
    expect(clickedOf).toBe(sent);
    expect(total(steps.map((step) => step.sent))).toBe(sent);
    expect(total(steps.map((step) => step.clicked))).toBe(clicked);
  });
});
