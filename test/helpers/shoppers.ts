import { expect } from "vitest";
import { action as checkoutAction } from "~/routes/webhooks.checkouts.update";
import { action as consentAction } from "~/routes/webhooks.customers_email_marketing_consent.update";
import { action as orderAction } from "~/routes/webhooks.orders.create";
import { editFixture } from "./fixtures";
import { callAction } from "./routes";
import { signedWebhookRequest } from "./webhooks";

/**
 * Shopper data stored the way production stores it: signed checkouts/update, orders/create and consent
 * deliveries through the real routes, built from Shopify's sample payloads.
 */

export interface TestShopper {
  email: string;
  firstName: string;
  /** Exact digits; above 2^53 to exercise exact ids. */
  customerId: string;
}

/** A shopper who may be checking out without a customer account (null id). */
export type CheckoutShopper = Omit<TestShopper, "customerId"> & { customerId: string | null };

const CHECKOUT = "checkouts-update.shopify-sample-2026-07.json";
const ORDER = "orders-create.shopify-sample-2026-07.trimmed.json";

async function deliver(action: typeof checkoutAction, topic: string, shop: string, body: unknown) {
  const response = await callAction(action, signedWebhookRequest({ topic, shop, body }));
  expect(response.status, `${topic} delivery`).toBe(200);
}

/** A checkout of `shopper`, or of a guest who left no email or customer (null). */
export async function storeCheckout(
  shop: string,
  shopper: CheckoutShopper | null,
  { token, cartToken, createdAt }: { token: string; cartToken: string; createdAt?: string },
) {
  const body = editFixture(CHECKOUT, {
    token,
    cart_token: cartToken,
    email: shopper?.email ?? null,
    customer: shopper
      ? { id: shopper.customerId, email: shopper.email, first_name: shopper.firstName }
      : null,
    // The recovery link names the checkout and carries its secret key, as Shopify's does.
    abandoned_checkout_url: `https://checkout.local/548380009/checkouts/${token}/recover?key=key-${token}`,
    customer_locale: "en-CA",
    ...(createdAt ? { created_at: createdAt, updated_at: createdAt } : {}),
  });
  await deliver(checkoutAction, "checkouts/update", shop, body);
}

/** An order of `shopper` (or a guest's), optionally completing a checkout by its token. */
export async function storeOrder(
  shop: string,
  shopper: TestShopper | null,
  { orderId, checkoutToken = null }: { orderId: string; checkoutToken?: string | null },
) {
  const body = editFixture(ORDER, {
    id: orderId,
    email: shopper?.email ?? "",
    contact_email: shopper?.email ?? null,
    customer: shopper ? { id: shopper.customerId, email: shopper.email } : null,
    checkout_token: checkoutToken,
    cart_token: null,
  });
  await deliver(orderAction, "orders/create", shop, body);
}

/** A customers_email_marketing_consent/update for the shopper, with the state as Shopify spells it. */
export async function storeConsent(
  shop: string,
  shopper: TestShopper,
  { state, updatedAt }: { state: string; updatedAt: string },
) {
  await deliver(consentAction, "customers_email_marketing_consent/update", shop, {
    customer_id: shopper.customerId,
    email_address: shopper.email,
    email_marketing_consent: { state, opt_in_level: "single_opt_in", consent_updated_at: updatedAt },
  });
}
