import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { RepeatCohorts } from "~/domain/analytics";
import { buildRepeatCohorts, cohortMonthsAt, type CohortSums } from "~/domain/analytics/repeat-cohorts";
import CustomerValue from "./app.customer-value";

const NOW = new Date("2026-07-15T12:00:00.000Z");

function cohortsOf(sums: CohortSums[], retentionDays = 730): RepeatCohorts {
  const { spans, isCutByRetention } = cohortMonthsAt(NOW, "America/New_York", { limit: 12, retentionDays });
  // Month indexes counted from the end: -1 is July, -5 March.
  const placed = sums.map((row) => ({ ...row, monthIndex: spans.length + row.monthIndex }));
  return buildRepeatCohorts(spans, placed, {
    now: NOW,
    currency: "USD",
    timezone: "America/New_York",
    retentionDays,
    isCutByRetention,
  });
}

const row = (
  group: CohortSums["group"],
  monthIndex: number,
  buyers: number,
  repeatBuyers: number[],
  repeatRevenueMinor: number[],
): CohortSums => ({ group, monthIndex, buyers, repeatBuyers, repeatRevenueMinor });

async function render(data: RepeatCohorts): Promise<string> {
  const routes = [
    {
      id: "routes/app.customer-value",
      path: "/app/customer-value",
      loader: () => data,
      Component: CustomerValue,
    },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request("https://cartback.test/app/customer-value"));
  if (context instanceof Response) throw new Error(`the loader answered ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(
    <AppProvider i18n={en}>
      <StaticRouterProvider router={router} context={context} hydrate={false} />
    </AppProvider>,
  );
  return html
    .replace(/<!-- -->/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

describe("the customer value page, rendered on the server", () => {
  it("shows the cohorts, the honest comparison, the chart with its text and 'not yet' where a window is open", async () => {
    const consoleError = vi.spyOn(console, "error");
    const html = await render(
      cohortsOf([
        row("RECOVERED_BY_EMAIL", -5, 3, [1, 1, 2], [9_000, 12_000, 16_000]),
        row("HOLDOUT_RECOVERED", -5, 2, [1, 1, 2], [500, 500, 7_500]),
        row("NEVER_ABANDONED", -5, 40, [4, 6, 9], [10_000, 15_000, 22_000]),
        row("RECOVERED_BY_EMAIL", -4, 1, [0, 1, 0], [0, 2_000, 0]),
      ]),
    );

    expect(html).toContain("What recovered customers are worth later");
    expect(html).toContain("The fair comparison for shoppers recovered by email is the holdout");
    expect(html).toContain("(America/New_York time)");
    // The pooled 90 days: March alone; two groups are small.
    expect(html).toContain(
      "In the months whose 90 days are over, 66.7% (20.8%–93.9%) of the 3 buyers recovered by email ordered again within 90 days, against 100% (34.2%–100%) of the 2 holdout buyers who came back on their own and 22.5% (12.3%–37.5%) of the 40 buyers who never abandoned.",
    );
    expect(html).toContain(
      "With fewer than 30 buyers recovered by email or holdout buyers who came back on their own",
    );
    // The chart: one image, titled and described, for the 90-day window.
    expect(html).toMatch(/<svg role="img" aria-labelledby="[^"]+ [^"]+"/);
    expect(html).toContain("Repeat purchases within 90 days, by month of first order");
    expect(html).toContain(
      "Mar 2026: recovered by email 66.7%, came back on their own (holdout) 100%, never abandoned 22.5%",
    );
    // The table: from March (the first month with a buyer), money per buyer, April's 90 days not yet.
    expect(html).not.toContain("Feb 2026");
    expect(html).toContain("Mar 2026");
    expect(html).toContain("3 buyers");
    expect(html).toContain(">33.3% (6.1–79.2%)<");
    expect(html).toContain(">$30.00<");
    expect(html).toContain(">66.7% (20.8–93.9%)<");
    expect(html).toContain(">$53.33<");
    expect(html).toContain(">not yet<");
    expect(html).toContain("Buyers: 4 (30 days), 4 (60 days), 3 (90 days)");
    expect(html).toContain("All months, window over");
    expect(html).not.toContain("Buyers can be followed for as long as their data is kept");
    expect(consoleError).not.toHaveBeenCalled();
  });

  it("says why older months are missing when the shop keeps data for too short a time", async () => {
    const html = await render(cohortsOf([row("NEVER_ABANDONED", -3, 12, [2, 0, 0], [3_000, 0, 0])], 90));
    expect(html).toContain("Buyers can be followed for as long as their data is kept: 90 days");
    expect(html).toContain("Months that began more than 90 days ago are not shown.");
    expect(html).toContain(
      "A month's 60-day and 90-day figures need up to 91 and 121 days of data, so most months cannot show them.",
    );
    // Only May's 30 days are over: the chart and headline use them.
    expect(html).toContain("Bought again within 30 days");
    expect(html).toContain("16.7% (4.7%–44.8%) of the 12 buyers who never abandoned");
    expect(html).toContain('href="/app/settings"');
    // The pooled row counts only the windows that are over.
    expect(html).toContain("Buyers: 12 (30 days)<");
  });

  it("explains what will appear when there are no buyers yet", async () => {
    const html = await render(cohortsOf([]));
    expect(html).toContain("No buyers to follow yet");
    expect(html).not.toContain("<svg");
    expect(html).not.toContain("<table");
  });
});
