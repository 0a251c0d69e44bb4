import { z } from "zod";
import { prisma } from "~/db.server";
import { CheckoutLineSchema } from "~/domain/checkouts";
import {
  CUSTOMER_ORDER_FACTS_PAGE_SIZE,
  GetCustomerOrderFacts,
  type GetCustomerOrderFactsData,
} from "~/graphql/get-customer-order-facts";
import {
  CustomerSegmentMembership,
  MEMBERSHIP_BATCH_SIZE,
  membershipVariables,
} from "~/graphql/customer-segment-membership";
import { runAdminOperation, type AdminGraphql, type RunOptions } from "~/lib/admin-graphql.server";
import { logger } from "~/lib/logger.server";
import { parseMinorUnits } from "~/lib/money";
import { numericIdFromGid } from "~/lib/shopify-ids";
import { createTtlCache } from "~/lib/ttl-cache";
import type { FactNeeds, ShopperFacts } from "./segment-rules";
import { valueTierOf } from "./value-tiers";
import { getValueTierThresholds } from "./value-tiers.server";

/**
 * The facts segment conditions read (segment-rules.ts), for a batch of checkouts at once: a fixed number of
 * queries per batch whatever its size (`in` lists over ids and email hashes), and only for the fact groups the
 * shop's segments use (factNeeds). Sources:
 *
 * - the checkout itself (always): subtotal, currency, language, shipping and billing place codes;
 * - customer: the orders Cartback saw before the checkout (by Shopify customer id or email hash; not test,
 *   not redacted), or, with `adminFor`, Shopify's own count, lifetime spend and last order for shoppers with
 *   a customer account (one call per 50 customers, cached 10 minutes);
 * - Shopify customer segments: one customerSegmentMembership call per customer (cached 10 minutes). Without
 *   Admin access or a customer account the shopper is in none;
 * - value tier: value-tiers.ts, with the shop's threshold (value-tiers.server.ts);
 * - cart: the stored catalog's product type, vendor, tags and collections of the cart's products. Collections
 *   come from the catalog sync (Product.collections); a product the sync has not seen since collections were
 *   imported has none, so CART_COLLECTION matches nothing for it until the next sync;
 * - favourites: the most-bought product type and vendor over the shopper's earlier orders Cartback saw;
 * - behaviour: the shopper's other checkouts (by email hash): the latest abandoned one (one with an
 *   enrolment, enrolled or skipped) before this one, any recovery email clicked, any recovery by email.
 *
 * A failing Admin API call is logged (without personal data) and the app's own orders stand in; it never fails
 * the batch.
 */

/** The checkout columns segment conditions read (place, cart, customer, money). */
export const SEGMENT_CHECKOUT_SELECT = {
  id: true,
  emailHash: true,
  customerId: true,
  subtotalMinor: true,
  currency: true,
  presentmentCurrency: true,
  locale: true,
  lineItems: true,
  shippingCountryCode: true,
  shippingProvinceCode: true,
  billingCountryCode: true,
  billingProvinceCode: true,
  shopifyUpdatedAt: true,
} as const;

export interface CheckoutForSegments {
  id: string;
  emailHash: string | null;
  customerId: string | null;
  subtotalMinor: number;
  currency: string;
  presentmentCurrency: string | null;
  locale: string | null;
  /** The stored JSON array of CheckoutLine. */
  lineItems: string;
  shippingCountryCode: string | null;
  shippingProvinceCode: string | null;
  billingCountryCode: string | null;
  billingProvinceCode: string | null;
  shopifyUpdatedAt: Date;
}

export interface LoadShopperFactsOptions {
  now: Date;
  /** The shop's Admin API; without it customer figures come from the app's orders only. */
  adminFor?: (shop: string) => Promise<AdminGraphql>;
  /** Passed to each Admin call (tests pass a sleep that does not wait). */
  adminRunOptions?: RunOptions;
}

const DAY_MS = 86_400_000;
const CACHE_TTL_MS = 10 * 60_000;
/** ABANDONED_BEFORE reads at most this far back (segment-rules.ts bounds withinDays to 3650). */
const ABANDONED_LOOKBACK_DAYS = 3650;
/** Bounds each `in` list: SQLite and PostgreSQL both cap bound parameters per statement. */
const IN_LIST_CHUNK = 1_000;
/** Fewer attempts than the engine's default: a segment falls back to the app's orders instead of waiting. */
const ADMIN_RUN_DEFAULTS: RunOptions = { maxAttempts: 3, maxDelayMs: 4_000 };
/** Membership calls (of MEMBERSHIP_BATCH_SIZE customers each) in flight at once for one batch. */
const MEMBERSHIP_CONCURRENCY = 4;

interface ShopifyCustomerFigures {
  orderCount: number;
  amountSpentMinor: number | null;
  currency: string;
  lastOrderAt: Date | null;
}

/** Shopify's answer per shop + customer id; null: Shopify knows no such customer. */
const customerFiguresCache = createTtlCache<string, ShopifyCustomerFigures | null>({
  ttlMs: CACHE_TTL_MS,
  maxEntries: 20_000,
});
/** Member segment ids per shop + customer + the segment ids asked about. */
const membershipCache = createTtlCache<string, ReadonlySet<string>>({
  ttlMs: CACHE_TTL_MS,
  maxEntries: 20_000,
});

const OrderLinesSchema = z.array(
  z.object({ productId: z.string().nullish(), quantity: z.number().int().nonnegative().catch(1) }).loose(),
);
const StringArraySchema = z.array(z.string());
const CollectionsSchema = z.array(z.object({ title: z.string() }).loose());
const CheckoutLinesSchema = z.array(CheckoutLineSchema);

function parseJson<T>(text: string, schema: z.ZodType<T>, fallback: T): T {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

function chunk<T>(values: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let at = 0; at < values.length; at += size) chunks.push(values.slice(at, at + size));
  return chunks;
}

async function inChunks<T, R>(values: readonly T[], query: (part: T[]) => Promise<R[]>): Promise<R[]> {
  if (values.length === 0) return [];
  const parts = await Promise.all(chunk(values, IN_LIST_CHUNK).map(query));
  return parts.flat();
}

function distinct<T>(values: Iterable<T | null | undefined>): T[] {
  const set = new Set<T>();
  for (const value of values) if (value !== null && value !== undefined) set.add(value);
  return [...set];
}

function lower(values: Iterable<string | null | undefined>): string[] {
  return distinct([...values].map((value) => value?.trim().toLowerCase() || null));
}

/** The language subtag of a locale, upper case: FR for fr-CA. */
export function languageOf(locale: string | null): string | null {
  const language = locale?.split(/[-_]/)[0] ?? "";
  return /^[A-Za-z]{2,3}$/.test(language) ? language.toUpperCase() : null;
}

interface OrderRow {
  id: string;
  customerId: string | null;
  emailHash: string | null;
  totalMinor: number;
  shopifyCreatedAt: Date;
  lines: string | null;
}

/** The shopper's orders the app saw before the checkout, each once (matched by customer id or email hash). */
function ordersBefore(
  checkout: CheckoutForSegments,
  byCustomer: Map<string, OrderRow[]>,
  byEmail: Map<string, OrderRow[]>,
): OrderRow[] {
  const seen = new Map<string, OrderRow>();
  const candidates = [
    ...(checkout.customerId ? (byCustomer.get(checkout.customerId) ?? []) : []),
    ...(checkout.emailHash ? (byEmail.get(checkout.emailHash) ?? []) : []),
  ];
  for (const order of candidates)
    if (order.shopifyCreatedAt < checkout.shopifyUpdatedAt) seen.set(order.id, order);
  return [...seen.values()];
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const value = key(row);
    if (value === null) continue;
    const group = groups.get(value);
    if (group) group.push(row);
    else groups.set(value, [row]);
  }
  return groups;
}

async function loadOrders(
  shop: string,
  checkouts: readonly CheckoutForSegments[],
  withLines: boolean,
): Promise<OrderRow[]> {
  const customerIds = distinct(checkouts.map((checkout) => checkout.customerId));
  const emailHashes = distinct(checkouts.map((checkout) => checkout.emailHash));
  if (customerIds.length + emailHashes.length === 0) return [];
  const latest = new Date(Math.max(...checkouts.map((checkout) => checkout.shopifyUpdatedAt.getTime())));
  const select = {
    id: true,
    customerId: true,
    emailHash: true,
    totalMinor: true,
    shopifyCreatedAt: true,
    lines: withLines,
  } as const;
  const where = { shop, isTest: false, redactedAt: null, shopifyCreatedAt: { lt: latest } };
  const [byCustomer, byEmail] = await Promise.all([
    inChunks(customerIds, (ids) =>
      prisma.order.findMany({ where: { ...where, customerId: { in: ids } }, select }),
    ),
    inChunks(emailHashes, (hashes) =>
      prisma.order.findMany({ where: { ...where, emailHash: { in: hashes } }, select }),
    ),
  ]);
  const rows = new Map<string, OrderRow>();
  for (const row of [...byCustomer, ...byEmail]) rows.set(row.id, { ...row, lines: row.lines ?? null });
  return [...rows.values()];
}

interface CatalogFacts {
  productType: string | null;
  vendor: string | null;
  tags: string[];
  collections: string[];
}

async function loadProducts(shop: string, productIds: string[]): Promise<Map<string, CatalogFacts>> {
  const rows = await inChunks(productIds, (ids) =>
    prisma.product.findMany({
      where: { shop, productId: { in: ids } },
      select: { productId: true, productType: true, vendor: true, tags: true, collections: true },
    }),
  );
  return new Map(
    rows.map((row) => [
      row.productId,
      {
        productType: row.productType,
        vendor: row.vendor,
        tags: parseJson(row.tags, StringArraySchema, []),
        collections: parseJson(row.collections, CollectionsSchema, []).map((collection) => collection.title),
      },
    ]),
  );
}

/** The most frequent key, ties broken alphabetically so the answer does not depend on row order. */
function mostFrequent(counts: Map<string, number>): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [key, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== null && key < best)) {
      best = key;
      bestCount = count;
    }
  }
  return best;
}

function favouritesOf(orders: readonly OrderRow[], products: Map<string, CatalogFacts>) {
  const types = new Map<string, number>();
  const vendors = new Map<string, number>();
  for (const order of orders) {
    for (const line of parseJson(order.lines ?? "[]", OrderLinesSchema, [])) {
      const product = line.productId ? products.get(line.productId) : undefined;
      if (!product || line.quantity === 0) continue;
      const type = product.productType?.trim().toLowerCase();
      const vendor = product.vendor?.trim().toLowerCase();
      if (type) types.set(type, (types.get(type) ?? 0) + line.quantity);
      if (vendor) vendors.set(vendor, (vendors.get(vendor) ?? 0) + line.quantity);
    }
  }
  return { productType: mostFrequent(types), vendor: mostFrequent(vendors) };
}

type CustomerNode = NonNullable<GetCustomerOrderFactsData["nodes"][number]>;

function figuresOf(node: CustomerNode): ShopifyCustomerFigures | null {
  if (node.numberOfOrders === undefined || !node.amountSpent) return null;
  const orderCount = Number(node.numberOfOrders);
  if (!Number.isSafeInteger(orderCount) || orderCount < 0) return null;
  const currency = node.amountSpent.currencyCode.toUpperCase();
  const lastOrderAt = node.lastOrder?.createdAt ? new Date(node.lastOrder.createdAt) : null;
  return {
    orderCount,
    amountSpentMinor: parseMinorUnits(node.amountSpent.amount, currency),
    currency,
    lastOrderAt: lastOrderAt && !Number.isNaN(lastOrderAt.getTime()) ? lastOrderAt : null,
  };
}

type AdminClient = { graphql: AdminGraphql } | null;

async function adminClient(
  shop: string,
  adminFor: LoadShopperFactsOptions["adminFor"],
  log: typeof logger,
): Promise<AdminClient> {
  if (!adminFor) return null;
  try {
    return { graphql: await adminFor(shop) };
  } catch (error) {
    log.warn(
      { reason: error instanceof Error ? error.name : "unknown" },
      "no Admin API for segment facts; using the orders Cartback saw",
    );
    return null;
  }
}

/** Shopify's figures per customer id (digits); a customer missing from the map: no answer, fall back. */
async function loadShopifyCustomerFigures(
  shop: string,
  admin: AdminClient,
  customerIds: string[],
  options: LoadShopperFactsOptions,
  log: typeof logger,
): Promise<Map<string, ShopifyCustomerFigures | null>> {
  const figures = new Map<string, ShopifyCustomerFigures | null>();
  if (!admin) return figures;
  const now = options.now.getTime();
  const missing: string[] = [];
  for (const customerId of customerIds) {
    const cached = customerFiguresCache.get(`${shop}:${customerId}`, now);
    if (cached !== undefined) figures.set(customerId, cached);
    else missing.push(customerId);
  }
  for (const page of chunk(missing, CUSTOMER_ORDER_FACTS_PAGE_SIZE)) {
    let result;
    try {
      result = await runAdminOperation(
        admin.graphql,
        GetCustomerOrderFacts,
        { ids: page.map((id) => `gid://shopify/Customer/${id}`) },
        { ...ADMIN_RUN_DEFAULTS, logger: log, ...options.adminRunOptions },
      );
    } catch (error) {
      result = { ok: false as const, reason: error instanceof Error ? error.name : "thrown" };
    }
    if (!result.ok) {
      log.warn(
        { reason: result.reason, customers: page.length },
        "Shopify's customer figures unavailable; using the orders Cartback saw",
      );
      continue;
    }
    const answered = new Map<string, ShopifyCustomerFigures | null>();
    for (const node of result.data.nodes) {
      const id = node?.id ? numericIdFromGid(node.id, "Customer") : null;
      if (id && node) answered.set(id, figuresOf(node));
    }
    for (const id of page) {
      const value = answered.get(id) ?? null;
      figures.set(id, value);
      customerFiguresCache.set(`${shop}:${id}`, value, now);
    }
  }
  return figures;
}

async function loadSegmentMemberships(
  shop: string,
  admin: AdminClient,
  customerIds: string[],
  segmentIds: readonly string[],
  options: LoadShopperFactsOptions,
  log: typeof logger,
): Promise<Map<string, ReadonlySet<string>>> {
  const memberships = new Map<string, ReadonlySet<string>>();
  if (!admin || segmentIds.length === 0) return memberships;
  const asked = [...segmentIds].sort();
  const now = options.now.getTime();
  let failures = 0;
  let lastReason = "";
  // Ten customers a call (aliases of Shopify's one-customer field), a few calls at once (the adapter waits out
  // Shopify's per-shop throttling): one customer at a time made a batch of 500 checkouts wait ~25 s at 100 ms
  // a call (bench/segments.ts --admin-latency).
  const keyOf = (customerId: string) => `${shop}:${customerId}:${asked.join(",")}`;
  const toAsk: string[] = [];
  for (const customerId of customerIds) {
    const cached = membershipCache.get(keyOf(customerId), now);
    if (cached) memberships.set(customerId, cached);
    else toAsk.push(customerId);
  }
  const batches = chunk(toAsk, MEMBERSHIP_BATCH_SIZE);
  const lookUp = async (batch: string[]) => {
    let result;
    try {
      result = await runAdminOperation(
        admin.graphql,
        CustomerSegmentMembership,
        membershipVariables(
          batch.map((customerId) => `gid://shopify/Customer/${customerId}`),
          asked,
        ),
        { ...ADMIN_RUN_DEFAULTS, logger: log, ...options.adminRunOptions },
      );
    } catch (error) {
      result = { ok: false as const, reason: error instanceof Error ? error.name : "thrown" };
    }
    if (!result.ok) {
      failures += batch.length;
      lastReason = result.reason;
      return;
    }
    const answer = result.data;
    batch.forEach((customerId, index) => {
      const member = new Set(
        (answer[`c${index}`]?.memberships ?? [])
          .filter((membership) => membership.isMember)
          .map((membership) => membership.segmentId),
      );
      memberships.set(customerId, member);
      membershipCache.set(keyOf(customerId), member, now);
    });
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(MEMBERSHIP_CONCURRENCY, batches.length) }, async () => {
      while (next < batches.length) await lookUp(batches[next++] as string[]);
    }),
  );
  if (failures > 0)
    log.warn(
      { reason: lastReason, customers: failures },
      "Shopify segment membership unavailable; those shoppers count as in no Shopify segment",
    );
  return memberships;
}

interface Behaviour {
  abandoned: { id: string; emailHash: string | null; shopifyUpdatedAt: Date }[];
  clicked: Map<string, Set<string>>;
  recovered: Map<string, Set<string>>;
}

async function loadBehaviour(shop: string, checkouts: readonly CheckoutForSegments[]): Promise<Behaviour> {
  const hashes = distinct(checkouts.map((checkout) => checkout.emailHash));
  const times = checkouts.map((checkout) => checkout.shopifyUpdatedAt.getTime());
  const earliest = new Date(Math.min(...times) - ABANDONED_LOOKBACK_DAYS * DAY_MS);
  const latest = new Date(Math.max(...times));
  const [abandoned, clicks, recoveries] = await Promise.all([
    inChunks(hashes, (part) =>
      prisma.checkout.findMany({
        where: {
          shop,
          emailHash: { in: part },
          enrollment: { isNot: null },
          shopifyUpdatedAt: { gte: earliest, lt: latest },
        },
        select: { id: true, emailHash: true, shopifyUpdatedAt: true },
      }),
    ),
    inChunks(hashes, (part) =>
      prisma.recoverySend.findMany({
        where: { shop, emailHash: { in: part }, firstClickedAt: { not: null } },
        select: { emailHash: true, checkoutId: true },
        distinct: ["emailHash", "checkoutId"],
      }),
    ),
    inChunks(hashes, (part) =>
      prisma.enrollment.findMany({
        where: { shop, emailHash: { in: part }, recoveredByEmail: true },
        select: { emailHash: true, checkoutId: true },
      }),
    ),
  ]);
  const checkoutsByHash = (rows: { emailHash: string | null; checkoutId: string }[]) => {
    const map = new Map<string, Set<string>>();
    for (const row of rows) {
      if (!row.emailHash) continue;
      const set = map.get(row.emailHash) ?? new Set<string>();
      set.add(row.checkoutId);
      map.set(row.emailHash, set);
    }
    return map;
  };
  return { abandoned, clicked: checkoutsByHash(clicks), recovered: checkoutsByHash(recoveries) };
}

function hasOtherCheckout(map: Map<string, Set<string>>, checkout: CheckoutForSegments): boolean {
  const ids = checkout.emailHash ? map.get(checkout.emailHash) : undefined;
  if (!ids) return false;
  return ids.size > 1 || !ids.has(checkout.id);
}

export async function loadShopperFacts(
  context: { shop: string; currency: string },
  checkouts: CheckoutForSegments[],
  needs: FactNeeds,
  options: LoadShopperFactsOptions,
): Promise<Map<string, ShopperFacts>> {
  const facts = new Map<string, ShopperFacts>();
  if (checkouts.length === 0) return facts;
  const { shop } = context;
  const shopCurrency = context.currency.toUpperCase();
  const log = logger.child({ shop, unit: "segment-facts" });
  const needsCustomer = needs.customer || needs.valueTiers;
  const wantsShopify = needsCustomer || needs.shopifySegmentIds.length > 0;
  const admin = wantsShopify ? await adminClient(shop, options.adminFor, log) : null;
  const customerIds = distinct(checkouts.map((checkout) => checkout.customerId));

  const lines = new Map(
    checkouts.map((checkout) => [checkout.id, parseJson(checkout.lineItems, CheckoutLinesSchema, [])]),
  );
  const [orders, thresholds, shopifyFigures, memberships, behaviour] = await Promise.all([
    needsCustomer || needs.favourites ? loadOrders(shop, checkouts, needs.favourites) : [],
    needs.valueTiers ? getValueTierThresholds(shop, options.now) : null,
    needsCustomer
      ? loadShopifyCustomerFigures(shop, admin, customerIds, options, log)
      : new Map<string, ShopifyCustomerFigures | null>(),
    loadSegmentMemberships(shop, admin, customerIds, needs.shopifySegmentIds, options, log),
    needs.behaviour ? loadBehaviour(shop, checkouts) : null,
  ]);
  const ordersByCustomer = groupBy(orders, (order) => order.customerId);
  const ordersByEmail = groupBy(orders, (order) => order.emailHash);

  // One catalog read for the carts' products and the products of earlier orders together.
  const productIds = new Set<string>();
  if (needs.cartCatalog)
    for (const cart of lines.values())
      for (const line of cart) if (line.productId) productIds.add(line.productId);
  if (needs.favourites)
    for (const order of orders)
      for (const line of parseJson(order.lines ?? "[]", OrderLinesSchema, []))
        if (line.productId) productIds.add(line.productId);
  const products =
    productIds.size > 0 ? await loadProducts(shop, [...productIds]) : new Map<string, CatalogFacts>();

  const abandonedByHash = behaviour ? groupBy(behaviour.abandoned, (row) => row.emailHash) : new Map();

  for (const checkout of checkouts) {
    const earlier =
      needsCustomer || needs.favourites ? ordersBefore(checkout, ordersByCustomer, ordersByEmail) : [];
    let customer: ShopperFacts["customer"] = {
      orderCount: earlier.length,
      totalSpentMinor: earlier.reduce((sum, order) => sum + order.totalMinor, 0),
      lastOrderAt: earlier.reduce<Date | null>(
        (latest, order) => (!latest || order.shopifyCreatedAt > latest ? order.shopifyCreatedAt : latest),
        null,
      ),
      source: "APP_ORDERS",
    };
    const shopify = checkout.customerId ? shopifyFigures.get(checkout.customerId) : undefined;
    // Shopify's lifetime spend is in the shop's currency unless the shop changed currency since; a spend in
    // another currency cannot be compared with thresholds in this one, so the app's orders stand in.
    if (shopify && shopify.currency === shopCurrency && shopify.amountSpentMinor !== null)
      customer = {
        orderCount: shopify.orderCount,
        totalSpentMinor: shopify.amountSpentMinor,
        lastOrderAt: shopify.lastOrderAt,
        source: "SHOPIFY",
      };

    const cartProducts = (lines.get(checkout.id) ?? []).flatMap((line) => {
      const product = line.productId ? products.get(line.productId) : undefined;
      return product ? [product] : [];
    });
    const abandonedBefore = checkout.emailHash
      ? ((abandonedByHash.get(checkout.emailHash) ?? []) as Behaviour["abandoned"])
          .filter((row) => row.id !== checkout.id && row.shopifyUpdatedAt < checkout.shopifyUpdatedAt)
          .reduce<Date | null>(
            (latest, row) => (!latest || row.shopifyUpdatedAt > latest ? row.shopifyUpdatedAt : latest),
            null,
          )
      : null;

    facts.set(checkout.id, {
      shopCurrency,
      // Stored in the checkout's `currency`, which Shopify documents as the shop's currency at checkout time
      // (checkout-payload.ts); the presentment amount is not stored, so this is the figure in either case.
      subtotalMinor: checkout.subtotalMinor,
      currency: (checkout.presentmentCurrency ?? checkout.currency).toUpperCase(),
      language: languageOf(checkout.locale),
      shipping: { country: checkout.shippingCountryCode, province: checkout.shippingProvinceCode },
      billing: { country: checkout.billingCountryCode, province: checkout.billingProvinceCode },
      cart: {
        productTypes: lower(cartProducts.map((product) => product.productType)),
        vendors: lower(cartProducts.map((product) => product.vendor)),
        tags: lower(cartProducts.flatMap((product) => product.tags)),
        collections: lower(cartProducts.flatMap((product) => product.collections)),
      },
      customer,
      valueTier: valueTierOf(customer, thresholds?.highAtLeastMinor ?? null),
      favourite: needs.favourites ? favouritesOf(earlier, products) : { productType: null, vendor: null },
      shopifySegmentIds: (checkout.customerId && memberships.get(checkout.customerId)) || new Set<string>(),
      lastAbandonedAt: abandonedBefore,
      clickedBefore: behaviour ? hasOtherCheckout(behaviour.clicked, checkout) : false,
      recoveredBefore: behaviour ? hasOtherCheckout(behaviour.recovered, checkout) : false,
    });
  }
  return facts;
}
