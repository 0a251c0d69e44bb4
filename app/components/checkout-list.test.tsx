import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { renderToString } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { CheckoutListPage } from "~/domain/checkouts";
import { CheckoutList } from "./checkout-list";

const PAGE: CheckoutListPage = {
  status: "recovered",
  sort: "value-desc",
  query: "",
  search: { kind: null, problem: null },
  segment: {
    selected: "seg-vip",
    choices: [
      { id: "seg-vip", name: "VIP <b>buyers</b>", isDeleted: false, isCatchAll: false },
      { id: "default", name: "Everyone else", isDeleted: false, isCatchAll: true },
      { id: "seg-old", name: "Spring promo", isDeleted: true, isCatchAll: false },
    ],
    problem: null,
  },
  rows: [
    {
      id: "ck1",
      firstName: "Jane",
      maskedEmail: "j***@example.com",
      value: "€115.50",
      itemCount: 3,
      lastActivityAt: "2026-11-20T12:00:00.000Z",
      lastActivityLabel: "Nov 20, 2026, 7:00 AM EST",
      status: {
        state: "RECOVERED",
        label: "Recovered by email",
        tone: "success",
        reason: "Matched because its discount code was used",
      },
      stepsSent: 2,
      clicks: 3,
      order: { name: "#1042", value: "$115.50" },
      segment: "VIP <b>buyers</b>",
    },
    {
      id: "ck2",
      firstName: null,
      maskedEmail: null,
      value: "$10.00",
      itemCount: 1,
      lastActivityAt: "2026-11-19T12:00:00.000Z",
      lastActivityLabel: "Nov 19, 2026, 7:00 AM EST",
      status: {
        state: "NOT_ENROLLED",
        label: "Not enrolled",
        tone: undefined,
        reason: "The checkout has no usable email address",
      },
      stepsSent: 0,
      clicks: 0,
      order: null,
      segment: null,
    },
  ],
  nextCursor: "2026-11-19T12:00:00.000Z~ck2",
  previousCursor: null,
};

function render(page: CheckoutListPage) {
  const errors = vi.spyOn(console, "error");
  const html = renderToString(
    <AppProvider i18n={en}>
      <CheckoutList page={page} onChange={() => undefined} onPage={() => undefined} />
    </AppProvider>,
  );
  expect(errors).not.toHaveBeenCalled();
  errors.mockRestore();
  return html;
}

/** The text a reader (or a screen reader) gets, without markup. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");

describe("<CheckoutList> rendered on the server", () => {
  it("shows each row's shopper, value, activity, status with its reason, steps, clicks and order", () => {
    const text = textOf(render(PAGE));

    for (const expected of [
      "Jane",
      "j***@example.com",
      "€115.50",
      "Nov 20, 2026 7:00 AM EST",
      "Recovered by email",
      "Matched because its discount code was used",
      "#1042",
      "Unknown shopper",
      "No email address",
      "The checkout has no usable email address",
    ])
      expect(text).toContain(expected);
  });

  it("labels the columns, the search and the sort, and says why search is exact", () => {
    const html = render(PAGE);
    const text = textOf(html);

    for (const heading of [
      "Shopper",
      "Cart value",
      "Items",
      "Last activity",
      "Status",
      "Steps sent",
      "Clicks",
      "Order",
    ])
      expect(html).toMatch(new RegExp(`<th[^>]*>(?:(?!</th>).)*${heading}`, "s"));
    expect(text).toContain("Search by email or first name");
    expect(text).toContain(
      "stored encrypted, so search finds a complete email address or an exact first name",
    );
    expect(text).toContain("Sort by");
    expect(text).toContain("Cart value, highest first");
    expect(text).toContain("Status: Recovered by email");
    // Each shopper links to the checkout's page.
    expect(html).toContain('href="/app/checkouts/ck1"');
  });

  it("filters by segment, names each row's segment as text, and says when a link's segment is not the shop's", () => {
    const html = render(PAGE);
    const text = textOf(html);
    expect(text).toContain("Segment: VIP &lt;b&gt;buyers&lt;/b&gt;");
    expect(html).not.toContain("<b>buyers</b>");
    // The applied filter is named; the row of a checkout without a segment names none.
    expect(text.match(/Segment: VIP/g)).toHaveLength(2);

    const unknown = textOf(
      render({
        ...PAGE,
        segment: {
          ...PAGE.segment,
          selected: null,
          problem:
            "The segment in this link is not one of this shop's segments, so checkouts of every segment are shown.",
        },
      }),
    );
    expect(unknown).toContain("Segment filter not applied");
    expect(unknown).toContain("so checkouts of every segment are shown.");
    expect(unknown.match(/Segment: VIP/g)).toHaveLength(1);
  });

  it("explains an empty result and an unusable search", () => {
    const text = textOf(
      render({
        ...PAGE,
        query: "jane@",
        rows: [],
        nextCursor: null,
        search: { kind: "EMAIL", problem: "Enter a complete email address, such as jane@example.com." },
      }),
    );
    expect(text).toContain("Enter a complete email address, such as jane@example.com.");
    expect(text).toContain("No checkouts match");
  });
});
