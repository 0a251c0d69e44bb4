import crypto from "node:crypto";
import fs from "node:fs";
import fc from "fast-check";
import { Webhook } from "svix";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { pixelAccountKey } from "~/domain/pixel";
import { action as settingsAction } from "~/routes/app.settings";
import { action as checkoutAction } from "~/routes/app.checkouts.$id";
import { action as previewAction } from "~/routes/app.preview";
import { loader as privacyDownloadLoader } from "~/routes/app.privacy.$id.download";
import { action as tickAction } from "~/routes/jobs.tick";
import { action as pixelAction } from "~/routes/pixel.events";
import { loader as trackedLinkLoader } from "~/routes/r.$token";
import { action as unsubscribeAction, loader as unsubscribeLoader } from "~/routes/unsubscribe.$token";
import { action as loginAction } from "~/routes/auth.login/route";
import { action as demoClockAction } from "~/routes/demo.clock";
import { action as demoSetupAction } from "~/routes/demo.setup";
import { unsubscribeToken } from "~/domain/messages";
import { hashEmail } from "~/lib/encryption.server";
import { action as resendAction } from "~/routes/webhooks.resend";
import { adminRequest } from "./helpers/admin";
import { fixtureText } from "./helpers/fixtures";
import {
  casesTried,
  CHUNK_BYTES,
  chunkedBody,
  countCase,
  expectSafeAnswer,
  hostileBody,
  hostileContentType,
  hostileHeader,
  hostileString,
  hostileText,
  RUNS,
} from "./helpers/hostile";
import { callAction, callLoader } from "./helpers/routes";
import { installTestShop, SHOP_A } from "./helpers/shops";
import { computeWebhookHmac } from "~/lib/webhooks.server";
import { TEST_API_SECRET, TEST_APP_URL } from "./helpers/webhooks";

/**
 * Property-based hostile input for every public route and the admin's actions (fast-check): wrong types,
 * missing and extra fields, huge strings and arrays, deep nesting, unicode and control characters, integers
 * beyond 2^53, invalid JSON, wrong content types, chunked bodies far past a route's limit. Invariants: never a
 * 5xx, and a refusal changes no table.
 * The cases tried per route are counted (docs/reliability.md).
 */

const fixture = (name: string) => JSON.parse(fixtureText(name)) as Record<string, unknown>;

const PRODUCT = {
  id: 7880321196742,
  title: "Example T-Shirt",
  body_html: "<p>An <strong>organic</strong> cotton tee.</p>",
  vendor: "Acme",
  product_type: "Shirts",
  handle: "example-t-shirt",
  created_at: "2026-10-01T09:00:00-04:00",
  updated_at: "2026-11-01T09:00:00-04:00",
  status: "active",
  tags: "summer, cotton",
  variants: [{ id: 6426670414727, price: "19.99", inventory_quantity: 3, inventory_policy: "deny" }],
  image: { id: 1, src: "https://cdn.shopify.com/s/files/1/tee.jpg" },
};

/** Every stored webhook topic with a valid body to start from. */
const WEBHOOKS: Record<string, Record<string, unknown>> = {
  "checkouts/create": fixture("checkouts-update.shopify-sample-2026-07.json"),
  "checkouts/update": fixture("checkouts-update.shopify-sample-2026-07.json"),
  "checkouts/delete": { id: 981820079255243500, token: "tok-delete" },
  "orders/create": fixture("orders-create.shopify-sample-2026-07.trimmed.json"),
  "products/create": PRODUCT,
  "products/update": PRODUCT,
  "products/delete": { id: 7880321196742 },
  "bulk_operations/finish": fixture("bulk_operations-finish.shopify-sample-2026-07.json"),
  "customers/data_request": fixture("customers-data_request.shopify-sample-2026-07.json"),
  "customers/redact": fixture("customers-redact.shopify-sample-2026-07.json"),
  "shop/redact": fixture("shop-redact.shopify-sample.json"),
  "customers_email_marketing_consent/update": {
    customer_id: 706405506930370000,
    email_address: "jane@example.org",
    email_marketing_consent: {
      state: "unsubscribed",
      opt_in_level: null,
      consent_updated_at: "2026-11-01T10:00:00Z",
    },
  },
  "app/scopes_update": {
    id: 1,
    previous: ["read_orders"],
    current: ["read_orders"],
    updated_at: "2026-11-20T10:00:00Z",
  },
  "app/uninstalled": { id: 1, domain: SHOP_A },
};

async function webhookAction(topic: string) {
  const file = topic.split("/").join(".");
  const module = (await import(`../app/routes/webhooks.${file}.tsx`)) as {
    action: Parameters<typeof callAction>[0];
  };
  return module.action;
}

function webhookRequest(topic: string, body: string, contentType: string) {
  return new Request(`${TEST_APP_URL}/webhooks/${topic}`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": contentType,
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": SHOP_A,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": crypto.randomUUID(),
      "X-Shopify-Hmac-Sha256": computeWebhookHmac(body, TEST_API_SECRET),
    },
  });
}

beforeEach(async () => {
  await installTestShop(SHOP_A);
});

afterAll(() => {
  if (process.env.HOSTILE_REPORT)
    fs.writeFileSync(process.env.HOSTILE_REPORT, `${JSON.stringify(casesTried, null, 2)}\n`);
});

const options = { numRuns: RUNS, endOnFailure: true };

describe("hostile input", () => {
  it.each(Object.keys(WEBHOOKS))(
    "webhook %s: signed hostile bodies",
    async (topic) => {
      const action = await webhookAction(topic);
      await fc.assert(
        fc.asyncProperty(hostileBody(WEBHOOKS[topic]!), hostileContentType, async (body, contentType) => {
          const status = await expectSafeAnswer(() =>
            callAction(action, webhookRequest(topic, body, contentType)),
          );
          countCase(`POST /webhooks/${topic}`, status);
          expect([200, 400, 401, 413, 415]).toContain(status);
        }),
        options,
      );
    },
    120_000,
  );

  it("webhooks: unsigned or forged deliveries change nothing", async () => {
    const action = await webhookAction("orders/create");
    await fc.assert(
      fc.asyncProperty(hostileBody(WEBHOOKS["orders/create"]!), hostileHeader, async (body, hmac) => {
        const request = webhookRequest("orders/create", body, "application/json");
        request.headers.set("X-Shopify-Hmac-Sha256", hmac);
        const status = await expectSafeAnswer(() => callAction(action, request));
        countCase("POST /webhooks/* (forged)", status);
        expect(status).toBe(401);
      }),
      options,
    );
  }, 120_000);

  it("POST /jobs/tick: any header, method or body without the secret is refused", async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileHeader,
        fc.constantFrom("POST", "PUT", "DELETE", "PATCH"),
        hostileText,
        async (auth, method, body) => {
          const request = new Request(`${TEST_APP_URL}/jobs/tick`, {
            method,
            body,
            headers: { Authorization: `Bearer ${auth}` },
          });
          const status = await expectSafeAnswer(() => callAction(tickAction, request));
          countCase("POST /jobs/tick", status);
          expect([401, 405]).toContain(status);
        },
      ),
      options,
    );
  }, 120_000);

  it("GET /r/<token> and /unsubscribe/<token>: made-up tokens find nothing", async () => {
    // Each case from its own address, so the per-address limits (tested in the routes' own files) stay out.
    let address = 0;
    const source = () => ({ clientIp: `10.9.${Math.floor(++address / 250)}.${address % 250}` });
    const token = fc.oneof(
      hostileString.map((value) => value.slice(0, 5000)),
      fc.base64String({ maxLength: 400 }),
      fc.tuple(fc.base64String(), fc.base64String()).map(([a, b]) => `${a}.${b}`),
    );
    await fc.assert(
      fc.asyncProperty(token, async (value) => {
        const click = await expectSafeAnswer(() =>
          callLoader(trackedLinkLoader, new Request(`${TEST_APP_URL}/r/x`), { token: value }, source()),
        );
        countCase("GET /r/<token>", click);
        expect(click).toBe(404);
        const page = await expectSafeAnswer(() =>
          callLoader(unsubscribeLoader, new Request(`${TEST_APP_URL}/unsubscribe/x`), { token: value }),
        );
        countCase("GET /unsubscribe/<token>", page);
        const request = new Request(`${TEST_APP_URL}/unsubscribe/x`, {
          method: "POST",
          body: "List-Unsubscribe=One-Click",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        });
        const post = await expectSafeAnswer(() =>
          callAction(unsubscribeAction, request, { token: value }, source()),
        );
        countCase("POST /unsubscribe/<token>", post);
        expect([400, 404]).toContain(page);
        expect([400, 404]).toContain(post);
      }),
      options,
    );
  }, 120_000);

  it("POST /webhooks/resend: signed hostile bodies, and forged ones", async () => {
    const valid = { type: "email.bounced", created_at: "2026-11-20T12:00:00Z", data: { email_id: "re_1" } };
    await fc.assert(
      fc.asyncProperty(hostileBody(valid), fc.boolean(), async (body, signed) => {
        const id = `msg_${crypto.randomUUID()}`;
        const timestamp = new Date();
        const signature = signed
          ? new Webhook("whsec_dGVzdC1yZXNlbmQtd2ViaG9vay1zZWNyZXQ=").sign(id, timestamp, body)
          : "v1,forged";
        const request = new Request(`${TEST_APP_URL}/webhooks/resend`, {
          method: "POST",
          body,
          headers: {
            "svix-id": id,
            "svix-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
            "svix-signature": signature,
          },
        });
        const status = await expectSafeAnswer(() => callAction(resendAction, request));
        countCase("POST /webhooks/resend", status);
        expect([200, 400, 401, 413]).toContain(status);
        // An oversized body is refused before its signature is even checked.
        if (!signed) expect([401, 413]).toContain(status);
      }),
      options,
    );
  }, 120_000);

  it("POST /pixel/events: hostile events and content types", async () => {
    const valid = {
      v: 1,
      name: "checkout_contact_info_submitted",
      id: "sh-1",
      at: "2026-11-10T12:00:00.000Z",
      shop: SHOP_A,
      accountKey: pixelAccountKey(SHOP_A),
      checkoutToken: "tok-1",
      email: "jane@example.org",
    };
    let ip = 0;
    await fc.assert(
      fc.asyncProperty(hostileBody(valid), hostileContentType, async (body, contentType) => {
        const request = new Request(`${TEST_APP_URL}/pixel/events`, {
          method: "POST",
          body,
          headers: { "Content-Type": contentType },
        });
        const status = await expectSafeAnswer(() =>
          pixelAction({ request, params: {}, context: { clientIp: `10.0.${++ip % 250}.1` } }),
        );
        countCase("POST /pixel/events", status);
        expect([202, 400, 401, 404, 413, 415, 429]).toContain(status);
      }),
      options,
    );
  }, 120_000);

  it("admin actions: hostile forms from a valid session change nothing they refuse", async () => {
    const fieldName = fc.constantFrom(
      "intent",
      "section",
      "tiers",
      "steps",
      "steps.0.delayMinutes",
      "tiers.0.percentOff",
      "holdoutPercent",
      "attributionWindowDays",
      "retentionDays",
      "blockedEmails",
      "displayName",
      "replyTo",
      "accentColor",
      "checkout",
      "step",
      "to",
    );
    const form = fc.array(
      fc.tuple(
        fieldName,
        hostileString.map((value) => value.slice(0, 20_000)),
      ),
      { maxLength: 8 },
    );
    const routes = [
      ["POST /app/settings", settingsAction, "/app/settings", {}],
      [
        "POST /app/checkouts/<id>",
        checkoutAction,
        "/app/checkouts/x",
        { id: "00000000-0000-0000-0000-000000000000" },
      ],
      ["POST /app/preview", previewAction, "/app/preview", {}],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), form, async ([name, action, path, params], fields) => {
        const body = new FormData();
        for (const [key, value] of fields) body.append(key, value);
        const request = await adminRequest(path, { shop: SHOP_A, init: { method: "POST", body } });
        const status = await expectSafeAnswer(() => callAction(action, request, params));
        countCase(name, status);
      }),
      { ...options, numRuns: RUNS * 2 },
    );
  }, 180_000);

  it("NUL characters and amounts too large for PostgreSQL never make a 5xx", async () => {
    const checkouts = await webhookAction("checkouts/update");
    const body = JSON.stringify({
      ...WEBHOOKS["checkouts/update"],
      token: "nul-token",
      line_items: [{ title: "Tent\u0000 XL", quantity: 1, price: "10.00", product_id: 1, variant_id: 2 }],
    });
    const stored = await callAction(checkouts, webhookRequest("checkouts/update", body, "application/json"));
    expect(stored.status).toBe(200);
    const row = await prisma.checkout.findFirstOrThrow({ where: { token: "nul-token" } });
    expect(row.lineItems).toContain("Tent\uFFFD XL");
    const nulToken = JSON.stringify({ ...WEBHOOKS["checkouts/update"], token: "\u0000" });
    expect(
      (await callAction(checkouts, webhookRequest("checkouts/update", nulToken, "application/json"))).status,
    ).toBeLessThan(500);
    for (const checkout of ["\u0000", "abc\u0000def"]) {
      const form = new FormData();
      form.append("checkout", checkout);
      const request = await adminRequest("/app/preview", {
        shop: SHOP_A,
        init: { method: "POST", body: form },
      });
      expect((await callAction(previewAction, request)).status, JSON.stringify(checkout)).toBeLessThan(500);
    }
    // Amounts beyond PostgreSQL's integer columns are refused as invalid, not failed on insert.
    const huge = JSON.stringify({ ...WEBHOOKS["checkouts/update"], subtotal_price: 842740651 });
    expect(
      (await callAction(checkouts, webhookRequest("checkouts/update", huge, "application/json"))).status,
    ).toBe(400);
    const download = await adminRequest("/app/privacy/x/download", { shop: SHOP_A });
    expect((await callLoader(privacyDownloadLoader, download, { id: "\u0000" })).status).toBe(404);
  });

  it("chunked bodies past a route's limit are cut where they are read, on every public route", async () => {
    // [route, its answer, its limit (0: answered before any of the body is read), the call]. The server also
    // cuts every body at 1 MiB (server/request-body.ts; server/remix-handler.test.ts, server/boot.test.ts).
    const KIB = 1024;
    const post = (path: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
      new Request(`${TEST_APP_URL}${path}`, { method: "POST", body, headers, duplex: "half" } as RequestInit);
    const validLink = unsubscribeToken(SHOP_A, hashEmail(SHOP_A, "jane@example.org"));
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    type Case = [string, number, number, (body: ReadableStream<Uint8Array>) => Promise<Response>];
    const cases: Case[] = [
      ...Object.keys(WEBHOOKS).map((topic): Case => [
        `POST /webhooks/${topic}`,
        413,
        1024 * KIB,
        async (body) => {
          const request = webhookRequest(topic, "{}", "application/json");
          return callAction(
            await webhookAction(topic),
            new Request(request, { body, duplex: "half" } as RequestInit),
          );
        },
      ]),
      [
        "POST /webhooks/resend",
        413,
        256 * KIB,
        (body) => callAction(resendAction, post("/webhooks/resend", body)),
      ],
      [
        "POST /pixel/events",
        413,
        8 * KIB,
        (body) =>
          pixelAction({
            request: post("/pixel/events", body, { "Content-Type": "text/plain" }),
            params: {},
            context: { clientIp: "10.8.0.1" },
          }),
      ],
      [
        "POST /unsubscribe/<valid token>",
        413,
        1 * KIB,
        (body) =>
          callAction(
            unsubscribeAction,
            post("/unsubscribe/x", body, form),
            { token: validLink },
            { clientIp: "10.8.0.2" },
          ),
      ],
      [
        "POST /unsubscribe/<made-up token>",
        404,
        0,
        (body) =>
          callAction(
            unsubscribeAction,
            post("/unsubscribe/x", body, form),
            { token: "made.up" },
            { clientIp: "10.8.0.3" },
          ),
      ],
      ["POST /auth/login", 413, 4 * KIB, (body) => callAction(loginAction, post("/auth/login", body, form))],
      [
        "POST /jobs/tick",
        401,
        0,
        (body) =>
          callAction(tickAction, post("/jobs/tick", body, { Authorization: "Bearer not-the-secret" })),
      ],
      ["POST /demo/clock", 404, 0, (body) => callAction(demoClockAction, post("/demo/clock", body))],
      ["POST /demo/setup", 404, 0, (body) => callAction(demoSetupAction, post("/demo/setup", body))],
    ];
    for (const [route, expected, limit, call] of cases) {
      // Far past every limit: a route that buffered its body whole would read all of it.
      const { body, pulled } = chunkedBody(8 * 1024 * KIB);
      const status = await expectSafeAnswer(() => call(body));
      countCase(`${route} (chunked, 8 MiB)`, status);
      expect(status, route).toBe(expected);
      expect(pulled(), route).toBeLessThanOrEqual(limit + (limit > 0 ? CHUNK_BYTES : 0));
    }
  }, 60_000);

  it("counts what it tried", () => {
    // A property that generated nothing would prove nothing.
    for (const route of [
      "POST /webhooks/orders/create",
      "POST /jobs/tick",
      "GET /r/<token>",
      "POST /pixel/events",
    ])
      expect(
        Object.values(casesTried[route] ?? {}).reduce((sum, count) => sum + count, 0),
        route,
      ).toBeGreaterThan(0);
  });
});
