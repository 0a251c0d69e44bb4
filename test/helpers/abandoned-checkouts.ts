import type { AbandonedCheckoutNode } from "~/graphql/list-abandoned-checkouts";
import { putShopifyAbandonedCheckout } from "../mocks/shopify-admin";

export interface ShopifyCheckoutOptions {
  /** Shopify's checkout id (digits). */
  id: string;
  /** The recovery URL names the checkout's token… */
  token?: string;
  /** …or, when no token is given, its cart (`/checkouts/ac/<cart token>/recover`). */
  cartToken?: string;
  email?: string | null;
  /** Shopify's customer of the email (digits); one derived from the checkout id by default. */
  customerId?: string;
  acceptsMarketing?: boolean;
  firstName?: string | null;
  locale?: string;
  updatedAt: Date;
  createdAt?: Date;
  completedAt?: Date | null;
  currency?: string;
  /** [productId, title, unit price, quantity, variantId?]; one $199.00 iPod by default. */
  lines?: Array<[productId: number, title: string, price: string, quantity: number, variantId?: string]>;
  storefront?: string;
}

/** An AbandonedCheckout as the Admin API answers it in abandonedCheckouts. */
export function abandonedCheckoutNode(shop: string, options: ShopifyCheckoutOptions): AbandonedCheckoutNode {
  const currency = options.currency ?? "USD";
  const lines: NonNullable<ShopifyCheckoutOptions["lines"]> = options.lines ?? [
    [632910392, "IPod Nano - 8GB", "199.00", 1],
  ];
  const subtotal = lines.reduce((sum, [, , price, quantity]) => sum + Number(price) * quantity, 0).toFixed(2);
  const base = options.storefront ?? `https://${shop}/54321`;
  const path = options.token ? options.token : `ac/${options.cartToken ?? `cart-${options.id}`}`;
  const email = options.email === undefined ? `shopper-${options.id}@shopper.co` : options.email;
  return {
    id: `gid://shopify/AbandonedCheckout/${options.id}`,
    abandonedCheckoutUrl: `${base}/checkouts/${path}/recover?key=secret-${options.id}`,
    createdAt: (options.createdAt ?? options.updatedAt).toISOString(),
    updatedAt: options.updatedAt.toISOString(),
    completedAt: options.completedAt ? options.completedAt.toISOString() : null,
    customer:
      email === null
        ? null
        : {
            id: `gid://shopify/Customer/${options.customerId ?? `${options.id}0`}`,
            firstName: options.firstName === undefined ? "Jane" : options.firstName,
            locale: options.locale ?? "en",
            defaultEmailAddress: {
              emailAddress: email,
              marketingState: options.acceptsMarketing === false ? "NOT_SUBSCRIBED" : "SUBSCRIBED",
            },
          },
    shippingAddress: { countryCodeV2: "US", firstName: options.firstName ?? "Jane" },
    subtotalPriceSet: {
      shopMoney: { amount: subtotal, currencyCode: currency },
      presentmentMoney: { currencyCode: currency },
    },
    totalPriceSet: { shopMoney: { amount: subtotal, currencyCode: currency } },
    lineItems: {
      nodes: lines.map(([productId, title, price, quantity, variantId], index) => ({
        title,
        variantTitle: null,
        sku: null,
        quantity,
        product: { id: `gid://shopify/Product/${productId}` },
        variant: { id: `gid://shopify/ProductVariant/${variantId ?? productId * 10 + index}` },
        originalUnitPriceSet: { shopMoney: { amount: price } },
      })),
    },
  };
}

/** Puts a checkout in Shopify's (mocked) list of the shop's abandoned checkouts. */
export function listInShopify(shop: string, options: ShopifyCheckoutOptions): AbandonedCheckoutNode {
  const node = abandonedCheckoutNode(shop, options);
  putShopifyAbandonedCheckout(shop, node);
  return node;
}
