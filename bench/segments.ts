import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { benchEnvironment, numberOption, profileWhile, root, writeResult } from "./lib";
import { createScratchDatabase } from "./scratch-database";
import type * as RecoveryWorld from "./recovery-world";
import type { SampleProduct } from "../test/fixtures/sample-catalog";
import type { Prisma } from "~/db.server";
import type { AdminGraphql } from "~/lib/admin-graphql.server";

/**
 * npm run bench:segments -- [--checkouts 10000] [--products 1000] [--runs 1] [--cpu-prof] [--postgres]
 *
 * What segment matching adds to the tick. The tick's world (bench/recovery-world.ts: N due checkouts arriving
 * as signed webhooks, a catalog of 1,000 products) plus a shopper history: orders the app saw for a third of
 * the shoppers (so returning customers, spend, value tiers and favourites exist), an earlier abandoned and
 * emailed checkout for 15% of them (a third of those clicked), shipping and billing countries. The same world
 * is measured twice, each configuration in its own process on its own scratch database (the segments code
 * keeps process-level caches: Shopify's customer figures, memberships, value tiers, sequence versions):
 *
 * - none: the shop has no segments (every checkout gets the shop's sequence, no shopper facts are read);
 * - segments: 20 segments whose conditions make the loader read every fact group (customer figures from the
 *   Admin API and the app's orders, value tiers, the cart's catalog facts, favourites, earlier checkouts,
 *   clicks and recoveries, a Shopify customer segment); the first 17 rarely or never match, so nearly every
 *   checkout is judged against all of them, the last 3 catch about 70% of the checkouts with strategies of
 *   their own (an offer on step 1 and the shop's tier structure, so the sends do the same work).
 *
 * Timed as bench/tick.ts times the tick: the engine's enrolment of every checkout, then the recovery ticks
 * until no step is due. The Admin API is answered in-process (the tests' discount resolvers, and customer
 * figures and segment memberships built from the seeded orders), so Shopify's network time is not in the
 * figures: the calls made are counted instead. Target: segments add at most 20% to enrolment + sends.
 * `--cpu-prof` writes profiles of each configuration's enrolment and send phases to
 * bench-results/segments-<configuration>-<phase>.cpuprofile. `--runs N` alternates the configurations N times
 * (none, segments, segments, none, ...) and reports medians.
 */

const args = process.argv.slice(2);
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const SEGMENTS_TARGET_PERCENT = 20;
export const SEGMENT_COUNT = 20;

type Configuration = "none" | "segments";

/** The Shopify customer segment that condition 4 asks about; its members are every 40th customer. */
const SHOPIFY_SEGMENT_ID = "gid://shopify/Segment/7001";

/** The index a world checkout was generated from (its token is `bench` + 7 digits). */
const indexOf = (token: string) => Number(token.slice("bench".length));

const money = (major: number) => major * 100;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / 1000);
};
const sequenceOf = (subject: string, percentOff: number) => ({
  steps: [
    { delayMinutes: 60, offer: true, subject, subjectB: null },
    { delayMinutes: 24 * 60, offer: true, subject: `${subject}, still here`, subjectB: null },
  ],
  // The shop's tier structure (bench/recovery-world.ts: free shipping, plus a percentage from $100), so a
  // send makes as many codes as in the shop's sequence and the sends cost the same in both configurations.
  tiers: [
    { minimumSubtotalMinor: 0, percentOff: 0, freeShipping: true },
    { minimumSubtotalMinor: money(100), percentOff, freeShipping: true },
    { minimumSubtotalMinor: money(500), percentOff: percentOff + 10, freeShipping: true },
  ],
  codeLifetimeHours: 48,
  holdoutPercent: 0,
});

/**
 * Twenty segments as a merchant might build them, in order. The first 17 ask about what few or no shoppers of
 * this world have (so every checkout is judged against each); the last three catch returning customers,
 * French speakers and repeat abandoners.
 */
export function benchSegments() {
  const rule = (match: "ALL" | "ANY", conditions: unknown[]) => ({ match, conditions });
  const rows: Array<{ name: string; rule: unknown; percentOff: number }> = [
    {
      name: "Returning, high-value",
      rule: rule("ALL", [
        { kind: "CUSTOMER_TYPE", value: "RETURNING" },
        { kind: "VALUE_TIER", tiers: ["HIGH"] },
        { kind: "TOTAL_SPENT", comparison: "AT_LEAST", amountMinor: money(5_000) },
      ]),
      percentOff: 0,
    },
    {
      name: "Loyal: 10 orders or more",
      rule: rule("ALL", [{ kind: "ORDER_COUNT", comparison: "AT_LEAST", value: 10 }]),
      percentOff: 5,
    },
    {
      name: "Lapsed a year",
      rule: rule("ALL", [
        { kind: "CUSTOMER_TYPE", value: "RETURNING" },
        { kind: "DAYS_SINCE_LAST_ORDER", comparison: "AT_LEAST", days: 400 },
      ]),
      percentOff: 15,
    },
    {
      name: "Shopify VIPs, big carts",
      rule: rule("ALL", [
        { kind: "SHOPIFY_SEGMENT", segmentId: SHOPIFY_SEGMENT_ID, name: "VIP" },
        { kind: "CART_SUBTOTAL", comparison: "AT_LEAST", amountMinor: money(2_000) },
      ]),
      percentOff: 0,
    },
    {
      name: "Japan",
      rule: rule("ANY", [
        { kind: "COUNTRY", address: "SHIPPING", codes: ["JP"] },
        { kind: "COUNTRY", address: "BILLING", codes: ["JP"] },
      ]),
      percentOff: 10,
    },
    {
      name: "Quebec and Ontario",
      rule: rule("ALL", [{ kind: "PROVINCE", address: "SHIPPING", codes: ["CA-QC", "CA-ON"] }]),
      percentOff: 10,
    },
    {
      name: "German speakers",
      rule: rule("ALL", [{ kind: "LOCALE", codes: ["DE"] }]),
      percentOff: 10,
    },
    {
      name: "Euro market",
      rule: rule("ALL", [{ kind: "CURRENCY", codes: ["EUR"] }]),
      percentOff: 10,
    },
    {
      name: "First-time, very big cart",
      rule: rule("ALL", [
        { kind: "CUSTOMER_TYPE", value: "NEW" },
        { kind: "CART_SUBTOTAL", comparison: "AT_LEAST", amountMinor: money(3_000) },
      ]),
      percentOff: 15,
    },
    {
      name: "Trail runners who come back",
      rule: rule("ALL", [
        { kind: "CART_PRODUCT_TYPE", values: ["Trail Shoes"] },
        { kind: "FAVOURITE_PRODUCT_TYPE", values: ["Trail Shoes"] },
        { kind: "ORDER_COUNT", comparison: "AT_LEAST", value: 6 },
      ]),
      percentOff: 10,
    },
    {
      name: "House brand fans",
      rule: rule("ANY", [
        { kind: "CART_VENDOR", values: ["Bench House Brand"] },
        { kind: "FAVOURITE_VENDOR", values: ["Bench House Brand"] },
      ]),
      percentOff: 5,
    },
    {
      name: "Clearance, high tier",
      rule: rule("ALL", [
        { kind: "CART_TAG", values: ["sale", "gift"] },
        { kind: "VALUE_TIER", tiers: ["HIGH"] },
        { kind: "ORDER_COUNT", comparison: "AT_LEAST", value: 8 },
      ]),
      percentOff: 0,
    },
    {
      name: "Abandoned this week",
      rule: rule("ALL", [{ kind: "ABANDONED_BEFORE", withinDays: 7 }]),
      percentOff: 5,
    },
    {
      name: "Clicked, new, small cart",
      rule: rule("ALL", [
        { kind: "CLICKED_BEFORE" },
        { kind: "CUSTOMER_TYPE", value: "NEW" },
        { kind: "CART_SUBTOTAL", comparison: "AT_MOST", amountMinor: money(5) },
      ]),
      percentOff: 10,
    },
    {
      name: "Came back by email before",
      rule: rule("ALL", [{ kind: "RECOVERED_BEFORE" }]),
      percentOff: 0,
    },
    {
      name: "UK big spenders",
      rule: rule("ALL", [
        { kind: "COUNTRY", address: "BILLING", codes: ["GB"] },
        { kind: "TOTAL_SPENT", comparison: "AT_LEAST", amountMinor: money(10_000) },
      ]),
      percentOff: 0,
    },
    {
      name: "Winter collection",
      rule: rule("ANY", [{ kind: "CART_COLLECTION", values: ["Winter 2026"] }]),
      percentOff: 10,
    },
    // The three that catch checkouts.
    {
      name: "Returning customers",
      rule: rule("ALL", [
        { kind: "CUSTOMER_TYPE", value: "RETURNING" },
        { kind: "COUNTRY", address: "SHIPPING", codes: ["JP"], negate: true },
      ]),
      percentOff: 5,
    },
    {
      name: "French speakers",
      rule: rule("ANY", [
        { kind: "LOCALE", codes: ["FR"] },
        { kind: "COUNTRY", address: "SHIPPING", codes: ["FR", "BE"] },
      ]),
      percentOff: 10,
    },
    {
      name: "Abandoned this month",
      rule: rule("ALL", [{ kind: "ABANDONED_BEFORE", withinDays: 30 }]),
      percentOff: 15,
    },
  ];
  return rows.map((row, position) => ({
    position,
    name: row.name,
    rule: row.rule,
    strategy: sequenceOf(`${row.name}: your cart is waiting`, row.percentOff),
  }));
}

/** Shipping country by shopper: mostly the US, some of Canada, the UK, France, Belgium, Germany, Australia. */
const COUNTRIES = ["US", "US", "US", "US", "US", "CA", "GB", "FR", "BE", "DE", "AU", "US"];

interface WorldOrder {
  customerId: string | null;
  emailHash: string | null;
  totalMinor: number;
  createdAt: Date;
}

type World = typeof RecoveryWorld;

/**
 * The shoppers' past, on top of the tick's world (deterministic by checkout index, so both configurations get
 * the same): places, earlier orders for a third of the shoppers (1-5 each, over the last 300 days; customers
 * with an account matched by id, guests by email hash) and 2,000 orders of other customers (so the value tiers
 * have a spread), and an earlier abandoned checkout 20 days back for 15% of them, emailed, a third clicked
 * (outside the 14-day sequence cooldown, so no enrolment is skipped for it). Returns the orders seeded.
 */
async function seedShopperHistory(world: World, catalog: SampleProduct[]): Promise<WorldOrder[]> {
  const { prisma, WORLD_SHOP, WORLD_NOW } = world;
  const checkouts = await prisma.checkout.findMany({
    where: { shop: WORLD_SHOP },
    select: {
      id: true,
      token: true,
      emailHash: true,
      email: true,
      customerId: true,
      lineItems: true,
      lineItemCount: true,
      subtotalMinor: true,
      shopifyCreatedAt: true,
    },
  });
  const byCountry = new Map<string, string[]>();
  for (const checkout of checkouts) {
    const country = COUNTRIES[indexOf(checkout.token) % COUNTRIES.length] as string;
    byCountry.set(country, [...(byCountry.get(country) ?? []), checkout.id]);
  }
  for (const [country, ids] of byCountry)
    for (let at = 0; at < ids.length; at += 500)
      await prisma.checkout.updateMany({
        where: { shop: WORLD_SHOP, id: { in: ids.slice(at, at + 500) } },
        data: { shippingCountryCode: country, billingCountryCode: country },
      });

  const orders: Prisma.OrderCreateManyInput[] = [];
  const seeded: WorldOrder[] = [];
  const addOrder = (
    orderId: string,
    who: { customerId: string | null; emailHash: string | null },
    index: number,
    createdAt: Date,
  ) => {
    const lines = [0, 1].map((line) => {
      const product = catalog[(index * 13 + line * 71) % catalog.length] as SampleProduct;
      return { productId: product.productId, variantId: `${product.productId}0`, quantity: 1 + (line % 2) };
    });
    const totalMinor = 2_000 + ((index * 7_919) % 60_000);
    orders.push({
      shop: WORLD_SHOP,
      orderId,
      name: `#${orderId}`,
      customerId: who.customerId,
      emailHash: who.emailHash,
      discountCodes: "[]",
      lines: JSON.stringify(lines),
      currency: "USD",
      totalMinor,
      subtotalMinor: totalMinor,
      presentmentCurrency: "USD",
      presentmentTotalMinor: totalMinor,
      shopifyCreatedAt: createdAt,
    });
    seeded.push({ ...who, totalMinor, createdAt });
  };
  for (const checkout of checkouts) {
    const index = indexOf(checkout.token);
    if (index % 3 !== 0) continue;
    const count = 1 + (index % 5);
    for (let n = 0; n < count; n++) {
      const createdAt = new Date(
        checkout.shopifyCreatedAt.getTime() - (30 + ((index + n * 53) % 270)) * DAY_MS,
      );
      addOrder(`${5_000_000_000 + index * 10 + n}`, checkout, index + n, createdAt);
    }
  }
  for (let other = 0; other < 2_000; other++)
    addOrder(
      `${6_000_000_000 + other}`,
      { customerId: `${900_000 + other}`, emailHash: null },
      other * 3 + 1,
      new Date(WORLD_NOW.getTime() - (10 + (other % 300)) * DAY_MS),
    );
  for (let at = 0; at < orders.length; at += 500)
    await prisma.order.createMany({ data: orders.slice(at, at + 500) });

  const before = new Date(WORLD_NOW.getTime() - 20 * DAY_MS);
  const earlier = checkouts.filter((checkout) => [1, 4, 7].includes(indexOf(checkout.token) % 20));
  for (let at = 0; at < earlier.length; at += 500) {
    const part = earlier.slice(at, at + 500);
    await prisma.$transaction(async (tx) => {
      await tx.checkout.createMany({
        data: part.map((checkout) => ({
          id: `hist-${checkout.id}`,
          shop: WORLD_SHOP,
          token: `hist-${checkout.token}`,
          customerId: checkout.customerId,
          emailHash: checkout.emailHash,
          email: checkout.email,
          currency: "USD",
          subtotalMinor: checkout.subtotalMinor,
          totalMinor: checkout.subtotalMinor,
          lineItems: checkout.lineItems,
          lineItemCount: checkout.lineItemCount,
          acceptsMarketing: true,
          shopifyCreatedAt: new Date(before.getTime() - 10 * 60_000),
          shopifyUpdatedAt: before,
        })),
      });
      await tx.enrollment.createMany({
        data: part.map((checkout) => ({
          id: `hist-e-${checkout.id}`,
          shop: WORLD_SHOP,
          checkoutId: `hist-${checkout.id}`,
          emailHash: checkout.emailHash,
          status: "COMPLETED",
          anchorAt: before,
          enrolledAt: new Date(before.getTime() + HOUR_MS),
          stoppedAt: new Date(before.getTime() + 3 * DAY_MS),
          stepsSent: 1,
          firstSentAt: new Date(before.getTime() + HOUR_MS),
          lastSentAt: new Date(before.getTime() + HOUR_MS),
        })),
      });
      await tx.recoverySend.createMany({
        data: part.map((checkout) => ({
          shop: WORLD_SHOP,
          enrollmentId: `hist-e-${checkout.id}`,
          checkoutId: `hist-${checkout.id}`,
          step: 1,
          emailHash: checkout.emailHash,
          status: "SENT",
          outcome: "SENT",
          idempotencyKey: `hist-${checkout.id}-1`,
          sentAt: new Date(before.getTime() + HOUR_MS),
          firstClickedAt:
            indexOf(checkout.token) % 10 === 1 ? new Date(before.getTime() + 2 * HOUR_MS) : null,
          clickCount: indexOf(checkout.token) % 10 === 1 ? 1 : 0,
        })),
      });
    });
  }
  return seeded;
}

interface AdminCounts {
  customerFigureCalls: number;
  membershipCalls: number;
  otherCalls: number;
}

/**
 * The tick's mocked Admin API (discount codes) plus what segment conditions ask: Shopify's order count,
 * lifetime spend and last order of up to 50 customers (`nodes(ids:)`), built from the seeded orders with one
 * more order before the app was installed for every fourth customer, and membership of the Shopify segment
 * (every 40th customer). `latencyMs` delays each answer, standing in for the network (0: none).
 */
function segmentsAdminFor(world: World, orders: WorldOrder[], latencyMs: number) {
  const figures = new Map<string, { count: number; spent: number; last: Date | null }>();
  for (const order of orders) {
    if (!order.customerId) continue;
    const entry = figures.get(order.customerId) ?? { count: 0, spent: 0, last: null };
    entry.count++;
    entry.spent += order.totalMinor;
    if (!entry.last || order.createdAt > entry.last) entry.last = order.createdAt;
    figures.set(order.customerId, entry);
  }
  const counts: AdminCounts = { customerFigureCalls: 0, membershipCalls: 0, otherCalls: 0 };
  const discounts = world.mockedAdminFor();
  const wait = () => (latencyMs > 0 ? new Promise((resolve) => setTimeout(resolve, latencyMs)) : null);
  const adminFor = async (shop: string): Promise<AdminGraphql> => {
    const graphql = await discounts(shop);
    return async (query, options) => {
      const variables = (options?.variables ?? {}) as Record<string, unknown>;
      if (/\bquery\s+GetCustomerOrderFacts\b/.test(query)) {
        counts.customerFigureCalls++;
        await wait();
        const nodes = (variables.ids as string[]).map((gid) => {
          const id = gid.split("/").pop() as string;
          const own = figures.get(id) ?? { count: 0, spent: 0, last: null };
          const extra = Number(id) % 4 === 0 ? 1 : 0;
          return {
            id: gid,
            numberOfOrders: String(own.count + extra),
            amountSpent: { amount: ((own.spent + extra * 4_500) / 100).toFixed(2), currencyCode: "USD" },
            lastOrder: own.last ? { createdAt: own.last.toISOString() } : null,
          };
        });
        return Response.json({ data: { nodes } });
      }
      if (/\bquery\s+CustomerSegmentMembership\b/.test(query)) {
        counts.membershipCalls++;
        await wait();
        // Ten customers a call, aliased c0..c9 (app/graphql/customer-segment-membership.ts).
        const data = Object.fromEntries(
          Array.from({ length: 10 }, (_, index) => {
            const member = Number(String(variables[`c${index}`]).split("/").pop()) % 40 === 0;
            const memberships = (variables.segmentIds as string[]).map((segmentId) => ({
              segmentId,
              isMember: member && segmentId === SHOPIFY_SEGMENT_ID,
            }));
            return [`c${index}`, { memberships }];
          }),
        );
        return Response.json({ data });
      }
      counts.otherCalls++;
      return graphql(query, options);
    };
  };
  return { adminFor, counts };
}

export interface ConfigurationResult {
  configuration: Configuration;
  provider: string;
  checkouts: number;
  segments: number;
  ordersSeeded: number;
  enrolment: { ms: number; cpuMs: number; enrolments: Record<string, number> };
  send: { ms: number; cpuMs: number; sends: number; ticks: number };
  tickMs: number;
  /** This process's user + system CPU over both phases: steadier than wall time on a shared machine. */
  tickCpuMs: number;
  bySegment: Record<string, number>;
  admin: AdminCounts;
  sendRows: Record<string, number>;
  peakRssMb: number;
}

async function measureConfiguration(
  configuration: Configuration,
  provider: { postgresUrl?: string },
  checkouts: number,
  products: number,
): Promise<ConfigurationResult> {
  const database = await createScratchDatabase(provider.postgresUrl);
  Object.assign(process.env, benchEnvironment(database.url));
  const world = await import("./recovery-world");
  const { SegmentRuleSchema, SegmentStrategySchema } = await import("~/domain/segments");
  try {
    await world.installWorldShop();
    const catalog = await world.seedCatalog(products);
    await world.ingestCheckouts(checkouts, catalog);
    const orders = await seedShopperHistory(world, catalog);
    const segments = configuration === "segments" ? benchSegments() : [];
    if (segments.length > 0)
      await world.prisma.segment.createMany({
        data: segments.map((segment) => ({
          shop: world.WORLD_SHOP,
          position: segment.position,
          name: segment.name,
          // Parsed as the editor would save them, so a condition the app no longer accepts fails here.
          rule: JSON.stringify(SegmentRuleSchema.parse(segment.rule)),
          strategy: JSON.stringify(SegmentStrategySchema.parse(segment.strategy)),
        })),
      });
    const { adminFor, counts } = segmentsAdminFor(world, orders, numberOption("admin-latency", 0));
    const profile = args.includes("--cpu-prof");

    let cpu = process.cpuUsage();
    let started = performance.now();
    const enrolments = await profileWhile(profile ? `segments-${configuration}-enrol` : null, () =>
      world.enrollAll(adminFor),
    );
    const enrolMs = performance.now() - started;
    const enrolCpuMs = cpuMs(cpu);

    const { transport, keys } = world.countingTransport();
    cpu = process.cpuUsage();
    started = performance.now();
    const run = await profileWhile(profile ? `segments-${configuration}-send` : null, () =>
      world.tickUntilDone(world.benchMailer(transport), adminFor),
    );
    const sendMs = performance.now() - started;
    const sendCpuMs = cpuMs(cpu);

    // The tick's own sends, not the seeded history's.
    const sendGroups = await world.prisma.recoverySend.groupBy({
      by: ["status"],
      where: { shop: world.WORLD_SHOP, NOT: { checkoutId: { startsWith: "hist-" } } },
      _count: { _all: true },
    });
    const sends = Object.fromEntries(sendGroups.map((row) => [row.status, row._count._all]));
    const active = enrolments.ACTIVE ?? 0;
    const sent = sends.SENT ?? 0;
    const exactlyOnce =
      keys.length === sent &&
      new Set(keys).size === sent &&
      sent + (sends.SKIPPED ?? 0) === active &&
      sent > 0;
    if (!exactlyOnce)
      throw new Error(
        `expected ${active} first steps, each once; delivered ${keys.length}, rows ${JSON.stringify(sends)}`,
      );
    const names = new Map(segments.map((segment, position) => [position, segment.name]));
    const stored = await world.prisma.segment.findMany({
      where: { shop: world.WORLD_SHOP },
      select: { id: true, position: true },
    });
    const nameOf = new Map(stored.map((row) => [row.id, names.get(row.position) ?? row.id]));
    const groups = await world.prisma.enrollment.groupBy({
      by: ["segmentId"],
      where: { shop: world.WORLD_SHOP, enrolledAt: world.WORLD_NOW },
      _count: { _all: true },
    });
    const bySegment = Object.fromEntries(
      groups.map((group) => [
        group.segmentId ? (nameOf.get(group.segmentId) ?? group.segmentId) : "(skipped)",
        group._count._all,
      ]),
    );
    return {
      configuration,
      provider: database.provider,
      checkouts,
      segments: segments.length,
      ordersSeeded: orders.length,
      enrolment: { ms: Math.round(enrolMs), cpuMs: enrolCpuMs, enrolments },
      send: { ms: Math.round(sendMs), cpuMs: sendCpuMs, sends: keys.length, ticks: run.ticks },
      tickMs: Math.round(enrolMs + sendMs),
      tickCpuMs: enrolCpuMs + sendCpuMs,
      bySegment,
      admin: counts,
      sendRows: sends,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await world.prisma.$disconnect();
    await database.drop();
  }
}

/** One configuration in a fresh process (its own database client, caches and memory figure). */
function runChild(configuration: Configuration, postgres: boolean): ConfigurationResult {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cartback-segments-")), "result.json");
  const passed = ["--checkouts", String(numberOption("checkouts", 10_000))];
  passed.push("--products", String(numberOption("products", 1_000)));
  passed.push("--admin-latency", String(numberOption("admin-latency", 0)));
  if (args.includes("--cpu-prof")) passed.push("--cpu-prof");
  const child = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(root, "bench", "segments.ts"),
      "--child",
      configuration,
      "--out",
      out,
      ...(postgres ? ["--postgres"] : []),
      ...passed,
    ],
    { cwd: root, env: process.env, stdio: "inherit" },
  );
  if (child.status !== 0) throw new Error(`the ${configuration} configuration failed (${child.status})`);
  const result = JSON.parse(fs.readFileSync(out, "utf8")) as ConfigurationResult;
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  return result;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

export async function main() {
  const checkouts = numberOption("checkouts", 10_000);
  const products = numberOption("products", 1_000);
  const postgresUrl = args.includes("--postgres") ? process.env.BENCH_POSTGRES_URL : undefined;
  if (args.includes("--child")) {
    const configuration = args[args.indexOf("--child") + 1] as Configuration;
    const out = args[args.indexOf("--out") + 1] as string;
    const result = await measureConfiguration(configuration, { postgresUrl }, checkouts, products);
    fs.writeFileSync(out, JSON.stringify(result));
    console.info(
      `${configuration} (${result.provider}): enrolment ${result.enrolment.ms} ms, sends ${result.send.ms} ms, ` +
        `tick ${result.tickMs} ms (CPU ${result.tickCpuMs} ms), peak RSS ${result.peakRssMb} MB`,
    );
    return;
  }
  if (args.includes("--postgres") && !postgresUrl) throw new Error("--postgres needs BENCH_POSTGRES_URL");
  const runs = Math.max(1, numberOption("runs", 1));
  const results: ConfigurationResult[] = [];
  // Alternated (none, segments, segments, none, ...) so a change in the machine's load falls on both.
  for (let run = 0; run < runs; run++) {
    const order: Configuration[] = run % 2 === 0 ? ["none", "segments"] : ["segments", "none"];
    for (const configuration of order) results.push(runChild(configuration, Boolean(postgresUrl)));
  }
  const of = (configuration: Configuration) =>
    results.filter((result) => result.configuration === configuration);
  const none = of("none");
  const withSegments = of("segments");
  const summary = (list: ConfigurationResult[]) => ({
    tickMs: median(list.map((result) => result.tickMs)),
    enrolMs: median(list.map((result) => result.enrolment.ms)),
    sendMs: median(list.map((result) => result.send.ms)),
    tickCpuMs: median(list.map((result) => result.tickCpuMs)),
    enrolCpuMs: median(list.map((result) => result.enrolment.cpuMs)),
    sendCpuMs: median(list.map((result) => result.send.cpuMs)),
    peakRssMb: Math.max(...list.map((result) => result.peakRssMb)),
  });
  const a = summary(none);
  const b = summary(withSegments);
  const addedPercent = Math.round((b.tickMs / a.tickMs - 1) * 1000) / 10;
  const addedCpuPercent = Math.round((b.tickCpuMs / a.tickCpuMs - 1) * 1000) / 10;
  const provider = results[0]?.provider ?? "sqlite";
  const targets = [
    {
      name: `Segments: tick with ${SEGMENT_COUNT} segments vs none, ${checkouts.toLocaleString("en")} due checkouts (${provider}; ${(b.tickMs / 1000).toFixed(1)} s vs ${(a.tickMs / 1000).toFixed(1)} s)`,
      value: `${addedPercent >= 0 ? "+" : ""}${addedPercent}`,
      unit: "%",
      target: `<= +${SEGMENTS_TARGET_PERCENT}`,
      met: addedPercent <= SEGMENTS_TARGET_PERCENT,
    },
    {
      name: `Segments: the same, CPU time of the process (${(b.tickCpuMs / 1000).toFixed(1)} s vs ${(a.tickCpuMs / 1000).toFixed(1)} s)`,
      value: `${addedCpuPercent >= 0 ? "+" : ""}${addedCpuPercent}`,
      unit: "%",
      target: `<= +${SEGMENTS_TARGET_PERCENT}`,
      met: addedCpuPercent <= SEGMENTS_TARGET_PERCENT,
    },
  ];
  const name = postgresUrl ? "segments-postgresql" : "segments";
  const file = writeResult(name, {
    checkouts,
    products,
    runs,
    none: a,
    segments: b,
    addedPercent,
    targets,
    results,
  });
  console.table({
    none: {
      "tick s": a.tickMs / 1000,
      "enrol s": a.enrolMs / 1000,
      "send s": a.sendMs / 1000,
      "CPU s": a.tickCpuMs / 1000,
      "enrol CPU s": a.enrolCpuMs / 1000,
      "send CPU s": a.sendCpuMs / 1000,
      "peak RSS MB": a.peakRssMb,
    },
    [`${SEGMENT_COUNT} segments`]: {
      "tick s": b.tickMs / 1000,
      "enrol s": b.enrolMs / 1000,
      "send s": b.sendMs / 1000,
      "CPU s": b.tickCpuMs / 1000,
      "enrol CPU s": b.enrolCpuMs / 1000,
      "send CPU s": b.sendCpuMs / 1000,
      "peak RSS MB": b.peakRssMb,
    },
  });
  const last = withSegments[withSegments.length - 1];
  console.info(
    `${provider}: segments add ${addedPercent}% to the tick's time, ${addedCpuPercent}% to its CPU ` +
      `(target <= ${SEGMENTS_TARGET_PERCENT}%); ` +
      `by segment ${JSON.stringify(last?.bySegment)}; Admin calls ${JSON.stringify(last?.admin)}; written to ${file}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
