import fs from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { experimentKeyOf } from "~/domain/sequences";
import { getShopSettings, saveShopSettings, type ShopSettings } from "~/domain/shops";
import type { SettingsPage } from "~/domain/shops/get-settings-page.server";
import {
  FIELD,
  INTENT_FIELD,
  sectionFields,
  type EditableSection,
  type SettingsForm,
} from "~/domain/shops/settings-form";
import { decryptField, isEnvelope } from "~/lib/encryption.server";
import { action as dataRequestAction } from "~/routes/webhooks.customers.data_request";
import { adminRequest } from "./helpers/admin";
import { productFacts, storeOrders, storeProducts } from "./helpers/catalog";
import { seedCheckouts } from "./helpers/checkouts";
import { MODEL_NAMES, readAllRows, shopOfRow, type ModelName, type Row } from "./helpers/database-scan";
import { seedEnrollments, seedShopperRecovery } from "./helpers/recovery-seed";
import { callAction, callLoader } from "./helpers/routes";
import { storeCheckout, type TestShopper } from "./helpers/shoppers";
import { installTestShop, SHOP_A, SHOP_B } from "./helpers/shops";
import { signedWebhookRequest } from "./helpers/webhooks";
import { adminCalls } from "./mocks/shopify-admin";

/**
 * Tenant isolation of the embedded admin. Every loader and action of the routes under the `app` layout is
 * found here by file (a route added later without a case in CASES fails the first test), and each has cases
 * that sign in as shop A while shop B holds distinctive data of every kind: a checkout mid-sequence and a
 * recovered one, sends, timeline events, discount codes, a suppression, a privacy export, products, orders
 * and custom settings. Shop A must never see anything of B's (ids, tokens, names, addresses, domain,
 * settings), reach B's records by id, or change a single row of B's.
 */

// --- The routes -------------------------------------------------------------------------------------------

type RouteFunction = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown;
type RouteModule = Partial<Record<"loader" | "action", RouteFunction>>;

/**
 * The embedded admin's route modules: the `app` layout, every route nested in it (`app.*`), pathless escapes
 * (`app_.*`) and folder routes, as app/routes.ts's flatRoutes reads them (tests beside them are not routes).
 */
const ROUTE_MODULES = import.meta.glob<RouteModule>(
  [
    "../app/routes/app.{ts,tsx,js,jsx}",
    "../app/routes/app[._]*.{ts,tsx,js,jsx}",
    "../app/routes/app[._]*/route.{ts,tsx,js,jsx}",
    "!**/*.test.*",
    "!**/.*",
  ],
  { eager: true },
);
const ROUTES_PREFIX = "../app/routes/";

/** "app.checkouts.$id.tsx action": a loader or action of one route file. */
type RouteExport = `${string} ${"loader" | "action"}`;

function routeFunction(key: RouteExport): { fn: RouteFunction; kind: "loader" | "action" } {
  const [file, kind] = key.split(" ") as [string, "loader" | "action"];
  const fn = ROUTE_MODULES[`${ROUTES_PREFIX}${file}`]?.[kind];
  if (!fn) throw new Error(`${file} exports no ${kind}`);
  return { fn, kind };
}

// --- Two tenants with distinctive data --------------------------------------------------------------------

interface TenantSpec {
  shop: string;
  name: string;
  currency: string;
  timezone: string;
  contactEmail: string;
  /** Ingested through checkouts/update, mid-sequence: email 1 sent, email 2 due. */
  shopper: TestShopper & { token: string; code: string };
  /** Seeded as stored, recovered by an order after its email, then unsubscribed. */
  recovered: { email: string; firstName: string; token: string; code: string; orderId: string };
  privacyRequestId: number;
  product: { productId: string; title: string; imageUrl: string };
  catalogError: string | null;
  sender: ShopSettings["sender"];
  subjects: { a: string; b: string };
  blocked: { email: string; domain: string };
  /** A segment of the shop's own, with a subject of its own. */
  segment: { name: string; subject: string; country: string };
}

const ALPHA: TenantSpec = {
  shop: SHOP_A,
  name: "Alpha Atelier",
  currency: "USD",
  timezone: "America/New_York",
  contactEmail: "owner@alpha-tenant.shop",
  shopper: {
    email: "adalind.alpha@alpha-tenant.shop",
    firstName: "Adalind",
    customerId: "9007199254740881",
    token: "alpha-checkout-token",
    code: "CB-ALPHA-ACTIVE",
  },
  recovered: {
    email: "ottoline.alpha@alpha-tenant.shop",
    firstName: "Ottoline",
    token: "alpha-recovered-token",
    code: "CB-ALPHA-USED",
    orderId: "5550001001",
  },
  privacyRequestId: 71100001,
  product: {
    productId: "7100001",
    title: "Alpha Canoe Paddle",
    imageUrl: "https://cdn.alpha-tenant.shop/paddle.jpg",
  },
  catalogError: null,
  sender: {
    displayName: "Alpha Atelier Mailroom",
    replyTo: "replies@alpha-tenant.shop",
    logoUrl: "https://cdn.alpha-tenant.shop/logo.png",
    accentColor: "#a1a1a1",
  },
  subjects: { a: "Alpha asks: still thinking?", b: "Alpha wonders about your cart" },
  blocked: { email: "blocked@alpha-tenant.shop", domain: "alpha-blocked.example" },
  segment: { name: "Alpha paddlers abroad", subject: "Alpha segment says hello", country: "CA" },
};

const BRAVO: TenantSpec = {
  shop: SHOP_B,
  name: "Bravo Boutique",
  currency: "EUR",
  timezone: "Pacific/Chatham",
  contactEmail: "owner@bravo-tenant.shop",
  shopper: {
    email: "zebediah.bravo@bravo-tenant.shop",
    firstName: "Zebediah",
    customerId: "9007199254740993",
    token: "bravo-checkout-token",
    code: "CB-BRAVO-ACTIVE",
  },
  recovered: {
    email: "quillon.bravo@bravo-tenant.shop",
    firstName: "Quillon",
    token: "bravo-recovered-token",
    code: "CB-BRAVO-USED",
    orderId: "5550002002",
  },
  privacyRequestId: 72200002,
  product: {
    productId: "7200002",
    title: "Bravo Exclusive Kayak",
    imageUrl: "https://cdn.bravo-tenant.shop/kayak.jpg",
  },
  catalogError: "Bravo catalog export failed on purpose",
  sender: {
    displayName: "Bravo Boutique Postmaster",
    replyTo: "replies@bravo-tenant.shop",
    logoUrl: "https://cdn.bravo-tenant.shop/logo.png",
    accentColor: "#b2b2b2",
  },
  subjects: { a: "Bravo begs: come back for your kayak", b: "Bravo saved your basket" },
  blocked: { email: "blocked@bravo-tenant.shop", domain: "bravo-blocked.example" },
  segment: { name: "Bravo kayak collectors", subject: "Bravo segment whispers", country: "NZ" },
};

interface Tenant {
  spec: TenantSpec;
  checkoutId: string;
  enrollmentId: string;
  recoveredCheckoutId: string;
  privacyRequestId: string;
  segmentId: string;
}

const HOUR_MS = 60 * 60 * 1000;

const segmentRule = (spec: TenantSpec) => ({
  match: "ALL",
  conditions: [{ kind: "COUNTRY", address: "SHIPPING", codes: [spec.segment.country], negate: false }],
});
const segmentStrategy = (spec: TenantSpec) => ({
  steps: [{ delayMinutes: 90, offer: false, subject: spec.segment.subject, subjectB: null }],
  tiers: [],
  codeLifetimeHours: 24,
  holdoutPercent: 0,
});

async function seedTenant(spec: TenantSpec): Promise<Tenant> {
  const { shop } = spec;
  await installTestShop(shop, { name: spec.name, currency: spec.currency, timezone: spec.timezone });
  await prisma.shop.update({ where: { domain: shop }, data: { contactEmail: spec.contactEmail } });
  const settings = await getShopSettings(shop);
  await saveShopSettings(shop, {
    ...settings,
    sender: spec.sender,
    steps: settings.steps.map((step, index) =>
      // Email 1 runs a content experiment: its subject as A, the tenant's second subject as B.
      index === 0
        ? { ...step, subject: spec.subjects.a, variants: [{ ...step, subject: spec.subjects.b }] }
        : step,
    ),
    // Everyone who left an address is emailed: a send that reached the wrong shop would go out.
    audience: {
      ...settings.audience,
      mode: "ALL",
      blockedEmails: [spec.blocked.email],
      blockedDomains: [spec.blocked.domain],
    },
  });

  await prisma.segment.create({
    data: {
      shop,
      position: 0,
      name: spec.segment.name,
      rule: JSON.stringify(segmentRule(spec)),
      strategy: JSON.stringify(segmentStrategy(spec)),
    },
  });

  // Two days ago: inside the dashboard's default period, and young enough to be sent to.
  const anchorAt = new Date(Math.floor((Date.now() - 48 * HOUR_MS) / 60_000) * 60_000);
  const { shopper, recovered } = spec;
  await storeCheckout(shop, shopper, {
    token: shopper.token,
    cartToken: `cart-${shopper.token}`,
    createdAt: anchorAt.toISOString(),
  });
  const active = await seedShopperRecovery(shop, {
    checkoutToken: shopper.token,
    firstName: shopper.firstName,
    code: shopper.code,
    anchorAt,
  });
  await seedCheckouts(shop, [
    {
      token: recovered.token,
      email: recovered.email,
      firstName: recovered.firstName,
      updatedAt: anchorAt,
    },
  ]);
  const recoveredAt = new Date(anchorAt.getTime() + 5 * HOUR_MS);
  const won = await seedShopperRecovery(shop, {
    checkoutToken: recovered.token,
    firstName: recovered.firstName,
    code: recovered.code,
    status: "STOPPED",
    anchorAt,
    recovered: {
      at: recoveredAt,
      byEmail: true,
      minor: 8_800,
      orderId: recovered.orderId,
      discountMinor: 880,
    },
    suppression: "UNSUBSCRIBED",
  });

  await storeProducts(shop, [
    productFacts({
      productId: spec.product.productId,
      title: spec.product.title,
      imageUrl: spec.product.imageUrl,
    }),
  ]);
  await storeOrders(shop, [
    {
      orderId: recovered.orderId,
      lines: [{ productId: spec.product.productId, quantity: 2 }],
      createdAt: recoveredAt,
    },
  ]);
  await prisma.catalogState.update({
    where: { shop },
    data: spec.catalogError
      ? { syncStatus: "FAILED", syncError: spec.catalogError, productCount: 1 }
      : { syncStatus: "COMPLETED", productCount: 1, lastSyncedAt: recoveredAt },
  });

  // The shopper asks for their data: Shopify's customers/data_request, answered with an export to download.
  const delivery = await callAction(
    dataRequestAction,
    signedWebhookRequest({
      topic: "customers/data_request",
      shop,
      body: {
        shop_id: 1,
        shop_domain: shop,
        customer: { id: shopper.customerId, email: shopper.email, phone: null },
        orders_requested: [],
        data_request: { id: spec.privacyRequestId },
      },
    }),
  );
  expect(delivery.status).toBe(200);
  const privacyRequest = await prisma.privacyRequest.findFirstOrThrow({
    where: { shop, shopifyRequestId: String(spec.privacyRequestId) },
  });
  expect(privacyRequest.export).not.toBeNull();

  return {
    spec,
    checkoutId: active.checkoutId,
    enrollmentId: active.id,
    recoveredCheckoutId: won.checkoutId,
    privacyRequestId: privacyRequest.id,
    segmentId: (await prisma.segment.findFirstOrThrow({ where: { shop }, select: { id: true } })).id,
  };
}

// --- What of a shop must never reach another --------------------------------------------------------------

type Rows = Record<ModelName, Row[]>;

/** Columns whose values name a row or a secret: ids, tokens, hashes, codes and keys. */
const IDENTIFYING_COLUMN = /^(id|code|domain|.*(Id|Token|Hash|Key))$/;
const MIN_MARKER_LENGTH = 6;

/**
 * The strings that betray a shop: its domain, the spec's names, addresses and settings, and every identifying
 * value (and sealed field, sealed and opened) of every row the database holds for it. Values another shop's
 * rows hold as well are left out: they tell nobody apart.
 */
async function markersOf(tenant: Tenant, other: string): Promise<string[]> {
  const { spec } = tenant;
  const fromRows = (rows: Rows) =>
    MODEL_NAMES.flatMap((model) =>
      rows[model].flatMap((row) =>
        Object.entries(row).flatMap(([column, value]) => {
          if (typeof value !== "string") return [];
          if (isEnvelope(value)) {
            const opened = decryptField(shopOfRow(model, row), value);
            return opened && opened.length <= 300 ? [value, opened] : [value];
          }
          return IDENTIFYING_COLUMN.test(column) ? [value] : [];
        }),
      ),
    );
  const theirs = new Set(fromRows(await readAllRows(other)).map((value) => value.toLowerCase()));
  const markers = new Set([
    spec.shop,
    spec.shop.replace(/\.myshopify\.com$/, ""),
    spec.name,
    spec.timezone,
    spec.contactEmail,
    spec.shopper.email,
    spec.shopper.firstName,
    spec.shopper.customerId,
    spec.shopper.token,
    spec.shopper.code,
    spec.recovered.email,
    spec.recovered.firstName,
    spec.recovered.token,
    spec.recovered.code,
    spec.recovered.orderId,
    String(spec.privacyRequestId),
    spec.product.productId,
    spec.product.title,
    spec.product.imageUrl,
    ...(spec.catalogError ? [spec.catalogError] : []),
    ...Object.values(spec.sender).filter((value): value is string => typeof value === "string"),
    spec.subjects.a,
    spec.subjects.b,
    spec.blocked.email,
    spec.blocked.domain,
    spec.segment.name,
    spec.segment.subject,
    tenant.checkoutId,
    tenant.enrollmentId,
    tenant.recoveredCheckoutId,
    tenant.privacyRequestId,
    ...fromRows(await readAllRows(spec.shop)),
  ]);
  return [...markers].filter(
    (marker) => marker.length >= MIN_MARKER_LENGTH && !theirs.has(marker.toLowerCase()),
  );
}

/** The markers found in an answer, except those the request itself carried (a search echoes its query). */
function markersIn(text: string, markers: string[], request: Call): string[] {
  const said = decodeURIComponent(
    `${request.path} ${JSON.stringify(request.form ?? [])} ${JSON.stringify(request.json ?? {})}`,
  ).toLowerCase();
  const answer = text.toLowerCase();
  return markers.filter((marker) => {
    const needle = marker.toLowerCase();
    return answer.includes(needle) && !said.includes(needle);
  });
}

// --- Calling the routes -----------------------------------------------------------------------------------

interface Call {
  path: string;
  params?: Record<string, string>;
  /** A POST with these fields. */
  form?: Array<[string, string]>;
  /** A POST with this JSON body (the segment editor's). */
  json?: Record<string, unknown>;
  type?: "bearer" | "document";
}

interface Answer {
  status: number;
  text: string;
}

async function call(key: RouteExport, shop: string, request: Call): Promise<Answer> {
  const { fn, kind } = routeFunction(key);
  const init = request.form
    ? { method: "POST", body: new URLSearchParams(request.form) }
    : request.json
      ? {
          method: "POST",
          body: JSON.stringify(request.json),
          headers: { "Content-Type": "application/json" },
        }
      : undefined;
  let signed = await adminRequest(request.path, { shop, type: request.type, init });
  // A document load's URL carries the session's shop; a request naming another keeps that name.
  const named = new URL(request.path, signed.url).searchParams.get("shop");
  if (named) {
    const url = new URL(signed.url);
    url.searchParams.set("shop", named);
    signed = new Request(url, signed);
  }
  const response =
    kind === "loader"
      ? await callLoader(fn, signed, request.params)
      : await callAction(fn, signed, request.params);
  return { status: response.status, text: await response.text() };
}

/** The same call with shop B named in the URL and the form: a request cannot choose its shop. */
function naming(shop: string, request: Call): Call {
  const url = new URL(request.path, "https://cartback.test");
  url.searchParams.set("shop", shop);
  return {
    ...request,
    path: `${url.pathname}${url.search}`,
    ...(request.form ? { form: [...request.form, ["shop", shop]] } : {}),
    ...(request.json ? { json: { ...request.json, shop } } : {}),
  };
}

function outboxFiles(): Set<string> {
  const dir = process.env.OUTBOX_DIR as string;
  return new Set(fs.existsSync(dir) ? fs.readdirSync(dir).filter((file) => file.endsWith(".json")) : []);
}

/** The emails the outbox received since `before`, as the provider would have got them. */
function newEmails(before: Set<string>): Array<{ to: string; text: string }> {
  const dir = process.env.OUTBOX_DIR as string;
  return [...outboxFiles()]
    .filter((file) => !before.has(file))
    .map((file) => {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      return { to: (JSON.parse(text) as { to: string }).to, text };
    });
}

/** Runs `work` with the clock stopped at `instant` (only Date: timers and I/O run as usual). */
async function atTime<T>(instant: Date, work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"], now: instant });
  try {
    return await work();
  } finally {
    vi.useRealTimers();
  }
}

function clearCaches() {
  for (const cache of globalThis.cartbackCaches ?? []) cache.clear();
}

interface World {
  a: Tenant;
  b: Tenant;
  /** Everything of shop B's that must not reach shop A. */
  bMarkers: string[];
}

async function seedBoth(): Promise<World> {
  const a = await seedTenant(ALPHA);
  const b = await seedTenant(BRAVO);
  return { a, b, bMarkers: await markersOf(b, SHOP_A) };
}

interface SideEffects {
  emails: Array<{ to: string; text: string }>;
  adminCalls: typeof adminCalls;
}

/**
 * Runs `attempt` as shop A and checks what must hold of any request of A's: shop B's rows are exactly as they
 * were, no Admin API call went to B, and no email went out to B's people or with anything of B's.
 */
async function leavesShopBAlone(world: World, attempt: () => Promise<void>): Promise<SideEffects> {
  const before = await readAllRows(SHOP_B);
  const calls = adminCalls.length;
  const outbox = outboxFiles();

  await attempt();

  expect(await readAllRows(SHOP_B), "shop B's rows").toEqual(before);
  const made = adminCalls.slice(calls);
  expect(
    made.filter((adminCall) => adminCall.shop !== SHOP_A),
    "Admin API calls to another shop",
  ).toEqual([]);
  const emails = newEmails(outbox);
  for (const email of emails) {
    expect(markersIn(email.to, world.bMarkers, { path: "" }), "an email to shop B's people").toEqual([]);
    expect(markersIn(email.text, world.bMarkers, { path: "" }), "shop B's data in an email").toEqual([]);
  }
  return { emails, adminCalls: made };
}

// --- The cases --------------------------------------------------------------------------------------------

interface Probe {
  name: string;
  run: () => Promise<void>;
}

/**
 * A read of the session shop's own data. Shop A's answer is 200 and byte for byte the same before and
 * after shop B's data exists (so not even a count of B's moves it), with nothing of B's in it, also when the
 * request names shop B in its URL. Shop B's own answer holds `visible` of its data, and the search finds them
 * there: the probe would see a leak.
 */
function ownRead(
  key: RouteExport,
  name: string,
  request: (own: Tenant) => Call,
  visible: (owner: Tenant) => string[],
  /** Data of a kind the common seed lacks, added to each shop the same way. */
  seedMore: (tenant: Tenant) => Promise<void> = async () => {},
): Probe {
  return {
    name,
    run: async () => {
      const a = await seedTenant(ALPHA);
      await seedMore(a);
      // Both of A's answers are made at the same instant: an offer's expiry is written to the minute.
      const clock = new Date();
      const baseline = await atTime(clock, () => call(key, SHOP_A, request(a)));
      expect(baseline.status, baseline.text).toBe(200);
      const b = await seedTenant(BRAVO);
      await seedMore(b);
      const world: World = { a, b, bMarkers: await markersOf(b, SHOP_A) };
      // A cache keyed without the shop would now hand B's answer to A.
      clearCaches();

      const owner = await call(key, SHOP_B, request(b));
      expect(owner.status, owner.text).toBe(200);
      expect(markersIn(owner.text, world.bMarkers, request(b)), "shop B sees its own data").toEqual(
        expect.arrayContaining(visible(b)),
      );

      await leavesShopBAlone(world, async () => {
        for (const attempt of [request(a), naming(SHOP_B, request(a))]) {
          const answer = await atTime(clock, () => call(key, SHOP_A, attempt));
          expect(answer.status, answer.text).toBe(200);
          expect(markersIn(answer.text, world.bMarkers, attempt), "shop B's data").toEqual([]);
          expect(answer.text, "shop A's answer, without and with shop B's data").toBe(baseline.text);
        }
      });
    },
  };
}

/**
 * A request addressed at shop B's records (by id, address, name or page cursor), made by shop A as is and
 * with shop B named in its URL and form. A gets the route's not-found answer (`expected`), nothing of B's
 * beyond what it sent, and B's rows stay as they were. Then shop B makes the same request and `owner` checks
 * that it reached the record: the id was a live one.
 */
function foreign(
  key: RouteExport,
  name: string,
  request: (target: Tenant) => Call,
  expected: (answer: Answer, world: World) => void,
  owner: (answer: Answer, world: World) => void = (answer) => expect(answer.status, answer.text).toBe(200),
): Probe {
  return {
    name,
    run: async () => {
      const world = await seedBoth();
      await leavesShopBAlone(world, async () => {
        for (const attempt of [request(world.b), naming(SHOP_B, request(world.b))]) {
          const answer = await call(key, SHOP_A, attempt);
          expected(answer, world);
          expect(markersIn(answer.text, world.bMarkers, attempt), "shop B's data").toEqual([]);
        }
      });
      owner(await call(key, SHOP_B, request(world.b)), world);
    },
  };
}

interface OwnWrite {
  /** The requests, in order (shop B is named in the URL and the form of each). */
  requests: (own: Tenant) => Call[] | Promise<Call[]>;
  /** How shop A's rows changed: the probe did something. */
  changed: (before: Rows, after: Rows) => void;
  /** What the answers say and what went out. */
  effects?: (sideEffects: SideEffects, answers: Answer[]) => void;
  /** Puts shop B in a state where the change, had it reached B, would show. */
  prepare?: (world: World) => Promise<void>;
}

/**
 * A change shop A makes to its own data, with shop B named in the URL and the form. Every request answers
 * 200 with nothing of B's; shop A's rows change as `changed` says, and every row of B's stays as it was.
 */
function ownWrite(key: RouteExport, name: string, write: OwnWrite): Probe {
  return {
    name,
    run: async () => {
      const world = await seedBoth();
      await write.prepare?.(world);
      const before = await readAllRows(SHOP_A);
      const answers: Answer[] = [];
      const sideEffects = await leavesShopBAlone(world, async () => {
        for (const request of await write.requests(world.a)) {
          const attempt = naming(SHOP_B, request);
          const answer = await call(key, SHOP_A, attempt);
          expect(answer.status, answer.text).toBe(200);
          expect(markersIn(answer.text, world.bMarkers, attempt), "shop B's data").toEqual([]);
          answers.push(answer);
        }
      });
      write.changed(before, await readAllRows(SHOP_A));
      write.effects?.(sideEffects, answers);
    },
  };
}

const NOT_FOUND_CHECKOUT = "This checkout does not exist in your shop.";
/** A page cursor past every checkout, newest first: the page after it holds them all. */
const FAR_FUTURE = "2999-01-01T00:00:00.000Z";

const notFoundText = (text?: string) => (answer: Answer) => {
  expect(answer.status).toBe(404);
  if (text !== undefined) expect(answer.text).toBe(text);
};

const notFoundJson = (message: string) => (answer: Answer) => {
  expect(answer.status).toBe(404);
  expect(JSON.parse(answer.text)).toEqual({ error: "NOT_FOUND", message });
};

const listedIds = (answer: Answer) =>
  (JSON.parse(answer.text) as { rows: Array<{ id: string }> }).rows.map((row) => row.id).sort();

const settingsIn = (rows: Rows) => JSON.parse(String(rows.ShopSettings[0]?.data)) as ShopSettings;

const enrollmentIn = (rows: Rows, token: string) => {
  const checkout = rows.Checkout.find((row) => row.token === token);
  return rows.Enrollment.find((row) => row.checkoutId === checkout?.id);
};

/** A settings section as shop A's page submits it: the form as loaded, with `edit` applied. */
function settingsSave(
  section: EditableSection,
  edit: (form: SettingsForm) => void,
  saved: Partial<ShopSettings>,
) {
  return ownWrite("app.settings.tsx action", `save the ${section} section`, {
    requests: async () => {
      const page = await call("app.settings.tsx loader", SHOP_A, { path: "/app/settings" });
      const { form } = JSON.parse(page.text) as SettingsPage;
      edit(form);
      return [{ path: "/app/settings", form: sectionFields(section, form) }];
    },
    changed: (before, after) => {
      expect(settingsIn(after)).not.toEqual(settingsIn(before));
      expect(settingsIn(after)).toMatchObject(saved);
    },
    effects: (_sideEffects, [answer]) =>
      expect(JSON.parse(answer?.text ?? "")).toMatchObject({ section, ok: true }),
  });
}

function sendingAction(action: "pause" | "resume", expected: Partial<ShopSettings["sending"]>) {
  const post = (value: string): Call => ({
    path: "/app/settings",
    form: [
      [INTENT_FIELD, "sending"],
      [FIELD.sendingAction, value],
    ],
  });
  return ownWrite("app.settings.tsx action", `${action} sending`, {
    // Shop A pauses, or pauses then resumes. Shop B is sending when A pauses, and paused automatically when A
    // resumes: either change, had it reached B, would show in B's row.
    requests: () => (action === "resume" ? [post("pause"), post("resume")] : [post("pause")]),
    prepare: async () => {
      if (action === "pause") return;
      const settings = await getShopSettings(SHOP_B);
      await saveShopSettings(SHOP_B, {
        ...settings,
        sending: { status: "PAUSED", pausedReason: "COMPLAINT_RATE", pausedAt: "2026-11-02T03:04:05.000Z" },
      });
    },
    changed: (before, after) => {
      expect(settingsIn(before).sending.status).toBe("ACTIVE");
      expect(settingsIn(after).sending).toMatchObject(expected);
    },
    effects: (_sideEffects, answers) => {
      for (const answer of answers)
        expect(JSON.parse(answer.text)).toMatchObject({ section: "sending", ok: true });
    },
  });
}

/**
 * One entry per loader and action of the embedded admin. The first test holds this table to the route files;
 * every probe is a test of its own, on a database with the shops seeded afresh.
 */
const CASES: Record<RouteExport, Probe[]> = {
  "app.tsx loader": [
    // The frame reads no shop data; what it answers must still not change with B's data.
    ownRead(
      "app.tsx loader",
      "the frame (fetch)",
      () => ({ path: "/app" }),
      () => [],
    ),
    ownRead(
      "app.tsx loader",
      "the frame (document load)",
      () => ({ path: "/app", type: "document" }),
      () => [],
    ),
  ],

  "app._index.tsx loader": [
    ownRead(
      "app._index.tsx loader",
      "the dashboard's default period",
      () => ({ path: "/app" }),
      // Its experiments card: email 1's variants, with the shop's sent emails as variant B.
      (owner) => [
        owner.spec.shop,
        owner.spec.name,
        owner.spec.timezone,
        owner.spec.catalogError ?? "",
        owner.spec.subjects.b,
      ],
      tagExperimentSends,
    ),
    ownRead(
      "app._index.tsx loader",
      "the dashboard's last 7 days, as a document load",
      () => ({ path: "/app?period=7", type: "document" }),
      (owner) => [owner.spec.shop, owner.spec.name, owner.spec.timezone],
    ),
  ],

  "app.checkouts._index.tsx loader": [
    ownRead(
      "app.checkouts._index.tsx loader",
      "the checkout list",
      () => ({ path: "/app/checkouts" }),
      (owner) => [owner.checkoutId, owner.recoveredCheckoutId, owner.spec.shopper.firstName],
    ),
    ownRead(
      "app.checkouts._index.tsx loader",
      "the recovered checkouts, by value",
      () => ({ path: "/app/checkouts?status=recovered&sort=value-desc" }),
      (owner) => [owner.recoveredCheckoutId, owner.spec.recovered.firstName],
    ),
    foreign(
      "app.checkouts._index.tsx loader",
      "a search for shop B's shopper's address",
      (target) => ({ path: `/app/checkouts?${new URLSearchParams({ q: target.spec.shopper.email })}` }),
      (answer) => {
        expect(answer.status).toBe(200);
        expect(listedIds(answer)).toEqual([]);
      },
      (answer, world) => expect(listedIds(answer)).toEqual([world.b.checkoutId]),
    ),
    foreign(
      "app.checkouts._index.tsx loader",
      "a search for shop B's shopper's first name",
      (target) => ({ path: `/app/checkouts?${new URLSearchParams({ q: target.spec.recovered.firstName })}` }),
      (answer) => {
        expect(answer.status).toBe(200);
        expect(listedIds(answer)).toEqual([]);
      },
      (answer, world) => expect(listedIds(answer)).toEqual([world.b.recoveredCheckoutId]),
    ),
    foreign(
      "app.checkouts._index.tsx loader",
      "a page cursor made of shop B's checkout",
      (target) => ({
        path: `/app/checkouts?${new URLSearchParams({ after: `${FAR_FUTURE}~${target.checkoutId}` })}`,
      }),
      (answer, world) => {
        expect(answer.status).toBe(200);
        expect(listedIds(answer)).toEqual([world.a.checkoutId, world.a.recoveredCheckoutId].sort());
      },
      (answer, world) =>
        expect(listedIds(answer)).toEqual([world.b.checkoutId, world.b.recoveredCheckoutId].sort()),
    ),
  ],

  "app.checkouts.$id.tsx loader": [
    ownRead(
      "app.checkouts.$id.tsx loader",
      "the shop's own checkout",
      (own) => ({ path: `/app/checkouts/${own.checkoutId}`, params: { id: own.checkoutId } }),
      (owner) => [owner.spec.shopper.email, owner.spec.shopper.firstName, owner.spec.shopper.code],
    ),
    foreign(
      "app.checkouts.$id.tsx loader",
      "shop B's checkout mid-sequence",
      (target) => ({ path: `/app/checkouts/${target.checkoutId}`, params: { id: target.checkoutId } }),
      notFoundText(NOT_FOUND_CHECKOUT),
    ),
    foreign(
      "app.checkouts.$id.tsx loader",
      "shop B's recovered checkout",
      (target) => ({
        path: `/app/checkouts/${target.recoveredCheckoutId}`,
        params: { id: target.recoveredCheckoutId },
      }),
      notFoundText(NOT_FOUND_CHECKOUT),
    ),
  ],

  "app.checkouts.$id.tsx action": [
    ownWrite("app.checkouts.$id.tsx action", "stop on the shop's own checkout", {
      requests: (own) => [
        {
          path: `/app/checkouts/${own.checkoutId}`,
          params: { id: own.checkoutId },
          form: [["intent", "stop"]],
        },
      ],
      changed: (before, after) => {
        expect(enrollmentIn(before, ALPHA.shopper.token)).toMatchObject({ status: "ACTIVE" });
        expect(enrollmentIn(after, ALPHA.shopper.token)).toMatchObject({
          status: "STOPPED",
          reason: "STOPPED_BY_MERCHANT",
        });
      },
    }),
    ownWrite("app.checkouts.$id.tsx action", "send-now on the shop's own checkout", {
      requests: (own) => [
        {
          path: `/app/checkouts/${own.checkoutId}`,
          params: { id: own.checkoutId },
          form: [["intent", "send-now"]],
        },
      ],
      changed: (before, after) => {
        expect(enrollmentIn(before, ALPHA.shopper.token)).toMatchObject({ stepsSent: 1 });
        expect(enrollmentIn(after, ALPHA.shopper.token)).toMatchObject({ stepsSent: 2 });
      },
      effects: ({ emails, adminCalls: made }, [answer]) => {
        expect(JSON.parse(answer?.text ?? "")).toMatchObject({ intent: "send-now", outcome: "SENT" });
        expect(emails.map((email) => email.to)).toEqual([ALPHA.shopper.email]);
        expect(made.length).toBeGreaterThan(0);
      },
    }),
    ...(["stop", "send-now"] as const).flatMap((intent) =>
      (["checkoutId", "recoveredCheckoutId"] as const).map((which) =>
        foreign(
          "app.checkouts.$id.tsx action",
          `${intent} on shop B's ${which === "checkoutId" ? "checkout mid-sequence" : "recovered checkout"}`,
          (target) => ({
            path: `/app/checkouts/${target[which]}`,
            params: { id: target[which] },
            form: [["intent", intent]],
          }),
          notFoundJson(NOT_FOUND_CHECKOUT),
          // Shop B can act on its own checkout: the one mid-sequence stops or sends (without its offer: the
          // fixture's cart is in USD, B's tiers in EUR); the recovered one is done.
          (answer) => {
            expect(answer.status, answer.text).toBe(200);
            const outcome = { stop: "STOPPED", "send-now": "SENT_WITHOUT_OFFER" }[intent];
            expect(JSON.parse(answer.text), answer.text).toMatchObject({
              intent,
              outcome: which === "recoveredCheckoutId" ? "NOT_ACTIVE" : outcome,
            });
          },
        ),
      ),
    ),
  ],

  "app.preview.tsx loader": [
    ownRead(
      "app.preview.tsx loader",
      "the preview of a sample cart from the catalog",
      () => ({ path: "/app/preview" }),
      (owner) => [
        owner.spec.product.title,
        owner.spec.sender.displayName ?? "",
        owner.spec.contactEmail,
        owner.checkoutId,
      ],
    ),
    ownRead(
      "app.preview.tsx loader",
      "the preview of the shop's own checkout, step 2",
      (own) => ({ path: `/app/preview?checkout=${own.checkoutId}&step=2` }),
      (owner) => [
        owner.spec.shopper.firstName,
        owner.spec.sender.displayName ?? "",
        owner.spec.sender.logoUrl ?? "",
      ],
    ),
    foreign(
      "app.preview.tsx loader",
      "the preview of shop B's checkout",
      (target) => ({ path: `/app/preview?checkout=${target.checkoutId}` }),
      notFoundText(),
    ),
  ],

  "app.preview.tsx action": [
    ownWrite("app.preview.tsx action", "a test email to the shop's own address", {
      requests: () => [
        {
          path: "/app/preview",
          form: [
            ["step", "1"],
            ["ai", "off"],
          ],
        },
      ],
      // A test email records nothing: what shows it was sent is the email itself.
      changed: (before, after) => expect(after).toEqual(before),
      effects: ({ emails }, [answer]) => {
        expect(JSON.parse(answer?.text ?? "")).toEqual({ ok: true, to: ALPHA.contactEmail });
        expect(emails.map((email) => email.to)).toEqual([ALPHA.contactEmail]);
      },
    }),
    foreign(
      "app.preview.tsx action",
      "a test email of shop B's checkout",
      (target) => ({
        path: "/app/preview",
        form: [
          ["checkout", target.checkoutId],
          ["step", "1"],
          ["ai", "off"],
        ],
      }),
      notFoundText(),
      (answer) => expect(JSON.parse(answer.text)).toEqual({ ok: true, to: BRAVO.contactEmail }),
    ),
  ],

  "app.catalog.sync.tsx action": [
    ownWrite("app.catalog.sync.tsx action", "Sync now", {
      // Shop B's last export failed: a sync started for B would show in its catalog state.
      requests: () => [{ path: "/app/catalog/sync", form: [] }],
      changed: (before, after) => {
        expect(before.CatalogState[0]).toMatchObject({ syncStatus: "COMPLETED" });
        expect(after.CatalogState[0]).toMatchObject({ syncStatus: "RUNNING" });
      },
      effects: ({ adminCalls: made }, [answer]) => {
        expect(JSON.parse(answer?.text ?? "")).toEqual({ outcome: "STARTED" });
        expect(made.map((adminCall) => [adminCall.shop, adminCall.operationName])).toEqual([
          [SHOP_A, "RunProductsBulkQuery"],
        ]);
      },
    }),
  ],

  "app.reconciliation.check.tsx action": [
    ownWrite("app.reconciliation.check.tsx action", "Check now", {
      // Shop B has no reconciliation row: one requested for B would appear.
      requests: () => [{ path: "/app/reconciliation/check", form: [] }],
      changed: (before, after) => {
        expect(before.ReconciliationState ?? []).toEqual([]);
        expect(after.ReconciliationState).toEqual([
          expect.objectContaining({ requestedAt: expect.anything() }),
        ]);
      },
      effects: (_effects, [answer]) =>
        expect(JSON.parse(answer?.text ?? "")).toMatchObject({ outcome: "REQUESTED" }),
    }),
  ],

  "app.setup.$step.tsx action": [
    ownWrite("app.setup.$step.tsx action", "mark Shopify's own email step done", {
      // Shop B's settings carry no confirmation: one made for B would appear in its row.
      requests: () => [
        { path: "/app/setup/SHOPIFY_EMAIL", params: { step: "SHOPIFY_EMAIL" }, form: [["intent", "done"]] },
      ],
      changed: (before, after) => {
        expect(settingsIn(before).setupChecks?.shopifyEmailResolvedAt ?? null).toBeNull();
        expect(settingsIn(after).setupChecks?.shopifyEmailResolvedAt).toEqual(expect.any(String));
      },
      effects: (_effects, [answer]) =>
        expect(JSON.parse(answer?.text ?? "")).toMatchObject({ outcome: "CONFIRMED" }),
    }),
  ],

  "app.privacy.tsx loader": [
    ownRead(
      "app.privacy.tsx loader",
      "the privacy request list",
      () => ({ path: "/app/privacy" }),
      (owner) => [owner.privacyRequestId, String(owner.spec.privacyRequestId)],
    ),
  ],

  "app.privacy.$id.download.tsx loader": [
    ownRead(
      "app.privacy.$id.download.tsx loader",
      "the shop's own export",
      (own) => ({
        path: `/app/privacy/${own.privacyRequestId}/download`,
        params: { id: own.privacyRequestId },
      }),
      (owner) => [owner.spec.shopper.email, owner.spec.shopper.token, owner.spec.shopper.code],
    ),
    foreign(
      "app.privacy.$id.download.tsx loader",
      "shop B's export",
      (target) => ({
        path: `/app/privacy/${target.privacyRequestId}/download`,
        params: { id: target.privacyRequestId },
      }),
      notFoundText("Not found"),
    ),
  ],

  "app.settings.tsx loader": [
    ownRead(
      "app.settings.tsx loader",
      "the settings page",
      () => ({ path: "/app/settings" }),
      (owner) => [
        owner.spec.name,
        owner.spec.timezone,
        owner.spec.sender.displayName ?? "",
        owner.spec.sender.replyTo ?? "",
        owner.spec.sender.logoUrl ?? "",
        owner.spec.subjects.a,
        owner.spec.subjects.b,
        owner.spec.blocked.email,
        owner.spec.blocked.domain,
      ],
    ),
  ],

  "app.settings.tsx action": [
    sendingAction("pause", { status: "PAUSED", pausedReason: "MERCHANT" }),
    sendingAction("resume", { status: "ACTIVE", pausedReason: null, pausedAt: null }),
    settingsSave(
      "tiers",
      (form) => {
        form.tiers.tiers = [{ minimumSubtotal: "0", percentOff: "5", freeShipping: false }];
        form.tiers.codeLifetimeHours = "48";
      },
      { tiers: [{ minimumSubtotalMinor: 0, percentOff: 5, freeShipping: false }], codeLifetimeHours: 48 },
    ),
    settingsSave(
      "steps",
      (form) => {
        form.steps.steps = form.steps.steps
          .slice(0, 1)
          .map((step) => ({ ...step, subject: "Alpha edited subject" }));
      },
      { steps: [expect.objectContaining({ subject: "Alpha edited subject" })] },
    ),
    settingsSave(
      "audience",
      (form) => {
        form.audience.mode = "SUBSCRIBERS";
        form.audience.blockedEmails = "edited@alpha-tenant.shop";
      },
      {
        audience: expect.objectContaining({
          mode: "SUBSCRIBERS",
          blockedEmails: ["edited@alpha-tenant.shop"],
        }),
      },
    ),
    settingsSave(
      "sender",
      (form) => {
        form.sender.displayName = "Alpha Edited Sender";
      },
      { sender: expect.objectContaining({ displayName: "Alpha Edited Sender" }) },
    ),
    settingsSave(
      "measurement",
      (form) => {
        form.measurement.holdoutPercent = "12";
        form.measurement.retentionDays = "30";
      },
      { holdoutPercent: 12, retentionDays: 30 },
    ),
  ],
};

const segmentsOf = (rows: Rows) =>
  rows.Segment.filter((row) => row.deletedAt === null).map((row) => String(row.name));

CASES["app.segments.tsx loader"] = [
  ownRead(
    "app.segments.tsx loader",
    "the segment editor",
    () => ({ path: "/app/segments" }),
    (owner) => [owner.spec.segment.name, owner.spec.segment.subject],
  ),
];

CASES["app.segments.tsx action"] = [
  ownWrite("app.segments.tsx action", "save the shop's segments", {
    requests: async () => {
      const [own] = await prisma.segment.findMany({ where: { shop: SHOP_A }, select: { id: true } });
      return [
        {
          path: "/app/segments",
          json: {
            intent: "save",
            segments: [
              {
                id: own?.id,
                name: "Alpha renamed segment",
                rule: segmentRule(ALPHA),
                strategy: segmentStrategy(ALPHA),
              },
              { name: "Alpha second segment", rule: segmentRule(ALPHA), strategy: segmentStrategy(ALPHA) },
            ],
          },
        },
      ];
    },
    changed: (before, after) => {
      expect(segmentsOf(before)).toEqual([ALPHA.segment.name]);
      expect(segmentsOf(after).sort()).toEqual(["Alpha renamed segment", "Alpha second segment"]);
    },
    effects: (_sideEffects, [answer]) => expect(JSON.parse(answer?.text ?? "")).toMatchObject({ ok: true }),
  }),
  ownRead(
    "app.segments.tsx action",
    "count what the shop's own unsaved segments would catch",
    () => ({
      path: "/app/segments",
      json: { intent: "count", segments: [{ key: "k1", name: "Draft", rule: segmentRule(ALPHA) }] },
    }),
    () => [],
  ),
  foreign(
    "app.segments.tsx action",
    "save a list naming shop B's segment",
    (target) => ({
      path: "/app/segments",
      json: {
        intent: "save",
        segments: [
          {
            id: target.segmentId,
            name: "Taken over",
            rule: segmentRule(target.spec),
            strategy: segmentStrategy(target.spec),
          },
        ],
      },
    }),
    (answer) => {
      expect(answer.status).toBe(422);
      expect(JSON.parse(answer.text)).toMatchObject({
        ok: false,
        errors: { "segments.0.id": expect.any(String) },
      });
    },
  ),
];

/** A segment strategy with an offer test of no discount against a 10% tier. */
const testedStrategy = (spec: TenantSpec) => ({
  ...segmentStrategy(spec),
  steps: [{ delayMinutes: 90, offer: true, subject: spec.segment.subject, subjectB: null }],
  tiers: [{ minimumSubtotalMinor: 0, percentOff: 10, freeShipping: false }],
  offerArms: ["NO_DISCOUNT", "TIER_DISCOUNT"],
});

CASES["app.offers.apply.tsx action"] = [
  ownWrite("app.offers.apply.tsx action", "apply the offer an offer test recommends", {
    // Both shops' segments run the same test: had the change reached B's, its strategy would show it.
    prepare: async () => {
      for (const spec of [ALPHA, BRAVO])
        await prisma.segment.updateMany({
          where: { shop: spec.shop },
          data: { strategy: JSON.stringify(testedStrategy(spec)) },
        });
    },
    requests: async () => {
      const own = await prisma.segment.findFirstOrThrow({ where: { shop: SHOP_A }, select: { id: true } });
      return [
        {
          path: "/app/offers/apply",
          form: [
            ["segmentId", own.id],
            ["arm", "NO_DISCOUNT"],
          ],
        },
      ];
    },
    changed: (before, after) => {
      const offersOf = (rows: Rows) =>
        rows.Segment.map((row) => (JSON.parse(String(row.strategy)) as { offerArms: string[] }).offerArms);
      expect(offersOf(before)).toEqual([["NO_DISCOUNT", "TIER_DISCOUNT"]]);
      expect(offersOf(after)).toEqual([[]]);
      expect(after.SequenceVersion.length).toBe(before.SequenceVersion.length + 1);
    },
    effects: (_sideEffects, [answer]) => expect(JSON.parse(answer?.text ?? "")).toMatchObject({ ok: true }),
  }),
  foreign(
    "app.offers.apply.tsx action",
    "apply an offer to shop B's segment",
    (target) => ({
      path: "/app/offers/apply",
      form: [
        ["segmentId", target.segmentId],
        ["arm", "NO_DISCOUNT"],
      ],
    }),
    (answer) => {
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.text)).toMatchObject({ ok: false, reason: "This segment no longer exists." });
    },
    // Shop B reaches its own segment, which runs no offer test: the answer says so.
    (answer) => {
      expect(answer.status, answer.text).toBe(409);
      expect(JSON.parse(answer.text)).toMatchObject({ ok: false, status: 409 });
    },
  ),
];

/** Email 1's content experiment in a shop (its subjects A and B, as seeded): its key as the engine makes it. */
async function experimentKeyIn(shop: string): Promise<string> {
  const [first] = (await getShopSettings(shop)).steps;
  const key = first ? experimentKeyOf("default", 1, first) : null;
  if (!key) throw new Error(`${shop} runs no experiment on email 1`);
  return key;
}

/** The shop's sent first emails as variant B of its experiment, so it has figures and a variant to promote. */
async function tagExperimentSends(tenant: Tenant) {
  const { shop } = tenant.spec;
  await prisma.recoverySend.updateMany({
    where: { shop, step: 1, status: "SENT" },
    data: { subjectVariant: "B", experimentKey: await experimentKeyIn(shop) },
  });
}

/** A standing decision on the shop's experiment: B promoted by the rule. */
async function seedDecision(tenant: Tenant): Promise<string> {
  const { shop } = tenant.spec;
  const decision = await prisma.experimentDecision.create({
    data: {
      shop,
      experimentKey: await experimentKeyIn(shop),
      segmentId: "default",
      step: 1,
      winner: "B",
      decidedBy: "AUTO",
      evidence: "{}",
      decidedAt: new Date("2026-03-01T00:00:00Z"),
    },
    select: { id: true },
  });
  return decision.id;
}

/**
 * A request at shop B's experiment, made by shop A as is and with shop B named: A gets `expected` and nothing
 * of B's, and B's rows stay as they were; then shop B's own request reaches it (`owner`).
 */
function foreignExperiment(
  name: string,
  request: (target: Tenant, decisionId: string) => Promise<Call>,
  expected: (answer: Answer) => void,
  owner: (answer: Answer) => void,
): Probe {
  return {
    name,
    run: async () => {
      const world = await seedBoth();
      await tagExperimentSends(world.b);
      const decisionId = await seedDecision(world.b);
      const theirs = await request(world.b, decisionId);
      await leavesShopBAlone(world, async () => {
        for (const attempt of [theirs, naming(SHOP_B, theirs)]) {
          const answer = await call("app.experiments.tsx action", SHOP_A, attempt);
          expected(answer);
          expect(markersIn(answer.text, world.bMarkers, attempt), "shop B's data").toEqual([]);
        }
      });
      owner(await call("app.experiments.tsx action", SHOP_B, theirs));
    },
  };
}

const decisionsIn = (rows: Rows) =>
  rows.ExperimentDecision.map((row) => [
    row.winner,
    row.decidedBy,
    row.reversedAt === null ? "standing" : "undone",
  ]);

CASES["app.experiments.tsx action"] = [
  ownWrite("app.experiments.tsx action", "promote a variant of the shop's experiment", {
    // Both shops have sent their B: had the promotion reached B's experiment, B would have a decision.
    prepare: async (world) => {
      await tagExperimentSends(world.a);
      await tagExperimentSends(world.b);
    },
    requests: async (own) => [
      {
        path: "/app/experiments",
        form: [
          ["intent", "promote"],
          ["experimentKey", await experimentKeyIn(own.spec.shop)],
          ["variant", "B"],
        ],
      },
    ],
    changed: (before, after) => {
      expect(decisionsIn(before)).toEqual([]);
      expect(decisionsIn(after)).toEqual([["B", "MERCHANT", "standing"]]);
    },
    effects: (_sideEffects, [answer]) => expect(JSON.parse(answer?.text ?? "")).toMatchObject({ ok: true }),
  }),
  ownWrite("app.experiments.tsx action", "undo the shop's decision", {
    prepare: async (world) => {
      await seedDecision(world.a);
      await seedDecision(world.b);
    },
    requests: async () => {
      const own = await prisma.experimentDecision.findFirstOrThrow({
        where: { shop: SHOP_A },
        select: { id: true },
      });
      return [
        {
          path: "/app/experiments",
          form: [
            ["intent", "undo"],
            ["decisionId", own.id],
          ],
        },
      ];
    },
    changed: (before, after) => {
      expect(decisionsIn(before)).toEqual([["B", "AUTO", "standing"]]);
      expect(decisionsIn(after)).toEqual([["B", "AUTO", "undone"]]);
    },
    effects: (_sideEffects, [answer]) => expect(JSON.parse(answer?.text ?? "")).toMatchObject({ ok: true }),
  }),
  foreignExperiment(
    "undo shop B's decision by its id",
    async (_target, decisionId) => ({
      path: "/app/experiments",
      form: [
        ["intent", "undo"],
        ["decisionId", decisionId],
      ],
    }),
    (answer) => {
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.text)).toEqual({
        ok: false,
        status: 404,
        reason: "This decision does not exist in your shop.",
      });
    },
    (answer) => {
      expect(answer.status, answer.text).toBe(200);
      expect(JSON.parse(answer.text)).toMatchObject({ ok: true });
    },
  ),
  foreignExperiment(
    "promote a variant of shop B's experiment by its key",
    async (target) => ({
      path: "/app/experiments",
      form: [
        ["intent", "promote"],
        ["experimentKey", await experimentKeyIn(target.spec.shop)],
        ["variant", "B"],
      ],
    }),
    (answer) => {
      expect(answer.status).toBe(409);
      expect(JSON.parse(answer.text).reason).toMatch(/^This experiment is no longer running/);
    },
    // Shop B's own key reaches its experiment, where B already stands promoted.
    (answer) => {
      expect(answer.status, answer.text).toBe(409);
      expect(JSON.parse(answer.text).reason).toBe(
        "A variant of this experiment is already promoted. Undo that decision first.",
      );
    },
  ),
];

/**
 * Repeat buyers for the customer value page: one recovered by email and one held out, 100 days ago, who both
 * order again, and one who never abandoned. The hash and customer id are the same literals in both shops, so
 * a later-order lookup without the shop would count the other shop's orders.
 */
async function seedRepeatBuyers(tenant: Tenant) {
  const { shop } = tenant.spec;
  await saveShopSettings(shop, { ...(await getShopSettings(shop)), retentionDays: 365 });
  const daysAgo = (days: number) =>
    new Date(Math.floor((Date.now() - days * 24 * HOUR_MS) / 60_000) * 60_000);
  const recoveries = await seedEnrollments(shop, [
    {
      emailHash: "tenant-shared-repeat-buyer",
      status: "STOPPED",
      anchorAt: daysAgo(101),
      recovered: { at: daysAgo(100), byEmail: true, minor: 5_000, orderId: `${shop}-first` },
    },
    {
      arm: "HOLDOUT",
      anchorAt: daysAgo(101),
      recovered: { at: daysAgo(100), byEmail: false, minor: 5_000, orderId: `${shop}-held` },
    },
  ]);
  const order = (orderId: string, at: Date, buyer: { emailHash?: string; customerId?: string }) => ({
    shop,
    orderId,
    emailHash: buyer.emailHash ?? null,
    customerId: buyer.customerId ?? null,
    attributedEnrollmentId: null,
    discountCodes: "[]",
    lines: "[]",
    currency: tenant.spec.currency,
    totalMinor: 5_000,
    subtotalMinor: 5_000,
    presentmentCurrency: tenant.spec.currency,
    presentmentTotalMinor: 5_000,
    shopifyCreatedAt: at,
  });
  await prisma.order.createMany({
    data: [
      {
        ...order(`${shop}-first`, daysAgo(100), { emailHash: "tenant-shared-repeat-buyer" }),
        attributedEnrollmentId: recoveries[0]?.id ?? null,
      },
      order(`${shop}-again`, daysAgo(80), { emailHash: "tenant-shared-repeat-buyer" }),
      {
        ...order(`${shop}-held`, daysAgo(100), { customerId: "tenant-shared-customer" }),
        attributedEnrollmentId: recoveries[1]?.id ?? null,
      },
      order(`${shop}-held-again`, daysAgo(95), { customerId: "tenant-shared-customer" }),
      order(`${shop}-loyal`, daysAgo(120), { emailHash: "tenant-shared-loyal-buyer" }),
      order(`${shop}-loyal-again`, daysAgo(110), { emailHash: "tenant-shared-loyal-buyer" }),
    ],
  });
}

CASES["app.customer-value.tsx loader"] = [
  ownRead(
    "app.customer-value.tsx loader",
    "the repeat-purchase cohorts",
    () => ({ path: "/app/customer-value" }),
    (owner) => [owner.spec.timezone],
    seedRepeatBuyers,
  ),
];

// --- The tests --------------------------------------------------------------------------------------------

describe("tenant isolation of the embedded admin", () => {
  it("has a case for every loader and action of the admin's routes, and none for a gone route", () => {
    const exported = Object.entries(ROUTE_MODULES).flatMap(([file, module]) =>
      (["loader", "action"] as const)
        .filter((kind) => typeof module[kind] === "function")
        .map((kind): RouteExport => `${file.slice(ROUTES_PREFIX.length)} ${kind}`),
    );
    expect(exported).toEqual(expect.arrayContaining(["app.tsx loader", "app._index.tsx loader"]));
    expect(Object.keys(CASES).sort()).toEqual(exported.sort());
    for (const [key, probes] of Object.entries(CASES)) expect(probes.length, key).toBeGreaterThan(0);
  });

  describe.each(Object.entries(CASES))("%s", (_key, probes) => {
    it.each(probes.map((probe) => [probe.name, probe] as const))("%s", async (_name, probe) => {
      await probe.run();
    });
  });
});
