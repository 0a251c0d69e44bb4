import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Dashboard } from "~/domain/analytics";
import { textOf } from "../../test/helpers/render-home";
import { LeakedCodesCard } from "./leaked-codes-card";

const render = (leakedCodes: Dashboard["leakedCodes"]) =>
  renderToString(
    <AppProvider i18n={en}>
      <LeakedCodesCard leakedCodes={leakedCodes} currency="USD" />
    </AppProvider>,
  );

describe("LeakedCodesCard", () => {
  it("counts the leaked codes, their discount and their share, and points to code binding in Settings", () => {
    const html = render({ leaked: 2, costMinor: 3_000, used: 8, share: 0.25, isCustomerBound: false });
    const text = textOf(html);
    expect(text).toContain(
      "Leaked codes 2 codes leaked $30.00 of discount · 25% of the 8 codes used in this period",
    );
    expect(text).toContain(
      "shares no email, customer account, checkout or cart with the shopper it was emailed to",
    );
    expect(text).toContain(
      "Codes can be bound to the shopper's customer account, so only they can use them.",
    );
    expect(html).toMatch(/<a[^>]*href="\/app\/settings"[^>]*>.*Bind codes to the customer in Settings/);
  });

  it("says why binding cannot stop every leak when codes are bound already", () => {
    const text = textOf(render({ leaked: 1, costMinor: 500, used: 1, share: 1, isCustomerBound: true }));
    expect(text).toContain("1 code leaked $5.00 of discount · 100% of the 1 code used in this period");
    expect(text).toContain("codes from guest checkouts cannot be, and stay open to anyone who has them");
    expect(text).not.toContain("Bind codes to the customer in Settings");
  });

  it("shows none, with the definition and no advice, when nothing leaked", () => {
    const text = textOf(render({ leaked: 0, costMinor: 0, used: 5, share: 0, isCustomerBound: false }));
    expect(text).toContain("Leaked codes None A code counts as leaked");
    expect(text).not.toContain("of discount");
    expect(text).not.toContain("Settings");
  });
});
