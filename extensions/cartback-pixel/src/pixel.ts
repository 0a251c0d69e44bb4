import type { ExtensionApi } from "@shopify/web-pixels-extension";

/**
 * What Cartback's web pixel does: it subscribes to four standard events and posts each as a compact event to
 * the app (settings.endpoint). It sends only while the visitor allows marketing (the pixel manager loads it
 * only then, and a later change of mind is followed), and only what recovery needs: the checkout's token,
 * the email the shopper typed, whether they accept marketing, the amounts. The app treats all of it as
 * untrusted (app/routes/pixel.events.ts).
 */

export const PIXEL_EVENT_NAMES = [
  "checkout_started",
  "checkout_contact_info_submitted",
  "product_added_to_cart",
  "checkout_completed",
] as const;
export type PixelEventName = (typeof PIXEL_EVENT_NAMES)[number];

/** The wire format, version 1. */
export interface CompactPixelEvent {
  v: 1;
  name: PixelEventName;
  /** The standard event's id, so a retried post is recognisable. */
  id: string;
  /** When it happened in the browser (ISO 8601). */
  at: string;
  shop: string;
  accountKey: string;
  checkoutToken?: string;
  email?: string;
  acceptsMarketing?: boolean;
  /** Checkout total, or the added line's cost, as a decimal string, with its currency. */
  amount?: string;
  currency?: string;
  /** product_added_to_cart: the variant and how many. */
  variantId?: string;
  quantity?: number;
}

type PixelApi = Pick<ExtensionApi, "analytics" | "settings" | "init" | "customerPrivacy">;
export type Send = (endpoint: string, body: string) => void;

interface MoneyLike {
  amount?: number | null;
  currencyCode?: string | null;
}
interface CheckoutLike {
  token?: string | null;
  email?: string | null;
  buyerAcceptsEmailMarketing?: boolean | null;
  totalPrice?: MoneyLike | null;
  currencyCode?: string | null;
}
interface StandardEvent {
  id?: string;
  timestamp?: string;
  data?: {
    checkout?: CheckoutLike | null;
    cartLine?: {
      quantity?: number;
      cost?: { totalAmount?: MoneyLike | null };
      merchandise?: { id?: string | null };
    } | null;
  };
}

/** Posts with keepalive, so an event sent as the page unloads still leaves. text/plain needs no preflight. */
export const sendWithFetch: Send = (endpoint, body) => {
  void fetch(endpoint, {
    method: "POST",
    body,
    keepalive: true,
    headers: { "Content-Type": "text/plain" },
  }).catch(() => {});
};

const text = (value: unknown, max: number) =>
  typeof value === "string" && value.length > 0 ? value.slice(0, max) : undefined;

function amountOf(money: MoneyLike | null | undefined): { amount?: string; currency?: string } {
  if (!money || typeof money.amount !== "number" || !Number.isFinite(money.amount)) return {};
  return { amount: money.amount.toFixed(2), currency: text(money.currencyCode, 3) };
}

/** The compact event for a standard event, or null when it carries nothing Cartback uses. */
export function compactEvent(
  name: PixelEventName,
  event: StandardEvent,
  identity: { shop: string; accountKey: string },
): CompactPixelEvent | null {
  const base = {
    v: 1 as const,
    name,
    id: text(event.id, 100) ?? `${name}-${Date.now()}`,
    at: text(event.timestamp, 40) ?? new Date().toISOString(),
    ...identity,
  };
  if (name === "product_added_to_cart") {
    const line = event.data?.cartLine;
    if (!line) return null;
    return {
      ...base,
      variantId: text(line.merchandise?.id, 100),
      quantity: typeof line.quantity === "number" ? line.quantity : undefined,
      ...amountOf(line.cost?.totalAmount),
    };
  }
  const checkout = event.data?.checkout;
  const checkoutToken = text(checkout?.token, 255);
  if (!checkout || !checkoutToken) return null;
  return {
    ...base,
    checkoutToken,
    email: text(checkout.email, 320),
    acceptsMarketing:
      typeof checkout.buyerAcceptsEmailMarketing === "boolean"
        ? checkout.buyerAcceptsEmailMarketing
        : undefined,
    ...amountOf(checkout.totalPrice),
  };
}

/** Starts the pixel: returns how many subscriptions it made (none when it is not configured). */
export function startPixel(api: PixelApi, send: Send = sendWithFetch): number {
  const endpoint = text(api.settings.endpoint, 2048);
  const accountKey = text(api.settings.accountKey, 64);
  const shop = api.init.data.shop.myshopifyDomain;
  if (!endpoint || !accountKey || !shop || !endpoint.startsWith("https://")) return 0;
  let marketingAllowed = api.init.customerPrivacy.marketingAllowed;
  api.customerPrivacy.subscribe("visitorConsentCollected", (event) => {
    marketingAllowed = event.customerPrivacy.marketingAllowed;
  });
  for (const name of PIXEL_EVENT_NAMES) {
    api.analytics.subscribe(name, (event: StandardEvent) => {
      if (!marketingAllowed) return;
      const compact = compactEvent(name, event, { shop, accountKey });
      if (compact) send(endpoint, JSON.stringify(compact));
    });
  }
  return PIXEL_EVENT_NAMES.length;
}
