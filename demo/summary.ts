import type { Dashboard } from "../app/domain/analytics/dashboard";
import type { SimulationLedger } from "./simulate";

/**
 * The demo's closing table: the app's own figures, as the admin home's loader answers them for the simulated
 * month, beside what the simulation itself counted where it can know (it cannot know what the app decided,
 * only what it did: checkouts posted, emails found in the outbox, links clicked, orders placed).
 */

export type DashboardData = Dashboard;

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

/** What the table cannot say in a cell: how the two columns' orders differ, and why lift may be missing. */
export function summaryNotes(data: DashboardData): string[] {
  const notes = [
    "Abandoned: the dashboard counts a checkout once the sequence has decided on it, an hour after its last " +
      "activity, so one left in the month's last hour is in the simulation's count only.",
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
