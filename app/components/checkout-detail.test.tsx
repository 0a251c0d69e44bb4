import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { renderToString } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { CheckoutDetail } from "~/domain/checkouts";
import {
  actionBannerOf,
  CheckoutDetailView,
  describeLanguage,
  type CheckoutDetailProps,
} from "./checkout-detail";

const DETAIL: CheckoutDetail = {
  id: "ck1",
  timeZone: "America/New_York",
  status: { state: "ENROLLED", label: "In sequence", tone: "info", reason: "Step 2 is next" },
  cart: {
    subtotal: "$120.00",
    total: "$126.00",
    itemCount: 3,
    lines: [
      {
        title: "Linen shirt",
        variantTitle: "Blue / M",
        quantity: 2,
        unitPrice: "$45.00",
        linePrice: "$90.00",
        imageUrl: "https://cdn.shopify.com/linen.jpg",
      },
      {
        title: "Wool scarf",
        variantTitle: null,
        quantity: 1,
        unitPrice: "$30.00",
        linePrice: "$30.00",
        imageUrl: null,
      },
    ],
    startedLabel: "Nov 20, 2026, 6:00 AM EST",
    lastActivityLabel: "Nov 20, 2026, 7:00 AM EST",
  },
  shopper: {
    email: "jane.doe@example.com",
    firstName: "Jane",
    locale: "en-CA",
    acceptsMarketing: true,
    isErased: false,
  },
  sequence: {
    status: "ACTIVE",
    reason: null,
    stepsSent: 1,
    stepCount: 3,
    nextStep: 2,
    dueLabel: "Nov 21, 2026, 7:00 AM EST",
  },
  actions: { canStop: true, canSendNow: true, unavailableReason: null },
  timeline: [
    {
      key: "started",
      at: "2026-11-20T11:00:00.000Z",
      atLabel: "Nov 20, 2026, 6:00 AM EST",
      title: "Checkout started",
      detail: null,
      tone: undefined,
    },
    {
      key: "send-1",
      at: "2026-11-20T13:00:00.000Z",
      atLabel: "Nov 20, 2026, 8:00 AM EST",
      title: "Step 1 sent",
      detail: "Subject: “You left something in your cart” · Without an offer · 1 click",
      tone: "success",
    },
  ],
  discountCodes: [{ code: "CB-7Q2M9XKD", offer: "10% off", note: "Valid until Nov 24, 2026, 7:00 AM EST" }],
};

function render(props: Partial<CheckoutDetailProps> = {}) {
  const errors = vi.spyOn(console, "error");
  const html = renderToString(
    <AppProvider i18n={en}>
      <CheckoutDetailView
        detail={DETAIL}
        answer={null}
        pendingAction={null}
        onAction={() => undefined}
        {...props}
      />
    </AppProvider>,
  );
  expect(errors).not.toHaveBeenCalled();
  errors.mockRestore();
  return html;
}

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, " ");

describe("<CheckoutDetailView> rendered on the server", () => {
  it("shows the sequence, both actions, the timeline, the cart, the shopper and the codes", () => {
    const html = render();
    const text = textOf(html);

    for (const expected of [
      "Checkout of Jane",
      "In sequence",
      "1 of 3 steps sent · Step 2 due Nov 21, 2026, 7:00 AM EST",
      "Send the next step now",
      "Stop the sequence",
      "Sending now skips the quiet hours",
      "Times in the shop's time zone (America/New_York)",
      "Nov 20, 2026, 8:00 AM EST",
      "Step 1 sent",
      "Subject: “You left something in your cart” · Without an offer · 1 click",
      "Linen shirt",
      "Blue / M",
      "2 × $45.00",
      "$90.00",
      "Subtotal (3 items)",
      "$126.00",
      "jane.doe@example.com",
      "Canadian English (en-CA)",
      "CB-7Q2M9XKD",
      "Valid until Nov 24, 2026, 7:00 AM EST",
    ])
      expect(text).toContain(expected);
    expect(html).toMatch(/<time datetime="2026-11-20T13:00:00.000Z">Nov 20, 2026, 8:00 AM EST<\/time>/i);
    expect(html).toContain('src="https://cdn.shopify.com/linen.jpg"');
    expect(html).toContain('alt="Linen shirt"');
  });

  it("shows the last action's answer beside the buttons", () => {
    const text = textOf(
      render({
        answer: {
          tone: "critical",
          title: "Not sent: The shopper unsubscribed.",
          detail: "Nothing was sent and the sequence was not changed.",
        },
      }),
    );
    expect(text).toContain("Not sent: The shopper unsubscribed.");
    expect(text).toContain("Nothing was sent and the sequence was not changed.");
    expect(text.indexOf("Not sent: The shopper unsubscribed.")).toBeLessThan(
      text.indexOf("Send the next step now"),
    );
  });

  it("links the order in the timeline to its page in Shopify admin", () => {
    const html = render({
      detail: {
        ...DETAIL,
        timeline: [
          {
            key: "recovered",
            at: "2026-11-21T12:00:00.000Z",
            atLabel: "Nov 21, 2026, 7:00 AM EST",
            title: "Recovered by email",
            detail: "#1001, $126.00; matched because the order completed this checkout",
            tone: "success",
            order: { label: "#1001", adminUrl: "shopify://admin/orders/5550041" },
          },
        ],
      },
    });
    expect(html).toMatch(/<a [^>]*href="shopify:\/\/admin\/orders\/5550041"[^>]*>#1001<\/a>/);
    expect(html).toMatch(/<a [^>]*target="_top"[^>]*>#1001<\/a>/);
    expect(textOf(html)).toContain("#1001 , $126.00; matched because the order completed this checkout");
  });

  it("lists the segment conditions that held under the enrolment, as text", () => {
    const html = render({
      detail: {
        ...DETAIL,
        timeline: [
          {
            key: "event-e1",
            at: "2026-11-20T12:00:00.000Z",
            atLabel: "Nov 20, 2026, 7:00 AM EST",
            title: "Enrolled in the recovery sequence",
            detail: "Segment: <b>VIP</b> (version 3)",
            tone: undefined,
            because: ["Returning customer", "Cart contains <img src=x onerror=alert(1)>"],
          },
        ],
      },
    });
    const text = textOf(html);
    expect(text).toContain(
      "Segment: &lt;b&gt;VIP&lt;/b&gt; (version 3) Because: Returning customer Cart contains",
    );
    expect(html).toMatch(/<li[^>]*>.*Returning customer.*<\/li>/);
    expect(html).toContain("Cart contains &lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<b>VIP</b>");
  });

  it("names the shopper's language, and shows a tag it cannot name as it came", () => {
    expect(describeLanguage("en-US")).toBe("American English (en-US)");
    expect(describeLanguage("de")).toBe("German (de)");
    expect(describeLanguage("not a tag!")).toBe("not a tag!");
    expect(describeLanguage(null)).toBe("Not given");
  });

  it("disables both actions and says why when the sequence cannot be acted on", () => {
    const html = render({
      detail: {
        ...DETAIL,
        actions: {
          canStop: false,
          canSendNow: false,
          unavailableReason: "The sequence is stopped: The shopper placed an order.",
        },
      },
    });
    expect(textOf(html)).toContain("The sequence is stopped: The shopper placed an order.");
    const buttons =
      html.match(/<button[^>]*>(?:(?!<\/button>).)*(Send the next step now|Stop the sequence)/gs) ?? [];
    expect(buttons).toHaveLength(2);
    for (const button of buttons) expect(button).toMatch(/aria-disabled="true"|disabled=""/);
  });
});

describe("actionBannerOf", () => {
  it("shows an action's answer as it is, and an error's reason as a critical banner", () => {
    expect(actionBannerOf(undefined)).toBeNull();
    expect(actionBannerOf({ tone: "success", title: "Step 2 was sent.", detail: null })).toEqual({
      tone: "success",
      title: "Step 2 was sent.",
      detail: null,
    });
    expect(
      actionBannerOf({ error: "NOT_FOUND", message: "This checkout does not exist in your shop." }),
    ).toEqual({
      tone: "critical",
      title: "This checkout does not exist in your shop.",
      detail: null,
    });
  });
});
