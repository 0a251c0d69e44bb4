import fs from "node:fs";
import path from "node:path";
import "@shopify/shopify-api/adapters/web-api";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { TEST_API_SECRET, TEST_APP_URL } from "../../test/helpers/webhooks";
import { AppError } from "./app-error";
import { computeWebhookHmac, verifyWebhook, type WebhookDelivery } from "./webhooks.server";

/**
 * Cartback verifies webhooks itself (decision 0005). This pins that verifier to Shopify's own,
 * `shopify.webhooks.validate` from @shopify/shopify-api, on the same signed fixtures: what one accepts the
 * other accepts with the same shop, topic, id and version, and what one refuses the other refuses. The two
 * deliberate differences are asserted as such: Cartback also refuses a delivery for another route's topic or
 * a malformed shop domain (the library leaves that to the app), and refuses Events deliveries, which the
 * library accepts, with a 400 that says why.
 */

const FIXTURES = path.resolve(__dirname, "../../test/fixtures/shopify");
const SHOP = "shop-a.myshopify.com";

const shopify = shopifyApi({
  apiKey: "testApiKey",
  apiSecretKey: TEST_API_SECRET,
  apiVersion: ApiVersion.October26,
  hostName: new URL(TEST_APP_URL).host,
  isEmbeddedApp: true,
  logger: { log: () => undefined },
});

interface Delivery {
  body: string;
  headers: Record<string, string>;
}

const fixtureDeliveries: Array<[topic: string, file: string]> = [
  ["checkouts/update", "checkouts-update.shopify-sample-2026-07.json"],
  ["orders/create", "orders-create.shopify-sample-2026-07.trimmed.json"],
  ["customers/data_request", "customers-data_request.shopify-sample-2026-07.json"],
  ["customers/redact", "customers-redact.shopify-sample-2026-07.json"],
  ["shop/redact", "shop-redact.shopify-sample.json"],
  ["bulk_operations/finish", "bulk_operations-finish.shopify-sample-2026-07.json"],
];

function classicDelivery(topic: string, body: string, secret = TEST_API_SECRET): Delivery {
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-shop-domain": SHOP,
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
      "x-shopify-triggered-at": "2026-11-20T12:00:00Z",
      "x-shopify-event-id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
      "x-shopify-hmac-sha256": computeWebhookHmac(body, secret),
    },
  };
}

/** The same delivery with the Events family's header names (Shopify-Topic, Shopify-Hmac-Sha256, …). */
function eventsDelivery({ body, headers }: Delivery): Delivery {
  return {
    body,
    headers: Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name.replace(/^x-shopify-/, "shopify-"), value]),
    ),
  };
}

const without = ({ body, headers }: Delivery, name: string): Delivery => ({
  body,
  headers: Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name)),
});

function toRequest({ body, headers }: Delivery, topic: string): Request {
  return new Request(`${TEST_APP_URL}/webhooks/${topic}`, { method: "POST", body, headers });
}

type Verdict =
  { ok: true; shop: string; topic: string; webhookId: string; apiVersion: string } | { ok: false };

async function libraryVerdict(delivery: Delivery, topic: string): Promise<Verdict> {
  const result = await shopify.webhooks.validate({
    rawBody: delivery.body,
    rawRequest: toRequest(delivery, topic),
  });
  if (!result.valid) return { ok: false };
  return {
    ok: true,
    shop: result.domain,
    // The library keeps topics in its storage form (CHECKOUTS_UPDATE); Cartback in the toml's (checkouts/update).
    topic: result.topic,
    webhookId: result.webhookId,
    apiVersion: result.apiVersion,
  };
}

async function cartbackVerdict(delivery: Delivery, topic: string): Promise<Verdict & { status?: number }> {
  let verified: WebhookDelivery;
  try {
    verified = await verifyWebhook(
      {
        header: (name) => new Headers(delivery.headers).get(name),
        body: toRequest(delivery, topic).body as unknown as AsyncIterable<Uint8Array>,
      },
      topic,
    );
  } catch (error) {
    if (error instanceof AppError) return { ok: false, status: error.status };
    throw error;
  }
  return {
    ok: true,
    shop: verified.shop,
    topic: verified.topic.toUpperCase().replace(/\/|\./g, "_"),
    webhookId: verified.webhookId,
    apiVersion: verified.apiVersion,
  };
}

describe("Cartback's webhook verifier against @shopify/shopify-api's webhooks.validate", () => {
  it.each(fixtureDeliveries)(
    "both accept a genuine %s delivery, with the same facts",
    async (topic, file) => {
      const delivery = classicDelivery(topic, fs.readFileSync(path.join(FIXTURES, file), "utf8"));
      const library = await libraryVerdict(delivery, topic);
      expect(library.ok).toBe(true);
      expect(await cartbackVerdict(delivery, topic)).toEqual(library);
    },
  );

  const topic = "checkouts/update";
  const body = fs.readFileSync(path.join(FIXTURES, "checkouts-update.shopify-sample-2026-07.json"), "utf8");
  const genuine = classicDelivery(topic, body);
  const refusals: Array<[name: string, delivery: Delivery, status: number]> = [
    ["signed with another secret", classicDelivery(topic, body, "not-the-app-secret"), 401],
    ["a body changed after signing", { ...genuine, body: body.replace("Bob", "Eve") }, 401],
    ["a body with a byte appended", { ...genuine, body: `${body} ` }, 401],
    ["no signature", without(genuine, "x-shopify-hmac-sha256"), 401],
    [
      "the signature in hex instead of base64",
      {
        body,
        headers: {
          ...genuine.headers,
          "x-shopify-hmac-sha256": Buffer.from(computeWebhookHmac(body, TEST_API_SECRET), "base64").toString(
            "hex",
          ),
        },
      },
      401,
    ],
    ["no topic", without(genuine, "x-shopify-topic"), 400],
    ["no shop domain", without(genuine, "x-shopify-shop-domain"), 400],
    ["no webhook id", without(genuine, "x-shopify-webhook-id"), 400],
    ["no API version", without(genuine, "x-shopify-api-version"), 400],
  ];

  it.each(refusals)("both refuse a delivery with %s", async (_name, delivery, status) => {
    expect(await libraryVerdict(delivery, topic)).toEqual({ ok: false });
    expect(await cartbackVerdict(delivery, topic)).toEqual({ ok: false, status });
  });

  it("both accept header names in any case, as HTTP says", async () => {
    const shouting: Delivery = {
      body,
      headers: Object.fromEntries(Object.entries(genuine.headers).map(([n, v]) => [n.toUpperCase(), v])),
    };
    const library = await libraryVerdict(shouting, topic);
    expect(library.ok).toBe(true);
    expect(await cartbackVerdict(shouting, topic)).toEqual(library);
  });

  it("differs on purpose: a delivery for another route's topic, or a malformed shop, is refused here", async () => {
    const otherTopic = classicDelivery("orders/create", body);
    expect((await libraryVerdict(otherTopic, topic)).ok).toBe(true);
    expect(await cartbackVerdict(otherTopic, topic)).toEqual({ ok: false, status: 400 });

    const badShop: Delivery = {
      body,
      headers: { ...genuine.headers, "x-shopify-shop-domain": "evil.example.com" },
    };
    expect((await libraryVerdict(badShop, topic)).ok).toBe(true);
    expect(await cartbackVerdict(badShop, topic)).toEqual({ ok: false, status: 400 });
  });

  it("differs on purpose: an Events delivery (Shopify-* headers only) is refused with a 400 that says why", async () => {
    const events = eventsDelivery(genuine);
    // Shopify's library accepts both families; Cartback's routes read classic payloads only.
    expect(await libraryVerdict(events, topic)).toMatchObject({ ok: true, shop: SHOP });
    await expect(
      verifyWebhook(
        {
          header: (name) => new Headers(events.headers).get(name),
          body: toRequest(events, topic).body as never,
        },
        topic,
      ),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/Events delivery/) });

    // Not a way around the signature: a forged Events delivery is a 401 like any other.
    const forged = eventsDelivery(classicDelivery(topic, body, "not-the-app-secret"));
    expect(await libraryVerdict(forged, topic)).toEqual({ ok: false });
    expect(await cartbackVerdict(forged, topic)).toEqual({ ok: false, status: 401 });
  });
});
