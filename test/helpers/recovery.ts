import { expect } from "vitest";
import { prisma } from "~/db.server";
import { runRecovery, type RecoveryRunOptions } from "~/domain/sequences";
import type { MessageChannel } from "~/domain/messages";
import { action as checkoutAction } from "~/routes/webhooks.checkouts.update";
import { action as orderAction } from "~/routes/webhooks.orders.create";
import { adminGraphqlFor } from "~/shopify.server";
import { editFixture } from "./fixtures";
import { callAction } from "./routes";
import { signedWebhookRequest, TEST_APP_URL } from "./webhooks";
import { NO_DEADLINE } from "./deadlines";

export const HOUR = 60 * 60 * 1000;
export const at = (iso: string) => new Date(iso);
export const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);

export interface AbandonOptions {
  token: string;
  email?: string | null;
  updatedAt: Date;
  acceptsMarketing?: boolean;
  customerId?: string | null;
  firstName?: string;
  /** Replaces the sample's two iPods: [productId, title, price, quantity]. */
  lines?: Array<[productId: number, title: string, price: string, quantity: number]>;
  completedAt?: Date | null;
}

/** A checkout abandoned (last updated at `updatedAt`), delivered through the real checkouts/update route. */
export async function abandonCheckout(shop: string, options: AbandonOptions): Promise<string> {
  const lines = options.lines?.map(([productId, title, price, quantity], index) => ({
    product_id: productId,
    variant_id: productId * 10 + index,
    title,
    variant_title: null,
    quantity,
    price,
    line_price: (Number(price) * quantity).toFixed(2),
    sku: null,
  }));
  const subtotal = lines
    ? lines.reduce((sum, line) => sum + Number(line.line_price), 0).toFixed(2)
    : undefined;
  const body = editFixture("checkouts-update.shopify-sample-2026-07.json", {
    token: options.token,
    cart_token: `cart-${options.token}`,
    email: options.email === undefined ? `${options.token}@shopper.co` : options.email,
    buyer_accepts_marketing: options.acceptsMarketing ?? true,
    created_at: options.updatedAt.toISOString(),
    updated_at: options.updatedAt.toISOString(),
    completed_at: options.completedAt ? options.completedAt.toISOString() : null,
    customer: { id: options.customerId ?? null, first_name: options.firstName ?? "Jane" },
    abandoned_checkout_url: `https://${shop}/1/checkouts/ac/${options.token}/recover?key=secret-${options.token}`,
    ...(lines ? { line_items: lines, subtotal_price: subtotal, total_price: subtotal } : {}),
  });
  const response = await callAction(
    checkoutAction,
    signedWebhookRequest({ topic: "checkouts/update", shop, body }),
  );
  expect(response.status).toBe(200);
  return (
    await prisma.checkout.findUniqueOrThrow({
      where: { shop_token: { shop, token: options.token } },
      select: { id: true },
    })
  ).id;
}

export interface OrderOptions {
  id: string;
  createdAt: Date;
  checkoutToken?: string | null;
  cartToken?: string | null;
  email?: string | null;
  customerId?: string | null;
}

/** An order, delivered through the real orders/create route (any time, before or after its checkout). */
export async function placeOrder(shop: string, options: OrderOptions) {
  const body = editFixture("orders-create.shopify-sample-2026-07.trimmed.json", {
    id: options.id,
    checkout_token: options.checkoutToken ?? null,
    cart_token: options.cartToken ?? null,
    email: options.email ?? "",
    contact_email: options.email ?? null,
    test: false,
    created_at: options.createdAt.toISOString(),
    customer: options.customerId ? { id: options.customerId, email: options.email ?? null } : null,
  });
  const response = await callAction(
    orderAction,
    signedWebhookRequest({ topic: "orders/create", shop, body }),
  );
  expect(response.status).toBe(200);
}

/** One tick of the recovery engine at `now`, for one shop. */
export function tickRecovery(
  shop: string,
  now: Date,
  mailer: MessageChannel,
  options: Pick<RecoveryRunOptions, "adminCalls"> = {},
) {
  return runRecovery({
    now,
    mailer,
    adminFor: adminGraphqlFor,
    appUrl: TEST_APP_URL,
    deadline: NO_DEADLINE,
    shop,
    ...options,
  });
}

/** A tick of every installed shop, as the scheduled job runs it. */
export function tickEveryShop(now: Date, mailer: MessageChannel) {
  return runRecovery({ now, mailer, adminFor: adminGraphqlFor, appUrl: TEST_APP_URL, deadline: NO_DEADLINE });
}

export function enrollmentOf(shop: string, token: string) {
  return prisma.enrollment.findFirstOrThrow({ where: { shop, checkout: { token } } });
}
