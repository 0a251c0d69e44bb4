import type { Dashboard } from "../app/domain/analytics/dashboard";
import type { ExperimentCards } from "../app/domain/experiments";
import { MIN_GROUP_SIZE } from "../app/domain/analytics/lift";
import { recommendOffer, type OfferVersusHoldout } from "../app/domain/analytics/offer-experiment";
import { OFFER_ARM_IN_SENTENCE, OFFER_ARM_LABELS } from "../app/domain/discounts/offer-arms";
import type { SimulationLedger } from "./simulate";
import {
  DEMO_DESIGN_FACTORS,
  DEMO_TIME_ZONE,
  designTruthOf,
  sendTimeTruthOf,
  type DemoDesign,
  type SecondEmail,
  type SegmentTruth,
} from "./world";

/**
 * The demo's closing table: the app's own figures, as the admin home's loader answers them for the simulated
 * month, beside what the simulation itself counted where it can know (it cannot know what the app decided,
 * only what it did: checkouts posted, emails found in the outbox, links clicked, orders placed).
 */

/** The admin home's loader: the dashboard, and the experiments' cards (absent from an app without them). */
export type DashboardData = Dashboard & { experiments?: ExperimentCards };

export interface SummaryRow {
  figure: string;
  dashboard: string;
  simulation: string;
}

const METHOD_LABELS: Record<string, string> = {
  DISCOUNT_CODE: "discount code used",
  CHECKOUT_TOKEN: "same checkout completed",
  CART_TOKEN: "same cart ordered",
  EMAIL_WINDOW: "ordered within the window",
};

const count = (value: number) => value.toLocaleString("en-US");
const percent = (rate: number | null) => (rate === null ? "n/a" : `${(rate * 100).toFixed(1)}%`);

export function summaryRows(data: DashboardData, ledger: SimulationLedger | null): SummaryRow[] {
  const { figures } = data;
  const currency = (minor: number) =>
    new Intl.NumberFormat("en-US", { style: "currency", currency: figures.currency }).format(minor / 100);
  const sim = (value: number | undefined) => (ledger && value !== undefined ? count(value) : "");
  const drawn = figures.checkouts.enrolled + figures.checkouts.heldOut;
  const heldOutShare = drawn > 0 ? figures.checkouts.heldOut / drawn : null;
  const rows: SummaryRow[] = [
    { figure: "Checkouts started", dashboard: "", simulation: sim(ledger?.checkouts) },
    { figure: "Paid in the same session", dashboard: "", simulation: sim(ledger?.completedInSession) },
    {
      figure: "Abandoned with an email",
      dashboard: count(figures.checkouts.abandoned),
      simulation: sim(ledger ? ledger.left - ledger.leftWithoutEmail : undefined),
    },
    { figure: "  in the sequence", dashboard: count(figures.checkouts.enrolled), simulation: "" },
    { figure: "    emailed", dashboard: count(figures.recoveryRate.emailed), simulation: "" },
    // The setting is a chance per checkout, so the share actually drawn is near it, rarely on it.
    {
      figure: `  held out (setting: ${data.holdoutPercent}%)`,
      dashboard: `${count(figures.checkouts.heldOut)} (${percent(heldOutShare)})`,
      simulation: "",
    },
    { figure: "  skipped", dashboard: count(figures.checkouts.skipped), simulation: "" },
  ];
  for (const [reason, skipped] of Object.entries(figures.checkouts.skippedByReason).sort()) {
    rows.push({
      figure: `    ${reason.toLowerCase().replace(/_/g, " ")}`,
      dashboard: count(skipped),
      simulation: "",
    });
  }
  const simulatedEmails = ledger
    ? Object.values(ledger.emailsByStep).reduce((sum, sent) => sum + sent, 0)
    : undefined;
  rows.push({
    figure: "Emails sent",
    dashboard: count(figures.emails.sent),
    simulation: sim(simulatedEmails),
  });
  for (const step of figures.emails.byStep) {
    rows.push({
      figure: `  step ${step.step}`,
      dashboard: count(step.sent),
      simulation: sim(ledger ? (ledger.emailsByStep[step.step] ?? 0) : undefined),
    });
  }
  rows.push(
    {
      figure: "Emails clicked",
      dashboard: `${count(figures.emails.clicked)} (${percent(figures.emails.clickRate)})`,
      simulation: sim(ledger?.clicked),
    },
    { figure: "Unsubscribed", dashboard: "", simulation: sim(ledger?.unsubscribed) },
    { figure: "Orders placed after a click", dashboard: "", simulation: sim(ledger?.ordersAfterClick) },
    { figure: "Orders placed without a click", dashboard: "", simulation: sim(ledger?.ordersOnOwn) },
    { figure: "Recovered orders", dashboard: count(figures.recovered.orders), simulation: "" },
    { figure: "  by email", dashboard: count(figures.recovered.byEmail), simulation: "" },
    { figure: "  on their own", dashboard: count(figures.recovered.onTheirOwn), simulation: "" },
  );
  for (const method of figures.recovered.byMethod) {
    if (method.byEmail + method.onTheirOwn === 0) continue;
    rows.push({
      figure: `  ${METHOD_LABELS[method.method] ?? method.method}`,
      dashboard: `${count(method.byEmail)} by email, ${count(method.onTheirOwn)} on their own`,
      simulation: method.method === "DISCOUNT_CODE" ? sim(ledger?.ordersWithCode) : "",
    });
  }
  const lift = figures.lift;
  rows.push(
    {
      figure: "Recovery rate (emailed cohort)",
      dashboard: `${percent(figures.recoveryRate.rate)} (${count(figures.recoveryRate.recoveredByEmail)}/${count(figures.recoveryRate.emailed)})`,
      simulation: "",
    },
    { figure: "Recovered revenue", dashboard: currency(figures.recovered.revenueMinor), simulation: "" },
    {
      figure: "Discount cost",
      dashboard: `${currency(figures.discounts.costMinor)} (${count(figures.discounts.used)} codes)`,
      simulation: "",
    },
    {
      figure: "Incremental lift",
      dashboard:
        lift.status === "MEASURED" && lift.recoveryRateDifference
          ? `${signed(lift.recoveryRateDifference.estimate * 100)} pts (${signed(lift.recoveryRateDifference.low * 100)} to ${signed(lift.recoveryRateDifference.high * 100)})${lift.isSignificant ? "" : ", not significant"}`
          : "not measured (see below)",
      simulation: "",
    },
  );
  return rows;
}

/** One row of the per-segment table: each cell as printed. */
export interface SegmentSummaryRow {
  segment: string;
  checkouts: string;
  heldOut: string;
  emails: string;
  ordered: string;
  revenue: string;
  discountCost: string;
  lift: string;
}

const SEGMENT_COLUMNS: ReadonlyArray<{ key: keyof SegmentSummaryRow; title: string }> = [
  { key: "segment", title: "Segment" },
  { key: "checkouts", title: "Checkouts" },
  { key: "heldOut", title: "Held out" },
  { key: "emails", title: "Emails" },
  { key: "ordered", title: "Ordered" },
  { key: "revenue", title: "Revenue" },
  { key: "discountCost", title: "Discount cost" },
  { key: "lift", title: "Lift, 95% interval" },
];

/** A lift as the dashboard states it: points with the interval, or in a few words why there is none. */
function liftCell(lift: DashboardData["figures"]["lift"]): string {
  const difference = lift.recoveryRateDifference;
  if (lift.status === "MEASURED" && difference)
    return `${signed(difference.estimate * 100)} pts (${signed(difference.low * 100)} to ${signed(difference.high * 100)})${lift.isSignificant ? "" : ", n.s."}`;
  if (lift.status === "NO_HOLDOUT") return "no holdout";
  return `too few (${count(lift.treatment.enrollments)} vs ${count(lift.holdout.enrollments)})`;
}

/**
 * The dashboard's figures per segment, in the shop's order (its segments, then "Everyone else", then deleted
 * ones that still have checkouts): the period's cohort of each, so its rows add up to the checkouts drawn
 * (in the sequence + held out). "Ordered" is the share of those in the sequence that ordered by any means, the
 * rate the lift compares with the segment's own held-out group.
 */
export function segmentSummaryRows(data: DashboardData): SegmentSummaryRow[] {
  const currency = (minor: number) =>
    new Intl.NumberFormat("en-US", { style: "currency", currency: data.figures.currency }).format(
      minor / 100,
    );
  return data.segments.map((segment) => ({
    segment: segment.isDeleted ? `${segment.name} (deleted)` : segment.name,
    checkouts: count(segment.checkouts),
    heldOut: count(segment.heldOut),
    emails: count(segment.emailsSent),
    ordered: percent(segment.orderRate),
    revenue: currency(segment.orderRevenueMinor),
    discountCost: currency(segment.discountCostMinor),
    lift: liftCell(segment.lift),
  }));
}

/** The per-segment rows as a fixed-width table: names left, figures right, as the closing table. */
export function formatSegmentTable(rows: SegmentSummaryRow[]): string {
  const widths = SEGMENT_COLUMNS.map(({ key, title }) =>
    Math.max(title.length, ...rows.map((row) => row[key].length)),
  );
  const line = (cells: string[]) =>
    `  ${cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[index]!))).join("  ")}`.trimEnd();
  return [
    line(SEGMENT_COLUMNS.map((column) => column.title)),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.map((row) => line(SEGMENT_COLUMNS.map((column) => row[column.key]))),
  ].join("\n");
}

/**
 * Under the segment table: whether its rows add up to the closing table's checkouts in the sequence and held
 * out (they count the same cohort, so they should), and how to read a lift that is not measured.
 */
export function segmentNotes(data: DashboardData): string[] {
  const { enrolled, heldOut } = data.figures.checkouts;
  const rows = data.segments;
  const sum = (pick: (segment: DashboardData["segments"][number]) => number) =>
    rows.reduce((total, segment) => total + pick(segment), 0);
  const notes = [
    sum((segment) => segment.checkouts) === enrolled + heldOut &&
    sum((segment) => segment.heldOut) === heldOut
      ? `The segments' checkouts add up to those in the sequence and held out above (${count(enrolled + heldOut)}, ` +
        `${count(heldOut)} held out): each checkout is in the one segment that matched it.`
      : `The segments' checkouts (${count(sum((segment) => segment.checkouts))}, ` +
        `${count(sum((segment) => segment.heldOut))} held out) differ from those above ` +
        `(${count(enrolled + heldOut)}, ${count(heldOut)} held out).`,
  ];
  if (rows.some((segment) => segment.lift.status === "GROUPS_TOO_SMALL"))
    notes.push(
      `Lift needs at least ${MIN_GROUP_SIZE} checkouts in each group; "too few (a vs b)" is a in the sequence ` +
        "against b held out, so a segment's lift shows once its checkouts build up.",
    );
  return notes;
}

/** Reads a printed per-segment table back into rows (for the demo's test). */
export function parseSegmentTable(text: string): SegmentSummaryRow[] {
  const lines = text.split("\n");
  const header = lines.findIndex((line) => /^\s+Segment\s+Checkouts\s/.test(line));
  if (header < 0) return [];
  const columns = [...(lines[header + 1] ?? "").matchAll(/-+/g)].map((match) => [
    match.index,
    match.index + match[0].length,
  ]);
  if (columns.length !== SEGMENT_COLUMNS.length) return [];
  const rows: SegmentSummaryRow[] = [];
  for (const line of lines.slice(header + 2)) {
    // The notes under the table are indented too, as bullets.
    if (!line.startsWith("  ") || line.startsWith("  * ")) break;
    const row = {} as SegmentSummaryRow;
    SEGMENT_COLUMNS.forEach(({ key }, index) => {
      const [from, to] = columns[index] as [number, number];
      row[key] = line.slice(from, to).trim();
    });
    rows.push(row);
  }
  return rows;
}

/** What the table cannot say in a cell: how the two columns' orders differ, and why lift may be missing. */
export function summaryNotes(data: DashboardData): string[] {
  const notes = [
    "Abandoned: the dashboard counts the checkouts the app knows with an email. One whose webhooks were lost " +
      "is known as reconciliation first read it in Shopify's list, which does not read a known checkout " +
      "again: read before its shopper typed an email, it stays without one, in the simulation's count only.",
    "Orders: the simulation counts what its shoppers did; the dashboard attributes each order by its rules, " +
      "so an order within the attribution window of an email counts as recovered by it, clicked or not, and " +
      "a shopper's order from a later checkout can recover the earlier one. The holdout's lift is the " +
      "figure that separates the two.",
  ];
  if (data.figures.lift.status !== "MEASURED" && data.figures.lift.reason)
    notes.push(`Incremental lift not measured: ${data.figures.lift.reason}`);
  return notes;
}

/**
 * What reconciliation did in the simulated month: the webhooks the simulation dropped on purpose, how many
 * of those checkouts the app found in Shopify's list of abandoned checkouts (its own tick reports), and what
 * their shoppers then did with the recovery emails. Null for a kept demo made before the demo dropped any.
 */
export function reconciliationLine(ledger: SimulationLedger): string | null {
  if (ledger.droppedCheckouts === undefined) return null;
  return (
    `Reconciliation: the webhooks of ${count(ledger.droppedCheckouts)} of the ${count(ledger.checkouts)} ` +
    `checkouts were never sent (every tenth, on purpose); reconciliation found ` +
    `${count(ledger.reconciliationFound)} of them in Shopify's list of abandoned checkouts, and their ` +
    `shoppers clicked ${count(ledger.droppedClicked)} recovery emails and placed ` +
    `${count(ledger.droppedOrdersAfterClick)} orders after a click.`
  );
}

function signed(value: number): string {
  return `${value >= 0 ? "+" : "−"}${Math.abs(value).toFixed(1)}`;
}

/** The rows as a fixed-width table, the form the demo prints and its test reads back. */
export function formatSummaryTable(rows: SummaryRow[]): string {
  const widths = [
    Math.max("Figure".length, ...rows.map((row) => row.figure.length)),
    Math.max("Dashboard".length, ...rows.map((row) => row.dashboard.length)),
    Math.max("Simulation".length, ...rows.map((row) => row.simulation.length)),
  ] as const;
  const line = (a: string, b: string, c: string) =>
    `  ${a.padEnd(widths[0])}  ${b.padStart(widths[1])}  ${c.padStart(widths[2])}`.trimEnd();
  return [
    line("Figure", "Dashboard", "Simulation"),
    line("-".repeat(widths[0]), "-".repeat(widths[1]), "-".repeat(widths[2])),
    ...rows.map((row) => line(row.figure, row.dashboard, row.simulation)),
  ].join("\n");
}

/** Reads a printed table back into rows (for the demo's test). */
export function parseSummaryTable(text: string): SummaryRow[] {
  const lines = text.split("\n");
  const header = lines.findIndex((line) => /^\s+Figure\s+Dashboard\s+Simulation$/.test(line));
  if (header < 0) return [];
  const rule = lines[header + 1] ?? "";
  const columns = [...rule.matchAll(/-+/g)].map((match) => [match.index, match.index + match[0].length]);
  const rows: SummaryRow[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith("  ") || columns.length !== 3) break;
    const cell = (index: number) => line.slice(columns[index]![0], columns[index]![1]).trim();
    rows.push({
      figure: line.slice(columns[0]![0], columns[0]![1]).trimEnd(),
      dashboard: cell(1),
      simulation: cell(2),
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// Offer tests: the dashboard's measured effects beside the world's true ones

/** A column of a fixed-width table: the first is left-aligned, the others right-aligned. */
interface TableColumn<Row> {
  key: keyof Row;
  title: string;
}

const cellOf = <Row>(row: Row, key: keyof Row) => String(row[key]);

function formatTable<Row>(columns: ReadonlyArray<TableColumn<Row>>, rows: readonly Row[]): string {
  const widths = columns.map(({ key, title }) =>
    Math.max(title.length, ...rows.map((row) => cellOf(row, key).length)),
  );
  const line = (cells: string[]) =>
    `  ${cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[index] ?? 0))).join("  ")}`.trimEnd();
  return [
    line(columns.map((column) => column.title)),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.map((row) => line(columns.map((column) => cellOf(row, column.key)))),
  ].join("\n");
}

/** Reads back a table formatTable printed, found by its header line, up to the first line that is not a row. */
function parseTable<Row>(text: string, columns: ReadonlyArray<TableColumn<Row>>): Row[] {
  const lines = text.split("\n");
  const titles = columns.map((column) => column.title).join("|");
  const header = lines.findIndex(
    (line) =>
      line
        .trim()
        .split(/\s{2,}/)
        .join("|") === titles,
  );
  if (header < 0) return [];
  const ranges = [...(lines[header + 1] ?? "").matchAll(/-+/g)].map((match) => [
    match.index,
    match.index + match[0].length,
  ]);
  if (ranges.length !== columns.length) return [];
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith("  ") || line.startsWith("  * ")) break;
    const row: Partial<Record<keyof Row, string>> = {};
    columns.forEach(({ key }, index) => {
      const [from, to] = ranges[index] as [number, number];
      // The first column keeps its indent: an offer's row is indented under its segment's.
      row[key] = index === 0 ? line.slice(from, to).trimEnd() : line.slice(from, to).trim();
    });
    rows.push(row as Row);
  }
  return rows;
}

/** One row of the offer tests table: a segment's name alone, then its held-out group and each offer. */
export interface OfferTestRow {
  group: string;
  checkouts: string;
  ordered: string;
  /** Profit per checkout against the held-out group, with its always-valid 95% interval. */
  measured: string;
  truth: string;
  /** ✓ when the interval holds the true value, ✗ when not, empty when there is no interval. */
  covered: string;
}

const OFFER_TEST_COLUMNS: ReadonlyArray<TableColumn<OfferTestRow>> = [
  { key: "group", title: "Segment and offer" },
  { key: "checkouts", title: "Checkouts" },
  { key: "ordered", title: "Ordered" },
  { key: "measured", title: "Profit per checkout vs held out, 95%" },
  { key: "truth", title: "True" },
  { key: "covered", title: "Covers" },
];

/** One row of the table of what each segment's sequence added over its held-out group. */
export interface AddedOverHoldoutRow {
  segment: string;
  inSequence: string;
  heldOut: string;
  measured: string;
  truth: string;
  covered: string;
  /** The profit added over the whole segment's checkouts in the sequence, and its true value. */
  total: string;
}

const ADDED_COLUMNS: ReadonlyArray<TableColumn<AddedOverHoldoutRow>> = [
  { key: "segment", title: "Segment" },
  { key: "inSequence", title: "In sequence" },
  { key: "heldOut", title: "Held out" },
  { key: "measured", title: "Profit per checkout vs held out, 95%" },
  { key: "truth", title: "True" },
  { key: "covered", title: "Covers" },
  { key: "total", title: "Profit added (true)" },
];

const ARM_TITLES: Record<string, string> = OFFER_ARM_LABELS;
const ARM_IN_SENTENCE: Record<string, string> = OFFER_ARM_IN_SENTENCE;

type Segment = DashboardData["segments"][number];
type Interval = { estimate: number; low: number; high: number };

function moneyFormats(currency: string) {
  const plain = (minor: number) =>
    new Intl.NumberFormat("en-US", { style: "currency", currency }).format(Math.abs(minor) / 100);
  const cents = (minor: number) => Math.round(minor);
  const signedMoney = (minor: number) => `${cents(minor) < 0 ? "−" : "+"}${plain(cents(minor))}`;
  return {
    plain: (minor: number) => `${cents(minor) < 0 ? "−" : ""}${plain(cents(minor))}`,
    signed: signedMoney,
    interval: (interval: Interval) =>
      `${signedMoney(interval.estimate)} (${signedMoney(interval.low)} to ${signedMoney(interval.high)})`,
  };
}

/** Whether a measured interval holds the true value: ✓ or ✗ (compared unrounded, in minor units). */
export const coverMark = (interval: Interval, truth: number) =>
  interval.low <= truth && truth <= interval.high ? "✓" : "✗";

const segmentLabel = (segment: Segment) => (segment.isDeleted ? `${segment.name} (deleted)` : segment.name);
const truthOf = (truths: readonly SegmentTruth[], segment: Segment) =>
  segment.isDeleted ? undefined : truths.find((truth) => truth.segment.name === segment.name);
const ordered = (recovered: number, rate: number | null) => `${count(recovered)} (${percent(rate)})`;

function notMeasured(versus: OfferVersusHoldout, arm: { enrollments: number }, holdout: number): string {
  if (versus.status === "NO_HOLDOUT") return "no holdout";
  return `too few (${count(arm.enrollments)} vs ${count(holdout)})`;
}

/**
 * The offer tests of the period, per segment that has one: its held-out group, then each offer with its
 * profit per checkout against the held-out group (the dashboard's figure and always-valid 95% interval), the
 * world's true value (world.ts) and whether the interval covers it.
 */
export function offerTestRows(data: DashboardData, truths: readonly SegmentTruth[]): OfferTestRow[] {
  const money = moneyFormats(data.figures.currency);
  const rows: OfferTestRow[] = [];
  for (const segment of data.segments) {
    const test = segment.offerTest;
    if (!test) continue;
    const truth = truthOf(truths, segment);
    rows.push({
      group: segmentLabel(segment),
      checkouts: "",
      ordered: "",
      measured: "",
      truth: "",
      covered: "",
    });
    rows.push({
      group: "  held out (no email)",
      checkouts: count(test.holdout.enrollments),
      ordered: ordered(test.holdout.recovered, test.holdout.recoveryRate),
      measured: "",
      truth: "",
      covered: "",
    });
    for (const arm of test.arms) {
      const interval = arm.versusHoldout.profitPerCheckoutDifferenceMinor;
      const trueValue = truth?.arms.find(
        (candidate) => candidate.arm === arm.arm,
      )?.incrementalProfitPerCheckoutMinor;
      rows.push({
        group: `  ${ARM_TITLES[arm.arm] ?? arm.arm}`,
        checkouts: count(arm.group.enrollments),
        ordered: ordered(arm.group.recovered, arm.group.recoveryRate),
        measured: interval
          ? money.interval(interval)
          : notMeasured(arm.versusHoldout, arm.group, test.holdout.enrollments),
        truth: trueValue === undefined ? "n/a" : money.signed(trueValue),
        covered: interval && trueValue !== undefined ? coverMark(interval, trueValue) : "",
      });
    }
  }
  return rows;
}

export const formatOfferTestTable = (rows: readonly OfferTestRow[]) => formatTable(OFFER_TEST_COLUMNS, rows);

/** Reads a printed offer tests table back into rows (for the demo's test). */
export const parseOfferTestTable = (text: string) => parseTable(text, OFFER_TEST_COLUMNS);

/**
 * Per segment, what its sequence (all its offers together) added over its held-out group: the dashboard's
 * addedOverHoldout beside the world's truth.
 */
export function addedOverHoldoutRows(
  data: DashboardData,
  truths: readonly SegmentTruth[],
): AddedOverHoldoutRow[] {
  const money = moneyFormats(data.figures.currency);
  return data.segments.map((segment) => {
    const versus = segment.addedOverHoldout;
    const inSequence = segment.groups.treatment.enrollments;
    const trueValue = truthOf(truths, segment)?.addedOverHoldout.incrementalProfitPerCheckoutMinor;
    const interval = versus.profitPerCheckoutDifferenceMinor;
    const total = versus.incrementalProfitMinor;
    return {
      segment: segmentLabel(segment),
      inSequence: count(inSequence),
      heldOut: count(segment.heldOut),
      measured: interval
        ? money.interval(interval)
        : notMeasured(versus, { enrollments: inSequence }, segment.heldOut),
      truth: trueValue === undefined ? "n/a" : money.signed(trueValue),
      covered: interval && trueValue !== undefined ? coverMark(interval, trueValue) : "",
      total: total
        ? `${money.signed(total.estimate)}${trueValue === undefined ? "" : ` (${money.signed(trueValue * inSequence)})`}`
        : "",
    };
  });
}

export const formatAddedOverHoldoutTable = (rows: readonly AddedOverHoldoutRow[]) =>
  formatTable(ADDED_COLUMNS, rows);

/** Reads a printed table of what each segment added back into rows (for the demo's test). */
export const parseAddedOverHoldoutTable = (text: string) => parseTable(text, ADDED_COLUMNS);

/** Why a test names no offer yet: how big a difference between two offers its checkouts can see now. */
function notClearYet(
  test: NonNullable<Segment["offerTest"]>,
  money: ReturnType<typeof moneyFormats>,
): string {
  const detectable = test.pairs.flatMap((pair) =>
    pair.profitPerCheckoutDifferenceMinor
      ? [pair.profitPerCheckoutDifferenceMinor.minimumDetectableEffect]
      : [],
  );
  if (detectable.length === 0) return "no offer clearly best yet (too few checkouts to compare the offers).";
  return (
    "no offer clearly best yet: with this many checkouts, two offers would have to differ by about " +
    `${money.plain(Math.min(...detectable))} of profit per checkout for the test to tell them apart.`
  );
}

/**
 * Under the offer tests: each test's recommendation (the dashboard's own sentence) or that none is clear
 * yet, how many intervals cover the truth, and what "always-valid" and "true" mean.
 */
export function offerTestNotes(data: DashboardData, truths: readonly SegmentTruth[]): string[] {
  const money = moneyFormats(data.figures.currency);
  const notes: string[] = [];
  for (const segment of data.segments) {
    if (!segment.offerTest) continue;
    const recommendation = recommendOffer(segment.offerTest, {
      segmentName: segment.name,
      armLabel: (arm) => ARM_IN_SENTENCE[arm] ?? arm,
      formatMoney: money.plain,
    });
    notes.push(
      recommendation
        ? recommendation.sentence
        : `${segmentLabel(segment)}: ${notClearYet(segment.offerTest, money)}`,
    );
  }
  const marks = [...offerTestRows(data, truths), ...addedOverHoldoutRows(data, truths)]
    .map((row) => row.covered)
    .filter(Boolean);
  if (marks.length > 0)
    notes.push(
      `${count(marks.filter((mark) => mark === "✓").length)} of the ${count(marks.length)} intervals in the two ` +
        "tables cover the true value.",
    );
  notes.push(
    "Always-valid: each 95% interval holds at every look at once (the chance that it ever misses the true " +
      "value, however often the dashboard is read, is at most 5%), so it is wider than a one-look interval.",
    "True: what the demo's world (demo/world.ts, DEMO_RESPONSE: how each kind of shopper answers each offer, " +
      "with the catalog's costs and the shop's tiers) makes each offer earn per checkout, derived from its " +
      "parameters and, since the hour a second email arrives and its design multiply the answer, the average " +
      "factor of each segment's second emails in this run (segmentFactorsOf), not from what its shoppers did.",
  );
  return notes;
}

// ---------------------------------------------------------------------------------------------------------
// Send time and the content experiment: the dashboard's cards beside the world's truths

/** "23.2% (18.9% to 28.0%)": a rate with its 95% interval. */
const rateCell = (interval: Interval | null) =>
  interval ? `${percent(interval.estimate)} (${percent(interval.low)} to ${percent(interval.high)})` : "n/a";
/** "+2.0 pts (−8.1 to +12.0)": a difference of rates in points with its interval. */
const pointsCell = (interval: Interval) =>
  `${signed(interval.estimate * 100)} pts (${signed(interval.low * 100)} to ${signed(interval.high * 100)})`;
const points = (difference: number) => `${signed(difference * 100)} pts`;

/** One row of the send-time table: a group, or the difference between the two. */
export interface SendTimeRow {
  group: string;
  emailed: string;
  clicked: string;
  recovered: string;
  truth: string;
  covered: string;
}

const SEND_TIME_COLUMNS: ReadonlyArray<TableColumn<SendTimeRow>> = [
  { key: "group", title: "Group" },
  { key: "emailed", title: "Emailed" },
  { key: "clicked", title: "Clicked, 95%" },
  { key: "recovered", title: "Recovered by email, 95%" },
  { key: "truth", title: "True" },
  { key: "covered", title: "Covers" },
];

/**
 * Send-time optimisation against its control, as the dashboard's card measures it (emailed checkouts, the
 * share that clicked and the share recovered by email, each with its 95% interval, and the difference with its
 * always-valid one), beside the world's true difference in recoveries: the orders it expects the app's holds
 * added (sendTimeTruthOf) per emailed checkout of the optimised group. Empty without the card.
 */
export function sendTimeRows(
  data: DashboardData,
  secondEmails: readonly SecondEmail[] | null,
): SendTimeRow[] {
  const figures = data.experiments?.sendTime;
  if (!figures?.hasSendTimeEnrollments) return [];
  const { optimised, control, clickRateDifference, recoveryRateDifference } = figures.comparison;
  const group = (name: string, counts: typeof optimised): SendTimeRow => ({
    group: name,
    emailed: count(counts.emailed),
    clicked: rateCell(counts.clickRate),
    recovered: rateCell(counts.recoveryRate),
    truth: "",
    covered: "",
  });
  const added = secondEmails ? sendTimeTruthOf(secondEmails).addedRecoveries : null;
  const truth = added !== null && optimised.emailed > 0 ? added / optimised.emailed : null;
  const tooFew = `too few (${count(optimised.emailed)} vs ${count(control.emailed)})`;
  return [
    group("Held for the best hour (optimised)", optimised),
    group("Sent at the delay (control)", control),
    {
      group: "Optimised minus control",
      emailed: "",
      clicked: clickRateDifference ? pointsCell(clickRateDifference) : tooFew,
      recovered: recoveryRateDifference ? pointsCell(recoveryRateDifference) : tooFew,
      truth: truth === null ? "n/a" : points(truth),
      covered: recoveryRateDifference && truth !== null ? coverMark(recoveryRateDifference, truth) : "",
    },
  ];
}

export const formatSendTimeTable = (rows: readonly SendTimeRow[]) => formatTable(SEND_TIME_COLUMNS, rows);

/** Reads a printed send-time table back into rows (for the demo's test). */
export const parseSendTimeTable = (text: string) => parseTable(text, SEND_TIME_COLUMNS);

const minutesAsHours = (minutes: number) => `${(minutes / 60).toFixed(1)} hours`;

/** Under the send-time table: the dashboard's sentence, what the app held, and what "true" means. */
export function sendTimeNotes(data: DashboardData, secondEmails: readonly SecondEmail[] | null): string[] {
  const figures = data.experiments?.sendTime;
  if (!figures?.hasSendTimeEnrollments) return [];
  const notes = [figures.comparison.sentence];
  if (secondEmails) {
    const truth = sendTimeTruthOf(secondEmails);
    notes.push(
      `The app held ${count(truth.heldEmails)} of the ${count(secondEmails.length)} second emails for a later ` +
        `hour${truth.meanHeldMinutes === null ? "" : `, by ${minutesAsHours(truth.meanHeldMinutes)} on average`}; ` +
        `the world expects those holds to have added ${truth.addedRecoveries.toFixed(1)} orders.`,
    );
  }
  notes.push(
    "True: the world's shoppers read email at their own hour (demo/world.ts, DEMO_ENGAGEMENT_HOURS) and act on " +
      "an email less the longer it waits for it (DEMO_HOUR_FACTORS: x1.3 arriving during their hour, x0.8 after " +
      "four hours or more); the true difference is the orders the app's holds added by that table, per emailed " +
      "checkout of the optimised group. Clicks have no truth here: they count every email of the sequence.",
  );
  return notes;
}

/** One row of the content experiment table: a variant. */
export interface ContentExperimentRow {
  variant: string;
  emails: string;
  recovered: string;
  rate: string;
  truth: string;
  covered: string;
}

const CONTENT_EXPERIMENT_COLUMNS: ReadonlyArray<TableColumn<ContentExperimentRow>> = [
  { key: "variant", title: "Variant" },
  { key: "emails", title: "Emails" },
  { key: "recovered", title: "Recovered" },
  { key: "rate", title: "Recoveries per email, 95%" },
  { key: "truth", title: "True" },
  { key: "covered", title: "Covers" },
];

type ContentExperiment = ExperimentCards["content"]["experiments"][number];

const decidedAtOf = (experiment: ContentExperiment) =>
  experiment.standing ? new Date(experiment.standing.decidedAt) : null;

/** The experiments the dashboard shows (the demo shop has one), each with its heading. */
export function contentExperiments(data: DashboardData): ContentExperiment[] {
  return data.experiments?.content.experiments ?? [];
}

/**
 * A content experiment's variants as the dashboard's card measures them (emails, recovered, recoveries per
 * email with its 95% interval), beside the world's true recoveries per email of each variant's design
 * (designTruthOf) and whether the interval covers it.
 */
export function contentExperimentRows(
  experiment: ContentExperiment,
  secondEmails: readonly SecondEmail[] | null,
): ContentExperimentRow[] {
  return experiment.variants.map((variant) => {
    const truth = secondEmails
      ? designTruthOf(secondEmails, variant.content.template as DemoDesign, decidedAtOf(experiment))
      : null;
    return {
      variant: `${variant.variant}: ${variant.summary}`,
      emails: count(variant.sends),
      recovered: count(variant.recoveries),
      rate: rateCell(variant.recoveryRate),
      truth: truth === null ? "n/a" : percent(truth),
      covered: variant.recoveryRate && truth !== null ? coverMark(variant.recoveryRate, truth) : "",
    };
  });
}

export const formatContentExperimentTable = (rows: readonly ContentExperimentRow[]) =>
  formatTable(CONTENT_EXPERIMENT_COLUMNS, rows);

/** Reads a printed content experiment table back into rows (for the demo's test). */
export const parseContentExperimentTable = (text: string) => parseTable(text, CONTENT_EXPERIMENT_COLUMNS);

const localDateTime = (at: Date) =>
  new Intl.DateTimeFormat("en-CA", {
    timeZone: DEMO_TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  })
    .format(at)
    .replace(",", "");

/** The experiment's heading: where it runs. */
export const contentExperimentTitle = (experiment: ContentExperiment) =>
  `Content experiment (${experiment.segmentName}, step ${experiment.step}): each variant's recoveries per ` +
  "email, beside the truth:";

/**
 * Under a content experiment's table: the shop's rule, the decision with its date (or that none was made), the
 * verdict on the figures at the month's end, and the world's true difference between the designs.
 */
export function contentExperimentNotes(
  experiment: ContentExperiment,
  ruleSentence: string,
  secondEmails: readonly SecondEmail[] | null,
): string[] {
  const standing = experiment.standing;
  const notes = [
    `Rule: ${ruleSentence}`,
    standing
      ? `Decided: ${standing.winner} promoted ${standing.decidedBy === "AUTO" ? "automatically" : "by the merchant"} ` +
        `on ${localDateTime(new Date(standing.decidedAt))} (${DEMO_TIME_ZONE}); every checkout since gets it, and ` +
        "those emails are no longer in the experiment."
      : "No decision in the month.",
    // The figures go on counting the recoveries its emails bring after the decision: the verdict may move.
    `At the month's end${standing ? ", with the recoveries that came after the decision" : ""}: ` +
      experiment.verdict.sentence,
  ];
  const designs = experiment.variants.map((variant) => variant.content.template as DemoDesign);
  const [first, ...others] = experiment.variants;
  const truths = secondEmails
    ? experiment.variants.map((variant) =>
        designTruthOf(secondEmails, variant.content.template as DemoDesign, decidedAtOf(experiment)),
      )
    : [];
  if (first && others.length > 0 && truths.length > 0 && truths.every((truth) => truth !== null)) {
    const [base, ...rest] = truths as number[];
    notes.push(
      "True: in the world (demo/world.ts, DEMO_DESIGN_FACTORS) shoppers act on " +
        others
          .map(
            (variant, index) =>
              `${variant.variant} (${variant.content.template.toLowerCase()}) ` +
              `x${(DEMO_DESIGN_FACTORS[designs[index + 1]!] / DEMO_DESIGN_FACTORS[designs[0]!]).toFixed(2)} as ` +
              `often as on ${first.variant}, ${points(rest[index]! - base!)} per email at this experiment's ` +
              "shoppers, offers and hours",
          )
          .join("; ") +
        ".",
    );
  }
  return notes;
}
