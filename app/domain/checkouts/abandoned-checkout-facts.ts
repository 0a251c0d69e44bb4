import type { AbandonedCheckoutNode } from "~/graphql/list-abandoned-checkouts";
import { numericIdFromGid } from "~/lib/shopify-ids";
import {
  CheckoutPayloadError,
  CheckoutPayloadSchema,
  toCheckoutFacts,
  type CheckoutFacts,
} from "./checkout-payload";
import { RECONCILED_TOKEN_PREFIX } from "./reconciled-token";

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * What an abandoned checkout's recovery URL says about its identity. Shopify's URL names either the checkout
 * (`…/checkouts/<token>/recover?key=…`) or, for newer checkouts, its cart (`…/checkouts/ac/<cart token>/recover`,
 * `cn` likewise); AbandonedCheckout has no token field of its own.
 */
export function tokensFromRecoveryUrl(url: string): { token: string | null; cartToken: string | null } {
  let segments: string[];
  try {
    segments = new URL(url).pathname.split("/").filter(Boolean);
  } catch {
    return { token: null, cartToken: null };
  }
  const at = segments.lastIndexOf("checkouts");
  if (at < 0) return { token: null, cartToken: null };
  const first = segments[at + 1] ?? "";
  if (first === "ac" || first === "cn") {
    const cartToken = segments[at + 2] ?? "";
    return { token: null, cartToken: TOKEN_PATTERN.test(cartToken) ? cartToken : null };
  }
  return { token: TOKEN_PATTERN.test(first) ? first : null, cartToken: null };
}

export interface ReconciledFacts {
  facts: CheckoutFacts & { shopifyId: string };
  /** False when only the cart token was known and `facts.token` is a stand-in. */
  hasRealToken: boolean;
}

/**
 * The facts of a checkout from Shopify's abandoned-checkouts list, through the webhooks' own parser (the
 * same money, locale and URL rules), shaped as the webhook payload would carry them. Throws
 * CheckoutPayloadError for an answer that is not a checkout Cartback can keep.
 */
export function toReconciledFacts(node: AbandonedCheckoutNode): ReconciledFacts {
  const shopifyId = numericIdFromGid(node.id, "AbandonedCheckout");
  if (!shopifyId)
    throw new CheckoutPayloadError(`id: "${node.id.slice(0, 80)}" is not an abandoned checkout id`);
  const { token, cartToken } = tokensFromRecoveryUrl(node.abandonedCheckoutUrl);
  const customer = node.customer;
  const email = customer?.defaultEmailAddress?.emailAddress ?? null;
  const parsed = CheckoutPayloadSchema.safeParse({
    id: shopifyId,
    token: token ?? `${RECONCILED_TOKEN_PREFIX}${shopifyId}`,
    cart_token: cartToken,
    email,
    buyer_accepts_marketing: customer?.defaultEmailAddress?.marketingState === "SUBSCRIBED",
    created_at: node.createdAt,
    updated_at: node.updatedAt,
    completed_at: node.completedAt,
    customer_locale: customer?.locale ?? null,
    currency: node.subtotalPriceSet.shopMoney.currencyCode,
    presentment_currency: node.subtotalPriceSet.presentmentMoney.currencyCode,
    subtotal_price: node.subtotalPriceSet.shopMoney.amount,
    total_price: node.totalPriceSet.shopMoney.amount,
    line_items: node.lineItems.nodes.map((line) => ({
      product_id: line.product ? numericIdFromGid(line.product.id, "Product") : null,
      variant_id: line.variant ? numericIdFromGid(line.variant.id, "ProductVariant") : null,
      title: line.title,
      variant_title: line.variantTitle,
      quantity: line.quantity,
      price: line.originalUnitPriceSet.shopMoney.amount,
      sku: line.sku,
    })),
    abandoned_checkout_url: node.abandonedCheckoutUrl,
    shipping_address: node.shippingAddress
      ? {
          first_name: node.shippingAddress.firstName,
          country_code: node.shippingAddress.countryCodeV2,
          province_code: node.shippingAddress.provinceCode,
        }
      : null,
    billing_address: node.billingAddress
      ? { country_code: node.billingAddress.countryCodeV2, province_code: node.billingAddress.provinceCode }
      : null,
    customer: customer
      ? { id: numericIdFromGid(customer.id, "Customer"), email, first_name: customer.firstName }
      : null,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CheckoutPayloadError(`${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
  }
  return { facts: { ...toCheckoutFacts(parsed.data), shopifyId }, hasRealToken: token !== null };
}
