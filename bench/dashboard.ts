import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import Database from "better-sqlite3";
import { BENCH_SHOP, installBenchShop, root, writeResult } from "./lib";
import { mulberry32 } from "../app/lib/seeded-random";

/**
 * npx tsx bench/dashboard.ts [--sizes 100000,1000000] [--runs 25] [--warmup 3] [--reuse] [--no-verify]
 *
 * The merchant dashboard's loader call (getDashboard, as app/routes/app._index.tsx makes it) on SQLite with
 * N checkouts of one shop, spread over the last 365 days, each with the enrolment, sends, discount codes and
 * orders the engine would have left, in realistic proportions: 60% enrolled in the treatment, 5% held out,
 * 35% skipped for various reasons; about 1.5 emails per enrolled checkout (steps 1-3, subject A/B on step 1),
 * 20% of them clicked; 8% of checkouts recovered by email and 3% on their own; a discount code on half of the
 * sequences, used by the recoveries it made. A second shop with N/10 checkouts shares the tables, so every
 * query's shop scoping is exercised. Rows go in with multi-row INSERTs straight through better-sqlite3.
 *
 * Then getDashboard is timed for the default 30-day period, the 90-day period and a custom period covering all
 * 365 days: `--warmup` calls, then `--runs` timed calls each (p50, p95, max). Every SQL statement the app runs
 * is timed at the driver (better-sqlite3 runs it synchronously, so the time is its own even when the reports
 * run side by side) and labelled with the domain function that issued it, for the per-query breakdown.
 * Then each period once more on the live reports (LIVE_REPORTS: the raw rows), timed, and compared with the
 * rollup answer, which must be identical (`--no-verify` skips it; it takes about a minute at 1,000,000).
 * Last, what the rollups' triggers cost writes: the engine's usual write statements timed with and without
 * them (measureWriteCost).
 *
 * Each size runs in a fresh process on a fresh database (the Prisma client is per process). `--reuse` keeps
 * the seeded databases in the system's temp folder and starts from them next time, after migrating them to
 * the current schema (handy while profiling; the figures in docs/benchmarks.md come from fresh runs).
 * Results go to bench-results/dashboard.json.
 */

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const SIZES = (option("sizes") ?? "100000,1000000").split(",").map(Number);
const RUNS = Number(option("runs") ?? 25);
const WARMUP = Number(option("warmup") ?? 3);
const REUSE = args.includes("--reuse");
const VERIFY = !args.includes("--no-verify");

const OTHER_SHOP = "bench-other.myshopify.com";
const TIMEZONE = "America/New_York";
/** Fixed, so a reused database still has its data in the periods measured. */
const NOW = new Date("2026-11-25T15:00:00Z");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const PERIODS = [
  { name: "30 days (default)", range: { kind: "PRESET", preset: "30" } },
  { name: "90 days", range: { kind: "PRESET", preset: "90" } },
  {
    name: "365 days (custom, worst case)",
    range: {
      kind: "CUSTOM",
      from: new Date(NOW.getTime() - 364 * DAY).toISOString().slice(0, 10),
      to: NOW.toISOString().slice(0, 10),
    },
  },
] as const;

// ---------------------------------------------------------------------------------------------------------
// Seeding

/** Seeded (mulberry32), so every run seeds the same rows. */
const createRandom = mulberry32;

/** Datetimes as Prisma's SQLite adapter stores them (ISO-8601 text with an explicit offset). */
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

type Row = (string | number | null)[];

/** Buffers rows of one table and writes them 200 at a time with one multi-row INSERT. */
class BulkInsert {
  readonly #rows: Row[] = [];
  readonly #statements = new Map<number, Database.Statement>();
  count = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly batch = 200,
  ) {}

  add(row: Row) {
    if (row.length !== this.columns.length) throw new Error(`${this.table}: ${row.length} values`);
    this.#rows.push(row);
    this.count += 1;
    if (this.#rows.length >= this.batch) this.flush();
  }

  flush() {
    if (this.#rows.length === 0) return;
    const size = this.#rows.length;
    let statement = this.#statements.get(size);
    if (!statement) {
      const tuple = `(${this.columns.map(() => "?").join(", ")})`;
      statement = this.db.prepare(
        `INSERT INTO "${this.table}" (${this.columns.map((column) => `"${column}"`).join(", ")}) VALUES ${Array(size).fill(tuple).join(", ")}`,
      );
      this.#statements.set(size, statement);
    }
    statement.run(this.#rows.flat());
    this.#rows.length = 0;
  }
}

const CHECKOUT_COLUMNS = [
  "id",
  "shop",
  "token",
  "cartToken",
  "shopifyId",
  "customerId",
  "emailHash",
  "email",
  "firstName",
  "firstNameHash",
  "recoveryUrl",
  "locale",
  "currency",
  "presentmentCurrency",
  "subtotalMinor",
  "totalMinor",
  "lineItems",
  "lineItemCount",
  "acceptsMarketing",
  "countryCode",
  "sourceName",
  "shopifyCreatedAt",
  "shopifyUpdatedAt",
  "completedAt",
  "orderedAt",
  "orderId",
  "deletedAt",
  "redactedAt",
  "createdAt",
  "updatedAt",
] as const;

const ENROLLMENT_COLUMNS = [
  "id",
  "shop",
  "checkoutId",
  "emailHash",
  "status",
  "reason",
  "arm",
  "anchorAt",
  "nextStep",
  "dueAt",
  "enrolledAt",
  "stoppedAt",
  "stepsSent",
  "firstSentAt",
  "lastSentAt",
  "recoveredOrderId",
  "recoveredAt",
  "attributionMethod",
  "recoveredByEmail",
  "recoveredMinor",
  "segmentId",
  "offerArm",
  "merchandiseMinor",
  "discountMinor",
  "profitMinor",
  "createdAt",
  "updatedAt",
] as const;

/**
 * The shop's segments (and "Everyone else"), the share of checkouts each catches, and the offer test two of them
 * run: the dashboard's per-segment and per-arm figures have as many groups as a shop with a few segments.
 */
const BENCH_SEGMENTS: readonly (readonly [string, number, readonly string[]])[] = [
  ["seg-returning", 0.25, ["NO_DISCOUNT", "TIER_DISCOUNT", "FREE_SHIPPING"]],
  ["seg-high-value", 0.15, ["NO_DISCOUNT", "TIER_DISCOUNT"]],
  ["seg-first-time", 0.2, []],
  ["seg-international", 0.1, []],
  ["default", 0.3, []],
];

const SEND_COLUMNS = [
  "id",
  "shop",
  "enrollmentId",
  "checkoutId",
  "step",
  "emailHash",
  "status",
  "outcome",
  "reason",
  "idempotencyKey",
  "subjectVariant",
  "subject",
  "hasOffer",
  "providerMessageId",
  "sentAt",
  "deliveredAt",
  "openedAt",
  "firstClickedAt",
  "clickCount",
  "attempts",
  "createdAt",
  "updatedAt",
] as const;

const DISCOUNT_COLUMNS = [
  "id",
  "shop",
  "enrollmentId",
  "code",
  "kind",
  "percentOff",
  "minimumSubtotalMinor",
  "currency",
  "status",
  "shopifyId",
  "startsAt",
  "expiresAt",
  "usedOrderId",
  "usedAt",
  "discountMinor",
  "createdAt",
  "updatedAt",
] as const;

const ORDER_COLUMNS = [
  "id",
  "shop",
  "orderId",
  "name",
  "checkoutToken",
  "cartToken",
  "customerId",
  "emailHash",
  "email",
  "discountCodes",
  "lines",
  "currency",
  "totalMinor",
  "subtotalMinor",
  "presentmentCurrency",
  "presentmentTotalMinor",
  "isTest",
  "sourceName",
  "shopifyCreatedAt",
  "matchedCheckoutId",
  "attributedEnrollmentId",
  "attributionMethod",
  "createdAt",
] as const;

/** Skip reasons and their share of all checkouts (35% in all). */
const SKIPS: [string, number][] = [
  ["NOT_SUBSCRIBED", 0.15],
  ["NO_EMAIL", 0.07],
  ["FREQUENCY_CAP", 0.04],
  ["TOO_OLD", 0.03],
  ["ORDERED", 0.02],
  ["EMPTY_CART", 0.01],
  ["SUPPRESSED", 0.01],
  ["TEST_CHECKOUT", 0.01],
  ["BOT_ADDRESS", 0.01],
];
const STEP_OFFSETS = [HOUR, 24 * HOUR, 72 * HOUR];
/** Steps a sequence is set to send: 1 (62%), 2 (25%) or 3 (13%), about 1.5 on average. */
const plannedSteps = (roll: number) => (roll < 0.62 ? 1 : roll < 0.87 ? 2 : 3);
/** 8% of checkouts are recovered by email: 8/60 of the treatment. */
const RECOVERED_BY_EMAIL = 0.08 / 0.6;

export interface SeedCounts {
  checkouts: number;
  enrollments: number;
  sends: number;
  discountCodes: number;
  orders: number;
}

function seedShop(db: Database.Database, shop: string, checkouts: number, seed: number): SeedCounts {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const between = (low: number, high: number) => low + random() * (high - low);
  // Filler for tokens, hashes and envelopes: random bytes, not drawn from `random` (they decide nothing).
  const noise = (length: number) =>
    crypto
      .randomBytes(Math.ceil((length * 3) / 4))
      .toString("base64url")
      .slice(0, length);
  const tag = shop.slice(6, 9);
  let sequence = 0;
  // cuid-like: 25 characters, increasing with insertion order like cuids do with time.
  const newId = () => `c${tag}${(sequence++).toString(36).padStart(8, "0")}${noise(13)}`;
  const envelope = (bytes: number) => `v1.k1.${noise(Math.ceil((bytes * 4) / 3))}`;

  const checkoutRows = new BulkInsert(db, "Checkout", CHECKOUT_COLUMNS, 100);
  const enrollmentRows = new BulkInsert(db, "Enrollment", ENROLLMENT_COLUMNS);
  const sendRows = new BulkInsert(db, "RecoverySend", SEND_COLUMNS);
  const codeRows = new BulkInsert(db, "DiscountCode", DISCOUNT_COLUMNS);
  const orderRows = new BulkInsert(db, "Order", ORDER_COLUMNS);
  const nowMs = NOW.getTime();

  const insert = db.transaction((from: number, to: number) => {
    for (let index = from; index < to; index++) {
      // Last activity anywhere in the past year, busier in the (New York) afternoon and evening.
      const day = Math.floor(random() * 365);
      const minuteOfDay = (Math.floor(((random() + random() + random()) / 3) * 1440) + 14 * 60) % 1440;
      const anchorAt = Math.min(nowMs - 5 * MINUTE, nowMs - day * DAY - minuteOfDay * MINUTE + 6 * HOUR);
      const checkoutId = newId();
      const token = noise(32);
      const customerId = random() < 0.6 ? String(7_000_000_000 + Math.floor(random() * 5e8)) : null;
      const emailHash = noise(43);
      const subtotalMinor = 1_500 + Math.floor(random() * 30_000);
      const quantity = 1 + Math.floor(random() * 3);
      const lines = JSON.stringify(
        Array.from({ length: quantity }, (_, line) => ({
          productId: String(8_000_000 + line),
          variantId: String(9_000_000 + line),
          title: "Linen shirt",
          variantTitle: "Blue / M",
          quantity: 1,
          unitPriceMinor: Math.round(subtotalMinor / quantity),
          linePriceMinor: Math.round(subtotalMinor / quantity),
          sku: "LS-M",
          imageUrl: "https://cdn.shopify.com/s/files/1/0000/0001/products/linen-shirt.jpg",
        })),
      );
      const createdAt = anchorAt - between(10 * MINUTE, 3 * HOUR);

      // The enrolment: arm, status, sends, recovery.
      const armRoll = random();
      const enrollmentId = newId();
      let arm = "TREATMENT";
      let status = "ACTIVE";
      let reason: string | null = null;
      let nextStep: number | null = null;
      let dueAt: number | null = null;
      let stoppedAt: number | null = null;
      let recovered: { at: number; byEmail: boolean; method: string } | null = null;
      const sends: { step: number; at: number; ok: boolean; offer: boolean }[] = [];
      let hasOffer = false;

      if (armRoll < 0.6) {
        const planned = plannedSteps(random());
        hasOffer = random() < 0.5;
        const outcome = random();
        let lastStep = planned;
        if (outcome < RECOVERED_BY_EMAIL) {
          // Ordered after step k (never after more steps than planned).
          const afterStep = Math.min(planned, random() < 0.6 ? 1 : random() < 0.75 ? 2 : 3);
          lastStep = afterStep;
          const sentAt = anchorAt + (STEP_OFFSETS[afterStep - 1] as number);
          const nextAt = afterStep < 3 ? anchorAt + (STEP_OFFSETS[afterStep] as number) : sentAt + 3 * DAY;
          const orderAt = between(sentAt + 5 * MINUTE, nextAt - MINUTE);
          if (orderAt < nowMs) {
            const viaCode = hasOffer && random() < 0.5;
            recovered = {
              at: orderAt,
              byEmail: true,
              method: viaCode
                ? "DISCOUNT_CODE"
                : pick(["CHECKOUT_TOKEN", "CHECKOUT_TOKEN", "CART_TOKEN", "EMAIL_WINDOW"]),
            };
          }
        } else if (outcome < RECOVERED_BY_EMAIL + 0.01) {
          // Ordered before the first email went out: recovered on its own.
          lastStep = 0;
          recovered = {
            at: anchorAt + between(5 * MINUTE, 55 * MINUTE),
            byEmail: false,
            method: "CHECKOUT_TOKEN",
          };
        }
        for (let step = 1; step <= lastStep; step++) {
          const at = anchorAt + (STEP_OFFSETS[step - 1] as number) + between(0, 5 * MINUTE);
          if (at >= nowMs) {
            nextStep = step;
            dueAt = at;
            break;
          }
          const ok = random() >= 0.01;
          sends.push({ step, at, ok, offer: hasOffer });
          if (!ok) {
            status = "STOPPED";
            reason = "SEND_FAILED";
            stoppedAt = at;
            break;
          }
        }
        if (recovered && recovered.at < nowMs) {
          status = "STOPPED";
          reason = "ORDERED";
          stoppedAt = recovered.at + 2 * MINUTE;
          nextStep = null;
          dueAt = null;
        } else if (status === "ACTIVE" && nextStep === null) status = "COMPLETED";
      } else if (armRoll < 0.65) {
        arm = "HOLDOUT";
        status = "HOLDOUT";
        // Held-out shoppers come back on their own now and then (about 0.5% of all checkouts).
        if (random() < 0.1)
          recovered = { at: anchorAt + between(HOUR, 3 * DAY), byEmail: false, method: "EMAIL_WINDOW" };
      } else {
        status = "SKIPPED";
        let roll = (random() * 0.35) as number;
        reason = (SKIPS.find(([, share]) => (roll -= share) < 0) ?? SKIPS[0])?.[0] as string;
        // Skipped checkouts that are ordered anyway: recovered on their own (about 1.5% of all).
        if (reason === "ORDERED" || random() < 0.03)
          recovered = { at: anchorAt + between(MINUTE, 2 * DAY), byEmail: false, method: "CHECKOUT_TOKEN" };
      }
      if (recovered && recovered.at >= nowMs) recovered = null;

      const orderId = recovered ? String(6_000_000_000 + sequence) : null;
      const orderMinor = subtotalMinor + 800;
      checkoutRows.add([
        checkoutId,
        shop,
        token,
        noise(32),
        String(30_000_000_000 + sequence),
        customerId,
        reason === "NO_EMAIL" ? null : emailHash,
        reason === "NO_EMAIL" ? null : envelope(48),
        envelope(20),
        noise(43),
        envelope(150),
        pick(["en-US", "en-GB", "fr-FR", "de-DE"]),
        "USD",
        "USD",
        subtotalMinor,
        subtotalMinor + 800,
        lines,
        quantity,
        random() < 0.7 ? 1 : 0,
        "US",
        "web",
        iso(createdAt),
        iso(anchorAt),
        recovered ? iso(recovered.at) : null,
        recovered ? iso(recovered.at) : null,
        orderId,
        null,
        null,
        iso(createdAt),
        iso(recovered?.at ?? anchorAt),
      ]);

      // The segment that matched and its offer arm (a skipped checkout has neither); the recovery's profit.
      let segmentRoll = random();
      const [segmentId, , offerArms] = (BENCH_SEGMENTS.find(([, share]) => (segmentRoll -= share) < 0) ??
        BENCH_SEGMENTS.at(-1)) as (typeof BENCH_SEGMENTS)[number];
      const offerArm =
        arm === "TREATMENT" && status !== "SKIPPED" && offerArms.length > 0 ? pick(offerArms) : null;
      const discountMinor = recovered?.method === "DISCOUNT_CODE" ? Math.round(subtotalMinor * 0.1) : 0;
      const merchandiseMinor = subtotalMinor + discountMinor;

      const sent = sends.filter((send) => send.ok);
      enrollmentRows.add([
        enrollmentId,
        shop,
        checkoutId,
        reason === "NO_EMAIL" ? null : emailHash,
        status,
        reason,
        arm,
        iso(anchorAt),
        nextStep,
        dueAt === null ? null : iso(dueAt),
        iso(anchorAt + MINUTE),
        stoppedAt === null ? null : iso(stoppedAt),
        sent.length,
        sent[0] ? iso(sent[0].at) : null,
        sent.at(-1) ? iso((sent.at(-1) as { at: number }).at) : null,
        orderId,
        recovered ? iso(recovered.at) : null,
        recovered?.method ?? null,
        recovered ? (recovered.byEmail ? 1 : 0) : null,
        recovered ? orderMinor : null,
        status === "SKIPPED" ? null : segmentId,
        offerArm,
        recovered ? merchandiseMinor : null,
        recovered ? discountMinor : null,
        recovered ? Math.round(merchandiseMinor * 0.5) - discountMinor : null,
        iso(anchorAt + MINUTE),
        iso(recovered?.at ?? sends.at(-1)?.at ?? anchorAt + MINUTE),
      ]);

      for (const send of sends) {
        const clicked = send.ok && random() < (recovered?.byEmail ? 0.6 : 0.17);
        const clickedAt = send.at + between(MINUTE, 6 * HOUR);
        sendRows.add([
          newId(),
          shop,
          enrollmentId,
          checkoutId,
          send.step,
          emailHash,
          send.ok ? "SENT" : "FAILED",
          send.ok ? "SENT" : "FAILED_PERMANENT",
          send.ok ? null : "provider rejected the message",
          `cartback:${shop}:${checkoutId}:step-${send.step}`,
          send.step === 1 ? pick(["A", "B"]) : null,
          send.ok ? "You left something in your cart" : null,
          send.offer ? 1 : 0,
          send.ok ? noise(36) : null,
          send.ok ? iso(send.at) : null,
          send.ok ? iso(send.at + 20_000) : null,
          send.ok && random() < 0.4 ? iso(send.at + between(MINUTE, 4 * HOUR)) : null,
          clicked && clickedAt < nowMs ? iso(clickedAt) : null,
          clicked && clickedAt < nowMs ? 1 + Math.floor(random() * 2) : 0,
          1,
          iso(send.at - MINUTE),
          iso(send.at),
        ]);
      }

      const firstOffer = sends[0];
      let usedCode: string | null = null;
      if (hasOffer && firstOffer) {
        const code = `CB-${sequence.toString(36).toUpperCase()}${noise(4).toUpperCase()}`;
        const used = recovered?.method === "DISCOUNT_CODE";
        if (used) usedCode = code;
        codeRows.add([
          newId(),
          shop,
          enrollmentId,
          code,
          "PERCENTAGE",
          10,
          5_000,
          "USD",
          used ? "ACTIVE" : firstOffer.at + 3 * DAY < nowMs ? "DELETED" : "ACTIVE",
          `gid://shopify/DiscountCodeNode/${1_000_000_000 + sequence}`,
          iso(firstOffer.at),
          iso(firstOffer.at + 3 * DAY),
          used ? orderId : null,
          used && recovered ? iso(recovered.at) : null,
          used ? Math.round(subtotalMinor / 10) : null,
          iso(firstOffer.at - MINUTE),
          iso(recovered?.at ?? firstOffer.at),
        ]);
      }

      if (recovered && orderId) {
        orderRows.add([
          newId(),
          shop,
          orderId,
          `#${1000 + sequence}`,
          token,
          null,
          customerId,
          emailHash,
          envelope(48),
          usedCode
            ? JSON.stringify([
                { code: usedCode, amountMinor: Math.round(subtotalMinor / 10), type: "percentage" },
              ])
            : "[]",
          JSON.stringify([{ productId: "8000000", variantId: "9000000", quantity }]),
          "USD",
          orderMinor,
          subtotalMinor,
          "USD",
          orderMinor,
          0,
          "web",
          iso(recovered.at),
          checkoutId,
          enrollmentId,
          recovered.method,
          iso(recovered.at + 2_000),
        ]);
      }
    }
    for (const rows of [checkoutRows, enrollmentRows, sendRows, codeRows, orderRows]) rows.flush();
  });

  for (let from = 0; from < checkouts; from += 10_000) insert(from, Math.min(checkouts, from + 10_000));
  return {
    checkouts: checkoutRows.count,
    enrollments: enrollmentRows.count,
    sends: sendRows.count,
    discountCodes: codeRows.count,
    orders: orderRows.count,
  };
}

function migrate(databaseUrl: string) {
  const setup = spawnSync(process.execPath, [path.join(root, "scripts", "db.mjs"), "setup"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  if (setup.status !== 0) throw new Error(`setup failed: ${setup.stdout}\n${setup.stderr}`);
}

/** A migrated database with both shops seeded; a kept one (--reuse) is migrated to the current schema. */
function prepareDatabase(checkouts: number) {
  const dir = REUSE
    ? path.join(os.tmpdir(), "cartback-bench-dashboard")
    : fs.mkdtempSync(path.join(os.tmpdir(), "cartback-bench-"));
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `dashboard-${checkouts}.sqlite`);
  const databaseUrl = `file:${file}`;
  const reused = REUSE && fs.existsSync(file);
  let started = performance.now();
  migrate(databaseUrl);
  const migrateMs = performance.now() - started;
  let seeding: { ms: number; counts: Record<string, SeedCounts> } | null = null;
  if (!reused) {
    installBenchShop(databaseUrl);
    installBenchShop(databaseUrl, OTHER_SHOP);
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = OFF");
    db.pragma("cache_size = -1000000");
    db.prepare(`UPDATE "Shop" SET "timezone" = ? WHERE "domain" = ?`).run(TIMEZONE, BENCH_SHOP);
    started = performance.now();
    const counts = {
      [BENCH_SHOP]: seedShop(db, BENCH_SHOP, checkouts, 1),
      [OTHER_SHOP]: seedShop(db, OTHER_SHOP, Math.round(checkouts / 10), 2),
    };
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.close();
    seeding = { ms: performance.now() - started, counts };
  }
  return {
    dir,
    file,
    databaseUrl,
    reused,
    migrateMs,
    seeding,
    cleanup: () => {
      if (!REUSE) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// What the rollups cost writes

interface WriteCost {
  operation: string;
  statements: number;
  withTriggersUs: number;
  withoutTriggersUs: number;
}

/**
 * The write statements the engine makes most, timed with the report rollups' triggers and without them, on the
 * seeded database: each run inside a transaction that is rolled back (SQLite's DDL is transactional too, so
 * dropping the triggers is undone with it), one statement at a time through better-sqlite3, the way the app's
 * driver runs them. A warm-up run first, so both measured runs find the pages in the cache.
 */
function measureWriteCost(file: string, count = 2_000): WriteCost[] {
  const db = new Database(file);
  const triggers = db
    .prepare(`SELECT "name" FROM sqlite_master WHERE "type" = 'trigger'`)
    .all()
    .map((row) => (row as { name: string }).name);
  const enrollments = db
    .prepare(
      `SELECT "id", "checkoutId" FROM "Enrollment" WHERE "shop" = ? AND "status" = 'COMPLETED' AND "recoveredOrderId" IS NULL LIMIT ?`,
    )
    .all(BENCH_SHOP, count) as { id: string; checkoutId: string }[];
  const sends = db
    .prepare(
      `SELECT "id" FROM "RecoverySend" WHERE "shop" = ? AND "status" = 'SENT' AND "firstClickedAt" IS NULL LIMIT ?`,
    )
    .all(BENCH_SHOP, count) as { id: string }[];
  if (enrollments.length < count || sends.length < count)
    throw new Error("not enough rows to time writes on");
  const at = iso(NOW.getTime() - HOUR);
  const statements = {
    checkout: db.prepare(
      `INSERT INTO "Checkout" ("id", "shop", "token", "currency", "subtotalMinor", "totalMinor", "lineItems", "lineItemCount", "shopifyCreatedAt", "shopifyUpdatedAt", "updatedAt") VALUES (?, ?, ?, 'USD', 5000, 5000, '[]', 1, ?, ?, ?)`,
    ),
    enrollment: db.prepare(
      `INSERT INTO "Enrollment" ("id", "shop", "checkoutId", "status", "arm", "anchorAt", "nextStep", "dueAt", "enrolledAt", "updatedAt") VALUES (?, ?, ?, 'ACTIVE', 'TREATMENT', ?, 1, ?, ?, ?)`,
    ),
    claim: db.prepare(
      `INSERT INTO "RecoverySend" ("id", "shop", "enrollmentId", "checkoutId", "step", "status", "idempotencyKey", "claimToken", "updatedAt") VALUES (?, ?, ?, ?, 9, 'CLAIMED', ?, 'claim', ?)`,
    ),
    sent: db.prepare(
      `UPDATE "RecoverySend" SET "status" = 'SENT', "outcome" = 'SENT', "sentAt" = ?, "subjectVariant" = 'A', "updatedAt" = ? WHERE "id" = ?`,
    ),
    stepDone: db.prepare(
      `UPDATE "Enrollment" SET "stepsSent" = "stepsSent" + 1, "lastSentAt" = ?, "nextStep" = NULL, "dueAt" = NULL, "status" = 'COMPLETED', "updatedAt" = ? WHERE "id" = ?`,
    ),
    click: db.prepare(
      `UPDATE "RecoverySend" SET "firstClickedAt" = ?, "clickCount" = "clickCount" + 1, "updatedAt" = ? WHERE "id" = ?`,
    ),
    recovered: db.prepare(
      `UPDATE "Enrollment" SET "recoveredOrderId" = ?, "recoveredAt" = ?, "attributionMethod" = 'CHECKOUT_TOKEN', "recoveredByEmail" = 1, "recoveredMinor" = 9000, "updatedAt" = ? WHERE "id" = ? AND "recoveredOrderId" IS NULL`,
    ),
    restart: db.prepare(`UPDATE "Enrollment" SET "anchorAt" = ?, "updatedAt" = ? WHERE "id" = ?`),
  };
  const operations: { name: string; statements: number; run: (index: number) => void }[] = [
    {
      name: "enrol a checkout (insert checkout + enrolment)",
      statements: 2,
      run: (index) => {
        statements.checkout.run(`wc-c${index}`, BENCH_SHOP, `wc-t${index}`, at, at, at);
        statements.enrollment.run(`wc-e${index}`, BENCH_SHOP, `wc-c${index}`, at, at, at, at);
      },
    },
    {
      name: "send a step (claim, mark sent, update enrolment)",
      statements: 3,
      run: (index) => {
        const enrollment = enrollments[index] as { id: string; checkoutId: string };
        statements.claim.run(
          `wc-s${index}`,
          BENCH_SHOP,
          enrollment.id,
          enrollment.checkoutId,
          `wc-k${index}`,
          at,
        );
        statements.sent.run(at, at, `wc-s${index}`);
        statements.stepDone.run(at, at, enrollment.id);
      },
    },
    {
      name: "record a first click",
      statements: 1,
      run: (index) => statements.click.run(at, at, (sends[index] as { id: string }).id),
    },
    {
      name: "attribute an order to an emailed enrolment",
      statements: 1,
      run: (index) =>
        statements.recovered.run(`wc-o${index}`, at, at, (enrollments[index] as { id: string }).id),
    },
    {
      name: "restart a sequence (new anchorAt)",
      statements: 1,
      run: (index) => statements.restart.run(at, at, (enrollments[index] as { id: string }).id),
    },
  ];
  const run = (withTriggers: boolean) => {
    db.exec("BEGIN");
    try {
      if (!withTriggers) for (const name of triggers) db.exec(`DROP TRIGGER "${name}"`);
      return operations.map((operation) => {
        const start = process.hrtime.bigint();
        for (let index = 0; index < count; index++) operation.run(index);
        return Number(process.hrtime.bigint() - start) / 1e3 / count;
      });
    } finally {
      db.exec("ROLLBACK");
    }
  };
  run(true);
  const withTriggers = run(true);
  const withoutTriggers = run(false);
  db.close();
  return operations.map((operation, index) => ({
    operation: operation.name,
    statements: operation.statements,
    withTriggersUs: withTriggers[index] as number,
    withoutTriggersUs: withoutTriggers[index] as number,
  }));
}

// ---------------------------------------------------------------------------------------------------------
// Timing

interface StatementTiming {
  label: string;
  sql: string;
  timings: number[];
}

/**
 * Times every statement better-sqlite3 runs in this process, keyed by its SQL. The label is the app function
 * that issued it, read once per distinct statement from the async stack trace.
 */
function instrumentDriver() {
  const probe = new Database(":memory:");
  const prototype = Object.getPrototypeOf(probe.prepare("SELECT 1")) as {
    all: (...values: unknown[]) => unknown;
    run: (...values: unknown[]) => unknown;
    source: string;
  };
  probe.close();
  const statements = new Map<string, StatementTiming>();
  let recording = false;
  const labelOf = () => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 80;
    const frames = (new Error().stack ?? "").split("\n").slice(2);
    Error.stackTraceLimit = limit;
    const own = frames.find(
      (frame) =>
        frame.includes(`${path.sep}app${path.sep}`) &&
        !frame.includes("db.server") &&
        !frame.includes("generated"),
    );
    const match = own?.match(/at (?:async )?([\w.$]+)/);
    return match?.[1]?.replace(/^Object\./, "") ?? "?";
  };
  for (const method of ["all", "run"] as const) {
    const original = prototype[method];
    prototype[method] = function timed(this: typeof prototype, ...values: unknown[]) {
      if (!recording) return original.apply(this, values);
      const sql = this.source;
      let entry = statements.get(sql);
      if (!entry) {
        entry = { label: labelOf(), sql: sql.replace(/\s+/g, " ").trim(), timings: [] };
        statements.set(sql, entry);
      }
      const start = process.hrtime.bigint();
      try {
        return original.apply(this, values);
      } finally {
        entry.timings.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    };
  }
  return {
    record(on: boolean) {
      recording = on;
    },
    take() {
      const taken = [...statements.values()];
      statements.clear();
      return taken;
    },
  };
}

const percentile = (sorted: number[], share: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;

function summarise(timings: number[]) {
  const sorted = [...timings].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    maxMs: sorted.at(-1) as number,
    meanMs: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
  };
}

interface QueryBreakdown {
  label: string;
  sql: string;
  perCall: number;
  p50Ms: number;
  maxMs: number;
}

interface PeriodResult {
  period: string;
  from: string;
  to: string;
  days: number;
  loader: ReturnType<typeof summarise>;
  /** Each statement's time per dashboard call (its runs in one call summed), slowest first. */
  queries: QueryBreakdown[];
  figures: { abandoned: number; sent: number; recovered: number };
  /** One call on the live reports (raw rows) and whether it gave the very same dashboard. */
  live: { ms: number; identical: boolean } | null;
}

interface SizeResult {
  checkouts: number;
  reused: boolean;
  seeding: { seconds: number; counts: Record<string, SeedCounts> } | null;
  migrateSeconds: number;
  databaseMb: number;
  periods: PeriodResult[];
  writes: WriteCost[];
}

async function runSize(checkouts: number): Promise<SizeResult> {
  const database = prepareDatabase(checkouts);
  process.env.DATABASE_URL = database.databaseUrl;
  const driver = instrumentDriver();
  const analytics = await import("../app/domain/analytics");
  const { getDashboard } = analytics;
  const { prisma } = await import("../app/db.server");

  const periods: PeriodResult[] = [];
  for (const period of PERIODS) {
    const call = () => getDashboard(BENCH_SHOP, { range: period.range, now: NOW });
    for (let run = 0; run < WARMUP; run++) await call();
    driver.take();
    driver.record(true);
    const timings: number[] = [];
    let dashboard: Awaited<ReturnType<typeof call>> = null;
    for (let run = 0; run < RUNS; run++) {
      const start = process.hrtime.bigint();
      dashboard = await call();
      timings.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    driver.record(false);
    if (!dashboard) throw new Error("the bench shop is not installed");
    const queries = driver
      .take()
      .map((statement) => {
        const perCall = statement.timings.length / RUNS;
        // A statement run k times per call: its time per call is the sum of each call's k runs.
        const perCallTimings = Array.from({ length: RUNS }, (_, run) =>
          statement.timings.slice(run * perCall, (run + 1) * perCall).reduce((sum, value) => sum + value, 0),
        );
        const summary = summarise(perCallTimings);
        return {
          label: statement.label,
          sql: statement.sql,
          perCall,
          p50Ms: summary.p50Ms,
          maxMs: summary.maxMs,
        };
      })
      .sort((a, b) => b.p50Ms - a.p50Ms);
    // The same call on the live reports (the raw rows), once: it must give the same dashboard.
    let live: PeriodResult["live"] = null;
    if (VERIFY && "LIVE_REPORTS" in analytics) {
      const start = process.hrtime.bigint();
      const raw = await getDashboard(BENCH_SHOP, {
        range: period.range,
        now: NOW,
        reports: analytics.LIVE_REPORTS,
      });
      live = {
        ms: Number(process.hrtime.bigint() - start) / 1e6,
        identical: isDeepStrictEqual(raw, dashboard),
      };
    }
    periods.push({
      period: period.name,
      live,
      from: dashboard.period.from,
      to: dashboard.period.to,
      days: dashboard.period.dayCount,
      loader: summarise(timings),
      queries,
      figures: {
        abandoned: dashboard.figures.checkouts.abandoned,
        sent: dashboard.figures.emails.sent,
        recovered: dashboard.figures.recovered.orders,
      },
    });
  }
  await prisma.$disconnect();
  const writes = measureWriteCost(database.file);
  const databaseMb = fs.statSync(database.file).size / 2 ** 20;
  database.cleanup();
  return {
    checkouts,
    reused: database.reused,
    seeding: database.seeding
      ? { seconds: database.seeding.ms / 1000, counts: database.seeding.counts }
      : null,
    migrateSeconds: database.migrateMs / 1000,
    databaseMb,
    periods,
    writes,
  };
}

// ---------------------------------------------------------------------------------------------------------

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

function report(results: SizeResult[]) {
  for (const result of results) {
    const seeding = result.seeding
      ? `seeded in ${round(result.seeding.seconds)} s (${Object.entries(result.seeding.counts)
          .map(([shop, counts]) => `${shop}: ${JSON.stringify(counts)}`)
          .join("; ")})`
      : "reused database";
    console.log(
      `\n${result.checkouts.toLocaleString("en")} checkouts: ${seeding}; migrations ${round(result.migrateSeconds)} s; database ${round(result.databaseMb, 0)} MB`,
    );
    console.table(
      result.periods.map((period) => ({
        period: period.period,
        abandoned: period.figures.abandoned,
        "emails sent": period.figures.sent,
        "p50 ms": round(period.loader.p50Ms),
        "p95 ms": round(period.loader.p95Ms),
        "max ms": round(period.loader.maxMs),
        "live reports ms": period.live ? round(period.live.ms, 0) : "-",
        "same as live": period.live ? period.live.identical : "-",
      })),
    );
    for (const period of result.periods) {
      console.log(`  ${period.period}, per statement (ms per dashboard call, p50 / max):`);
      for (const query of period.queries.slice(0, 12))
        console.log(
          `    ${round(query.p50Ms, 2).toString().padStart(9)} / ${round(query.maxMs, 2).toString().padEnd(9)} ${query.label}${query.perCall === 1 ? "" : ` ×${query.perCall}`}: ${query.sql.slice(0, 110)}`,
        );
    }
  }
  for (const result of results) {
    console.log(
      `\n${result.checkouts.toLocaleString("en")} checkouts: writes with and without the rollup triggers`,
    );
    console.table(
      result.writes.map((write) => ({
        operation: write.operation,
        "µs with": round(write.withTriggersUs),
        "µs without": round(write.withoutTriggersUs),
        "µs added": round(write.withTriggersUs - write.withoutTriggersUs),
      })),
    );
  }
  const target = 300;
  for (const result of results)
    for (const period of result.periods) {
      const verdict = period.loader.p95Ms < target ? "meets" : "MISSES";
      console.log(
        `${result.checkouts.toLocaleString("en")} checkouts, ${period.period}: p95 ${round(period.loader.p95Ms)} ms ${verdict} the ${target} ms target`,
      );
    }
}

if (option("child")) {
  const result = await runSize(Number(option("child")));
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
} else {
  const results: SizeResult[] = [];
  for (const size of SIZES) {
    console.log(`${size.toLocaleString("en")} checkouts: seeding and measuring…`);
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", process.argv[1] as string, ...args, "--child", String(size)],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 64 * 2 ** 20,
        env: {
          PATH: process.env.PATH,
          TZ: "UTC",
          NODE_ENV: "production",
          LOG_LEVEL: "warn",
          SHOPIFY_API_KEY: "bench-api-key",
          SHOPIFY_API_SECRET: "bench-api-secret",
          SHOPIFY_APP_URL: "https://cartback.example.com",
          CRON_SECRET: "bench-cron-secret-0123456789abcdef01234567",
          DATA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
          RESEND_API_KEY: "re_bench",
          RESEND_WEBHOOK_SECRET: "whsec_bench",
          EMAIL_FROM: "Cartback <recover@example.com>",
        },
      },
    );
    if (child.status !== 0) throw new Error(`the ${size}-checkout run failed:\n${child.stdout}`);
    results.push(JSON.parse(child.stdout.trim().split("\n").at(-1) as string) as SizeResult);
  }
  report(results);
  console.log(
    `written to ${writeResult("dashboard", { now: NOW.toISOString(), timezone: TIMEZONE, sizes: results })}`,
  );
}
