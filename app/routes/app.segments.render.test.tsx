import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it, vi } from "vitest";
import { suggestedSegments, type SegmentEditorPage } from "~/domain/segments";
import { strategyFromSettings } from "~/domain/segments/segment-strategy";
import { defaultShopSettings } from "~/domain/shops";
import Segments from "./app.segments";

function pageData(withSegments: boolean): SegmentEditorPage {
  const defaultStrategy = strategyFromSettings(defaultShopSettings("USD"));
  const suggestions = suggestedSegments("USD", 7_500, defaultStrategy);
  return {
    currency: "USD",
    segments: withSegments
      ? suggestions.map((segment, position) => ({ ...segment, id: `seg-${position}`, position }))
      : [],
    versions: withSegments
      ? { "seg-0": { current: 2, older: [{ number: 1, active: 12 }] }, default: { current: 1, older: [] } }
      : {},
    defaultStrategy,
    valueTiers: { highAtLeastMinor: 50_000, customersCounted: 140 },
    catalog: { productTypes: ["Shirts"], vendors: ["Linen Co"], tags: ["summer"], collections: [] },
    suggestions,
    revision: "revision-1",
  };
}

async function render(page: SegmentEditorPage): Promise<string> {
  const routes = [
    { id: "routes/app.segments", path: "/app/segments", loader: () => page, Component: Segments },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request("https://cartback.test/app/segments"));
  if (context instanceof Response) throw new Error(`the loader answered ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(
    <AppProvider i18n={en}>
      <StaticRouterProvider router={router} context={context} hydrate={false} />
    </AppProvider>,
  );
  return html
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

describe("the segment editor, rendered on the server", () => {
  it("offers the suggested segments to a shop without any", async () => {
    const html = await render(pageData(false));
    expect(html).toContain("No segments yet");
    expect(html).toContain("Start from the suggested segments");
    expect(html).toContain("1. Everyone else");
    expect(html).toMatch(/<ui-save-bar[^>]*id="segments-save-bar"/);
  });

  it("shows each segment's conditions, strategy, version line and the value tier thresholds, without a console error", async () => {
    const consoleError = vi.spyOn(console, "error");
    const html = await render(pageData(true));

    expect(html).toContain("1. Returning, high-value: no discount");
    expect(html).toContain("2. First-time, cart over the shop's median: offer from step 2");
    expect(html).toContain("3. Everyone else");
    expect(html).toContain("High: spent at least $500.00 in the last year");
    expect(html).toContain("Sequence version 2. 12 checkouts are still running on version 1.");
    expect(html).toMatch(/value="75.00"/);
    for (const label of ["Segment name", "Condition", "Send after", "Subject", "Discount", "Holdout share"])
      expect(html).toContain(`>${label}</`);
    expect(html).toContain("Settings page");
    // Each segment's offer test: three offers to tick, and what it does; without tiers, why it cannot run.
    expect(html.match(/>Offer test</g)).toHaveLength(2);
    for (const label of ["No discount", "Tier discount", "Free shipping only"])
      expect(html).toMatch(new RegExp(`<input[^>]*type="checkbox"[^>]*>.*?${label}`));
    expect(html).toContain(
      "Each checkout in the sequence gets one of the chosen offers at random; the dashboard compares their profit against the holdout.",
    );
    expect(html).toContain("An offer test compares discounts, so it needs discount tiers.");
    expect(consoleError).not.toHaveBeenCalled();
  });

  it("shows each email's design, tone, send window and variants, with the same fields as the Settings page", async () => {
    const page = pageData(true);
    const [first] = page.segments;
    const step = first!.strategy.steps[0]!;
    first!.strategy.steps[0] = {
      ...step,
      template: "NOTE",
      sendWindowHours: 6,
      variants: [{ subject: "A note from us", template: "NOTE", tone: "DIRECT", offer: step.offer }],
    };

    const html = await render(page);

    for (const label of ["Design", "Tone", "Send at the shopper's best hour", "Test variants", "Variant B"])
      expect(html).toContain(`>${label}</`);
    expect(html).toMatch(
      /<option value="NOTE" selected="">Personal note: a plain note from you, little styling</,
    );
    expect(html).toMatch(/<option value="6" selected="">Up to 6 hours later</);
    expect(html).toContain('value="A note from us"');
    expect(html).toContain('aria-label="Remove variant B of email 1 of Returning, high-value: no discount"');
    expect(html).toContain('aria-label="Add variant to email 1 of Returning, high-value: no discount"');
    // The segment editor posts JSON: its fields carry no form names.
    expect(html).not.toMatch(/name="steps\./);
  });
});
