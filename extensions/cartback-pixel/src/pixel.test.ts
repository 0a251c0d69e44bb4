import { describe, expect, it } from "vitest";
import { PixelEventSchema } from "../../../app/domain/pixel/pixel-event-schema";
import { compactEvent, PIXEL_EVENT_NAMES, startPixel } from "./pixel";

/** What the pixel manager gives a pixel, minus the browser: subscriptions are kept so a test can fire them. */
function standIn({
  settings = { accountKey: "k".repeat(32), endpoint: "https://cartback.example.com/pixel/events" },
  marketingAllowed = true,
}: { settings?: Record<string, unknown>; marketingAllowed?: boolean } = {}) {
  const handlers = new Map<string, (event: unknown) => void>();
  let consentHandler: ((event: { customerPrivacy: { marketingAllowed: boolean } }) => void) | undefined;
  const sent: Array<{ endpoint: string; body: Record<string, unknown> }> = [];
  const api = {
    settings,
    analytics: {
      subscribe: (name: string, handler: (event: unknown) => void) => {
        handlers.set(name, handler);
        return () => true;
      },
    },
    init: {
      data: { shop: { myshopifyDomain: "maple.myshopify.com" } },
      customerPrivacy: { marketingAllowed },
    },
    customerPrivacy: {
      subscribe: (_name: string, handler: typeof consentHandler) => {
        consentHandler = handler;
      },
    },
  } as unknown as Parameters<typeof startPixel>[0];
  const subscriptions = startPixel(api, (endpoint, body) => sent.push({ endpoint, body: JSON.parse(body) }));
  return {
    subscriptions,
    sent,
    fire: (name: string, event: unknown) => handlers.get(name)?.(event),
    consent: (allowed: boolean) => consentHandler?.({ customerPrivacy: { marketingAllowed: allowed } }),
  };
}

const checkoutEvent = (overrides: Record<string, unknown> = {}) => ({
  id: "sh-1",
  timestamp: "2026-11-21T10:00:00.000Z",
  data: {
    checkout: {
      token: "abc123",
      email: "jane@example.org",
      buyerAcceptsEmailMarketing: true,
      totalPrice: { amount: 80, currencyCode: "USD" },
      ...overrides,
    },
  },
});

describe("the web pixel", () => {
  it("subscribes to the four events and posts each as a compact event the endpoint accepts", () => {
    const pixel = standIn();
    expect(pixel.subscriptions).toBe(4);
    pixel.fire("checkout_contact_info_submitted", checkoutEvent());
    pixel.fire("checkout_completed", checkoutEvent());
    pixel.fire("product_added_to_cart", {
      id: "sh-3",
      timestamp: "2026-11-21T10:01:00.000Z",
      data: {
        cartLine: {
          quantity: 2,
          merchandise: { id: "gid://shopify/ProductVariant/1" },
          cost: { totalAmount: { amount: 50, currencyCode: "USD" } },
        },
      },
    });
    expect(pixel.sent.map((post) => post.body.name)).toEqual([
      "checkout_contact_info_submitted",
      "checkout_completed",
      "product_added_to_cart",
    ]);
    expect(pixel.sent[0]).toEqual({
      endpoint: "https://cartback.example.com/pixel/events",
      body: {
        v: 1,
        name: "checkout_contact_info_submitted",
        id: "sh-1",
        at: "2026-11-21T10:00:00.000Z",
        shop: "maple.myshopify.com",
        accountKey: "k".repeat(32),
        checkoutToken: "abc123",
        email: "jane@example.org",
        acceptsMarketing: true,
        amount: "80.00",
        currency: "USD",
      },
    });
    for (const post of pixel.sent)
      expect(PixelEventSchema.safeParse(post.body).success, String(post.body.name)).toBe(true);
  });

  it("sends nothing while the visitor does not allow marketing, and follows a change of mind", () => {
    const pixel = standIn({ marketingAllowed: false });
    pixel.fire("checkout_started", checkoutEvent());
    expect(pixel.sent).toEqual([]);
    pixel.consent(true);
    pixel.fire("checkout_started", checkoutEvent());
    pixel.consent(false);
    pixel.fire("checkout_completed", checkoutEvent());
    expect(pixel.sent.map((post) => post.body.name)).toEqual(["checkout_started"]);
  });

  it("does nothing without its settings, or with an endpoint that is not https", () => {
    expect(standIn({ settings: {} }).subscriptions).toBe(0);
    expect(
      standIn({ settings: { accountKey: "k".repeat(32), endpoint: "http://evil.example/x" } }).subscriptions,
    ).toBe(0);
  });

  it("skips checkout events without a token, and bounds what it copies", () => {
    const identity = { shop: "maple.myshopify.com", accountKey: "k".repeat(32) };
    expect(compactEvent("checkout_started", checkoutEvent({ token: null }), identity)).toBeNull();
    const long = compactEvent(
      "checkout_started",
      checkoutEvent({ email: `${"a".repeat(1000)}@x.org` }),
      identity,
    );
    expect(long?.email?.length).toBe(320);
    expect(
      compactEvent("checkout_started", checkoutEvent({ totalPrice: { amount: Number.NaN } }), identity),
    ).not.toHaveProperty("amount");
    expect(PIXEL_EVENT_NAMES).toHaveLength(4);
  });
});
