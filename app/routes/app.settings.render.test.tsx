import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { SettingsPage } from "~/domain/shops/get-settings-page.server";
import { judgeReputation } from "~/domain/sending";
import { describeSendingStatus, defaultShopSettings, ShopSettingsSchema } from "~/domain/shops";
import { parseSettingsSection } from "~/domain/shops/parse-settings-form";
import {
  FIELD,
  INTENT_FIELD,
  sectionFields,
  toSettingsForm,
  type EditableSection,
  type SettingsSaveResult,
} from "~/domain/shops/settings-form";
import Settings from "./app.settings";

const REPUTATION = judgeReputation({ sent: 412, bounced: 24, complained: 0 });

function pageData(currency: string, sending = defaultShopSettings(currency).sending): SettingsPage {
  const settings = ShopSettingsSchema.parse({
    ...defaultShopSettings(currency),
    audience: { blockedEmails: ["vip@example.org"], excludeTestCheckouts: true },
    sender: { displayName: "Ada's", replyTo: null, logoUrl: null, accentColor: "#1a2b3c" },
    sending,
  });
  settings.steps[1] = {
    ...settings.steps[1]!,
    sendWindowHours: 3,
    variants: [{ subject: "A little extra", template: "NOTE", tone: "DIRECT", offer: true }],
  };
  return {
    shop: { name: "Shop A", currency, timezone: "Europe/Paris" },
    form: toSettingsForm(settings, currency),
    sending: {
      ...describeSendingStatus(settings.sending, REPUTATION),
      pausedAtText: settings.sending.pausedAt ? "Nov 20, 2026, 9:05 AM" : null,
    },
  };
}

/**
 * Server-renders the route the way Remix does: its component under a data router, inside Polaris. With
 * `posted`, as the answer to a document POST (a Save pressed before the page's scripts ran).
 */
async function render(page: SettingsPage, posted?: SettingsSaveResult): Promise<string> {
  const routes = [
    {
      id: "routes/app.settings",
      path: "/app/settings",
      loader: () => page,
      action: () => Response.json(posted, { status: posted?.ok ? 200 : 422 }),
      Component: Settings,
    },
  ];
  const handler = createStaticHandler(routes);
  const url = "https://cartback.test/app/settings";
  const context = await handler.query(
    posted ? new Request(url, { method: "POST", body: new FormData() }) : new Request(url),
  );
  if (context instanceof Response) throw new Error(`the loader answered ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(
    <AppProvider i18n={en}>
      <StaticRouterProvider router={router} context={context} hydrate={false} />
    </AppProvider>,
  );
}

const decode = (html: string) =>
  html
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<");

describe("the Settings page, rendered on the server", () => {
  it("renders every section with its labelled fields, and no console error", async () => {
    const consoleError = vi.spyOn(console, "error");

    const html = decode(await render(pageData("EUR")));

    for (const heading of [
      "Sending",
      "Discount tiers",
      "Recovery emails",
      "Experiments",
      "Profit",
      "Audience",
      "Sender",
      "AI copy, measurement and data",
    ]) {
      expect(html).toMatch(new RegExp(`<h2[^>]*>${heading}</h2>`));
    }
    for (const label of [
      "Minimum cart subtotal",
      "Percent off",
      "Free shipping",
      "Discount code lifetime",
      "Send after",
      "Design",
      "Tone",
      "Send at the shopper's best hour",
      "Test variants",
      "Variant B",
      "Promote a winning variant automatically",
      "Minimum sends per variant",
      "A variant wins when",
      "Confidence: the always-valid interval is above zero",
      "Probability: the chance it is best",
      "Level",
      "Control share",
      "Who gets recovery emails",
      "Quiet from",
      "Quiet until",
      "Blocked email addresses",
      "Blocked domains",
      "Reply-to address",
      "Logo URL",
      "Accent colour",
      "Holdout share",
      "Attribution window",
      "Keep personal data for",
      "Default margin",
      "Margin floor",
      "Only the checkout's customer may use the code",
      "No discount",
      "Tier discount",
      "Free shipping only",
    ]) {
      expect(html).toContain(`>${label}</`);
    }
    for (const option of [
      "Product-led: the cart's items lead",
      "Image-led: large product pictures",
      "Offer-led: the code and its expiry lead",
      "Personal note: a plain note from you, little styling",
      "Friendly",
      "Direct",
      "Off: send at the delay",
      "Up to 24 hours later",
    ]) {
      expect(html).toContain(`>${option}</option>`);
    }
    expect(html).toContain("Send 20% of shoppers at the plain delay, to measure whether holding pays.");
    expect(html).toContain("Times are in the shop's time zone, Europe/Paris.");
    expect(html).toContain("A cart of €100.00 gets 10% off + free shipping");
    expect(html).toContain("Pause sending");
    expect(html).toMatch(/<ui-save-bar[^>]*id="settings-save-bar"/);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it("names every field as the server reads it, and nothing else", async () => {
    const page = pageData("USD");
    // Every box checked, so each checkbox's name is among the submitted ones.
    page.form.tiers.tiers.forEach((tier) => (tier.freeShipping = true));
    page.form.steps.steps.forEach((step) => (step.offer = true));
    Object.assign(page.form.audience, {
      excludeTestCheckouts: true,
      quietHours: { ...page.form.audience.quietHours, enabled: true },
    });
    page.form.measurement.aiCopyEnabled = true;
    page.form.tiers.offerArms = { NO_DISCOUNT: true, TIER_DISCOUNT: true, FREE_SHIPPING: true };
    page.form.profit.customerBoundCodes = true;
    page.form.experiments.autoPromote = true;
    page.form.steps.steps.forEach((step) => step.variants.forEach((variant) => (variant.offer = true)));

    const html = await render(page);

    const rendered = new Set([...html.matchAll(/ name="([^"]+)"/g)].map((match) => match[1]));
    const sections: EditableSection[] = [
      "tiers",
      "steps",
      "experiments",
      "profit",
      "audience",
      "sender",
      "measurement",
    ];
    const expected = new Set([
      ...sections.flatMap((section) => sectionFields(section, page.form).map(([name]) => name)),
      FIELD.sendingAction,
    ]);
    expect(rendered).toEqual(expected);
    const intents = [...html.matchAll(new RegExp(`name="${INTENT_FIELD}" value="([^"]+)"`, "g"))].map(
      (match) => match[1],
    );
    expect(intents).toEqual(["sending", ...sections]);
  });

  it("shows thresholds in yen without decimals", async () => {
    const html = decode(await render(pageData("JPY")));
    expect(html).toContain('name="tiers.1.minimumSubtotal"');
    expect(html).toMatch(
      /name="tiers\.1\.minimumSubtotal"[^>]*value="100"|value="100"[^>]*name="tiers\.1\.minimumSubtotal"/,
    );
    expect(html).toContain("A cart of ¥99 gets free shipping");
  });

  it("shows each refused field's error in red next to the field, tied to it for screen readers", async () => {
    const page = pageData("USD");
    const submitted = structuredClone(page.form);
    submitted.tiers.tiers[1]!.percentOff = "101";
    submitted.tiers.tiers[2]!.minimumSubtotal = "50";
    const data = new FormData();
    for (const [name, value] of sectionFields("tiers", submitted)) data.append(name, value);
    const parsed = parseSettingsSection("tiers", data, {
      current: defaultShopSettings("USD"),
      currency: "USD",
      now: new Date(),
    });
    if (parsed.ok) throw new Error("expected the tiers to be refused");

    const html = decode(await render(page, { section: "tiers", ok: false, errors: parsed.errors }));

    expect(html).toContain("Discount tiers: nothing was saved");
    for (const [field, message] of [
      ["tiers.1.percentOff", "Must be between 0 and 100"],
      [
        "tiers.2.minimumSubtotal",
        "Must be more than tier 2 ($100.00): tiers go from the smallest cart to the largest",
      ],
    ] as const) {
      const input = new RegExp(`<input name="${field.replace(/\./g, "\\.")}" id="([^"]+)"[^>]*>`).exec(html);
      expect(input?.[0]).toContain('aria-invalid="true"');
      expect(input?.[0]).toContain(`aria-describedby="${input?.[1]}Error"`);
      expect(html).toMatch(
        new RegExp(`id="${input?.[1]}Error"[^>]*>.*?${message.replace(/[()$.]/g, "\\$&")}`),
      );
    }
    // Only the tiers section shows the answer; the others are untouched.
    expect(html.match(/nothing was saved/g)).toHaveLength(1);
  });

  it("shows a variant the same as A at the variant's subject, and a bad send window at its select, each tied to its field", async () => {
    const page = pageData("USD");
    const submitted = structuredClone(page.form);
    const second = submitted.steps.steps[1]!;
    second.variants = [
      { subject: second.subject, template: second.template, tone: second.tone, offer: second.offer },
    ];
    second.sendWindowHours = "25";
    const data = new FormData();
    for (const [name, value] of sectionFields("steps", submitted)) data.append(name, value);
    const parsed = parseSettingsSection("steps", data, {
      current: defaultShopSettings("USD"),
      currency: "USD",
      now: new Date(),
    });
    if (parsed.ok) throw new Error("expected the emails to be refused");

    const html = decode(await render(page, { section: "steps", ok: false, errors: parsed.errors }));

    expect(html).toContain("Recovery emails: nothing was saved");
    for (const [field, message] of [
      [
        "steps.1.variants.0.subject",
        "Must differ from the other variants in its subject, design, tone or offer",
      ],
      ["steps.1.sendWindowHours", "Must be between 0 and 24 hours"],
    ] as const) {
      const control = new RegExp(`<(?:input|select)[^>]*name="${field.replace(/\./g, "\\.")}"[^>]*>`).exec(
        html,
      )?.[0];
      const id = / id="([^"]+)"/.exec(control ?? "")?.[1];
      expect(control).toContain('aria-invalid="true"');
      expect(/ aria-describedby="([^"]+)"/.exec(control ?? "")?.[1]?.split(" ")).toContain(`${id}Error`);
      expect(html).toMatch(new RegExp(`id="${id}Error"[^>]*>.*?${message}`));
    }
  });

  it("shows the warnings about a section it saved in a banner above that section's fields", async () => {
    const page = pageData("USD");
    const warning =
      "Personal data is kept for 10 days, but an order can count as recovered by email up to 11 days";

    const html = decode(
      await render(page, { section: "measurement", ok: true, form: page.form, warnings: [warning] }),
    );

    expect(html).toContain("AI copy, measurement and data: saved, with a warning");
    expect(html).toContain(warning);
    expect(html.match(/saved, with a warning/g)).toHaveLength(1);
    expect(html).not.toContain("nothing was saved");
  });

  it("says why sending was paused automatically, and offers to resume", async () => {
    const html = decode(
      await render(
        pageData("USD", {
          status: "PAUSED",
          pausedReason: "BOUNCE_RATE",
          pausedAt: "2026-11-20T08:05:00.000Z",
        }),
      ),
    );
    expect(html).toContain("Sending was paused automatically: too many bounces");
    expect(html).toContain("Since Nov 20, 2026, 9:05 AM");
    expect(html).toContain("Resume sending");
    expect(html).toContain('name="sending.action" value="resume"');
  });
});
