import crypto from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { prisma } from "~/db.server";
import { upsertProduct } from "~/domain/catalog";
import { generateSampleCatalog, type SampleProduct } from "../test/fixtures/sample-catalog";
import { runRecovery } from "~/domain/sequences";
import { loadShopContext } from "~/domain/sequences/shop-context.server";
import { enrollCandidates } from "~/domain/sequences/enroll-candidates.server";
import {
  batchesOf,
  createBatchingTransport,
  createMailer,
  recoverySendBatchKeys,
  RESEND_MAX_BATCH,
} from "~/domain/sending";
import { createSendPacer } from "~/lib/send-pacer.server";
import type { MessageChannel } from "~/domain/messages";
import type { Transport } from "~/domain/sending/transport";
import { defaultShopSettings, saveShopSettings } from "~/domain/shops";
import type { AdminGraphql } from "~/lib/admin-graphql.server";
import { env } from "~/lib/env.server";
import { action as checkoutsUpdate } from "~/routes/webhooks.checkouts.update";
import {
  createFreeShippingDiscountCode,
  createPercentageDiscountCode,
} from "../test/mocks/shopify-discounts";
import { operationNameOf, type AdminCall } from "../test/mocks/shopify-admin";
import { deadlineAfter } from "~/lib/clock.server";

/**
 * The world the tick benchmarks run in, built through the app's own code paths: an installed shop (UTC, so
 * no quiet hours at the benchmark's noon), a generated catalog stored with upsertProduct, abandoned checkouts
 * delivered as signed checkouts/update webhooks to the route, and enrolments made by the engine. Only
 * imported after the environment points at the scratch database (the app reads it at import).
 */

export const WORLD_SHOP = "bench-shop.myshopify.com";
/** Noon UTC; the checkouts were last touched two hours before, so their first step (1 h) is due. */
export const WORLD_NOW = new Date("2026-11-25T12:00:00Z");
const HOUR_MS = 3_600_000;

export async function installWorldShop() {
  const now = Date.now();
  await prisma.session.create({
    data: {
      id: `offline_${WORLD_SHOP}`,
      shop: WORLD_SHOP,
      state: "installed",
      isOnline: false,
      scope: "read_orders,read_products,read_customers,write_customers,write_discounts",
      accessToken: "shpat_bench",
      expires: new Date(now + 24 * HOUR_MS),
    },
  });
  await prisma.shop.create({
    data: {
      domain: WORLD_SHOP,
      name: "Bench Outfitters",
      currency: "USD",
      timezone: "UTC",
      contactEmail: "hello@bench-shop.example",
      installedAt: new Date(now - 60_000),
    },
  });
  // The default sequence, with an offer on the first step too, so every send goes through the discount path.
  const settings = defaultShopSettings("USD");
  settings.steps = settings.steps.map((step) => ({ ...step, offer: true }));
  await saveShopSettings(WORLD_SHOP, settings);
}

/** `count` products in 10 categories, stored 500 to a transaction as a catalog sync would. */
export async function seedCatalog(count: number): Promise<SampleProduct[]> {
  const products = generateSampleCatalog({
    categories: 10,
    productsPerCategory: Math.ceil(count / 10),
  }).slice(0, count);
  for (let start = 0; start < products.length; start += 500) {
    await prisma.$transaction(async (tx) => {
      for (const product of products.slice(start, start + 500)) await upsertProduct(tx, WORLD_SHOP, product);
    });
  }
  return products;
}

function checkoutPayload(index: number, products: SampleProduct[], updatedAt: Date) {
  const lineCount = 1 + (index % 3);
  const lines = Array.from({ length: lineCount }, (_, line) => {
    const product = products[(index * 7 + line * 131) % products.length] as SampleProduct;
    const quantity = 1 + ((index + line) % 2);
    const price = (product.priceMinMinor / 100).toFixed(2);
    return {
      product_id: Number(product.productId),
      variant_id: Number(product.productId) * 10,
      title: product.title,
      variant_title: null,
      quantity,
      price,
      line_price: ((product.priceMinMinor * quantity) / 100).toFixed(2),
      sku: null,
      image_url: product.imageUrl,
    };
  });
  const subtotal = (
    lines.reduce((sum, line) => sum + Math.round(Number(line.line_price) * 100), 0) / 100
  ).toFixed(2);
  const token = `bench${String(index).padStart(7, "0")}`;
  return {
    id: 9_000_000_000 + index,
    token,
    cart_token: `cart-${token}`,
    email: `shopper-${index}@mail-bench.co`,
    buyer_accepts_marketing: true,
    created_at: new Date(updatedAt.getTime() - 10 * 60_000).toISOString(),
    updated_at: updatedAt.toISOString(),
    completed_at: null,
    customer_locale: index % 5 === 0 ? "fr-FR" : "en-US",
    currency: "USD",
    presentment_currency: "USD",
    subtotal_price: subtotal,
    total_price: subtotal,
    abandoned_checkout_url: `https://${WORLD_SHOP}/1/checkouts/ac/${token}/recover?key=k${index}`,
    source_name: "web",
    customer: index % 2 === 0 ? { id: 100_000 + index, first_name: "Jane" } : { id: null, first_name: "Sam" },
    line_items: lines,
  };
}

/** `count` abandoned checkouts, each a signed checkouts/update delivery handled by the route. */
export async function ingestCheckouts(count: number, products: SampleProduct[]) {
  const updatedAt = new Date(WORLD_NOW.getTime() - 2 * HOUR_MS);
  for (let index = 0; index < count; index++) {
    const body = JSON.stringify(checkoutPayload(index, products, updatedAt));
    const request = new Request(`${env.SHOPIFY_APP_URL}/webhooks/checkouts/update`, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": "checkouts/update",
        "x-shopify-shop-domain": WORLD_SHOP,
        "x-shopify-api-version": "2026-10",
        "x-shopify-webhook-id": crypto.randomUUID(),
        "x-shopify-hmac-sha256": crypto
          .createHmac("sha256", env.SHOPIFY_API_SECRET)
          .update(body)
          .digest("base64"),
      },
    });
    const response = await checkoutsUpdate({ request, params: {}, context: {} } as ActionFunctionArgs);
    if (response.status !== 200)
      throw new Error(`checkout ${index}: ${response.status} ${await response.text()}`);
  }
}

/**
 * Runs the engine's enrolment until every checkout is decided; returns the enrolments by status. `adminFor`
 * is what the tick passes (segment conditions ask the Admin API about customers); without it, none is asked.
 */
export async function enrollAll(
  adminFor?: (shop: string) => Promise<AdminGraphql>,
): Promise<Record<string, number>> {
  const context = await loadShopContext(WORLD_SHOP);
  if (!context) throw new Error("the bench shop is not installed");
  while (Object.keys(await enrollCandidates(context, { now: WORLD_NOW, limit: 500, adminFor })).length > 0);
  const rows = await prisma.enrollment.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(rows.map((row) => [row.status, row._count._all]));
}

/**
 * The Admin API as the tests mock it, without HTTP: discount creation answered by the same resolvers (which
 * validate the input as Shopify does). Anything else is an error, so the benchmark notices new calls.
 */
export function mockedAdminFor(): (shop: string) => Promise<AdminGraphql> {
  const resolvers: Record<string, (call: AdminCall) => unknown> = {
    discountCodeBasicCreate: createPercentageDiscountCode,
    discountCodeFreeShippingCreate: createFreeShippingDiscountCode,
  };
  return async (shop) => async (query, options) => {
    const operationName = operationNameOf(query);
    const mutation = Object.keys(resolvers).find((name) => query.includes(name));
    if (!mutation)
      return Response.json({ errors: [{ message: `no mock for ${operationName}` }] }, { status: 500 });
    const resolve = resolvers[mutation] as (call: AdminCall) => unknown;
    return Response.json(await resolve({ shop, operationName, variables: options?.variables ?? {} }));
  };
}

/** Delivers nothing and counts: what the benchmark checks "exactly once" with. */
export function countingTransport() {
  const keys: string[] = [];
  const transport: Transport = {
    async deliver(email, { idempotencyKey }) {
      if (!email.html || !email.text) throw new Error("an email without a body");
      keys.push(idempotencyKey);
      return { ok: true, providerMessageId: `bench-${keys.length}` };
    },
  };
  return { transport, keys };
}

export interface TickRun {
  ticks: number;
  counts: Record<string, number>;
}

/**
 * Ticks the recovery engine (as POST /jobs/tick does, for this shop) until no step is due. Template copy: AI
 * copy is a network wait, not work of ours.
 */
export async function tickUntilDone(mailer: MessageChannel, adminFor = mockedAdminFor()): Promise<TickRun> {
  const counts: Record<string, number> = {};
  let ticks = 0;
  for (;;) {
    ticks++;
    const result = await runRecovery({
      now: WORLD_NOW,
      mailer,
      adminFor,
      appUrl: env.SHOPIFY_APP_URL,
      deadline: deadlineAfter(25_000),
      shop: WORLD_SHOP,
    });
    let stepped = 0;
    for (const [key, value] of Object.entries(result)) {
      counts[key] = (counts[key] ?? 0) + value;
      if (key.startsWith("step_")) stepped += value;
    }
    if (stepped === 0) return { ticks, counts };
  }
}

/**
 * The app's mailer (recommendations, template copy without a Gemini key, react-email) delivering as the app
 * does, in provider batches with their keys written down, to `transport`. The request budget is no limit
 * here: this is the tick's own throughput (bench/provider-rate.ts measures the provider's ceiling).
 */
export function benchMailer(transport: Transport): MessageChannel {
  return createMailer({
    transport: createBatchingTransport({
      provider: batchesOf(transport, { maxBatch: RESEND_MAX_BATCH }),
      pacer: createSendPacer({ requestsPerSecond: 100_000 }),
      batchKeys: recoverySendBatchKeys,
    }),
  });
}

export async function sendCounts() {
  const rows = await prisma.recoverySend.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(rows.map((row) => [row.status, row._count._all]));
}

export { prisma };
