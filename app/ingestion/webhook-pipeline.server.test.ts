import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { type z } from "zod";
import { prisma } from "~/db.server";
import { ingestCheckout, toCheckoutFacts, upsertCheckout } from "~/domain/checkouts";
import { editFixture } from "../../test/helpers/fixtures";
import { installTestShop, SHOP_A } from "../../test/helpers/shops";
import { signedWebhookRequest } from "../../test/helpers/webhooks";
import { AppError } from "~/lib/app-error";
import { RESEND_EVENT_DEDUPE_WINDOW_MS } from "~/lib/resend-webhook.server";
import { pruneWebhookDeliveries, WEBHOOK_DEDUPE_WINDOW_MS } from "~/lib/webhook-deliveries.server";
import type { WebhookHandler } from "~/lib/webhook-handler";
import { computeWebhookHmac } from "~/lib/webhooks.server";
import { processWebhook, webhookAction } from "./webhook-pipeline.server";

const FIXTURE = "checkouts-update.shopify-sample-2026-07.json";

const checkoutDelivery = (token: string, webhookId = crypto.randomUUID()) =>
  signedWebhookRequest({
    topic: "checkouts/update",
    shop: SHOP_A,
    webhookId,
    body: editFixture(FIXTURE, { token, id: undefined }),
  });

/** Stores the checkout it carries, then fails: nothing of it may remain. */
const failingAfterWriting: WebhookHandler<z.infer<typeof ingestCheckout.schema>> = {
  schema: ingestCheckout.schema,
  async handle({ shop, payload, tx, now }) {
    await upsertCheckout(tx, shop, toCheckoutFacts(payload), { now });
    throw new Error("the database went away half-way");
  },
};

const outcomeOf = (promise: Promise<{ outcome: string }>) =>
  promise.then(
    ({ outcome }) => outcome,
    (error: unknown) => (error instanceof AppError ? error.code : "FAILED"),
  );

describe("the webhook pipeline's group commit", () => {
  it("stores every delivery of a burst once, and a redelivery inside the burst changes nothing", async () => {
    await installTestShop(SHOP_A);
    const repeatedId = crypto.randomUUID();
    const outcomes = await Promise.all([
      ...Array.from({ length: 30 }, (_, index) =>
        outcomeOf(processWebhook(checkoutDelivery(`t${index}`), "checkouts/update", ingestCheckout)),
      ),
      outcomeOf(processWebhook(checkoutDelivery("again", repeatedId), "checkouts/update", ingestCheckout)),
      outcomeOf(processWebhook(checkoutDelivery("again", repeatedId), "checkouts/update", ingestCheckout)),
    ]);

    expect(outcomes.filter((outcome) => outcome === "STORED")).toHaveLength(31);
    expect(outcomes.slice(-2).sort()).toEqual(["DUPLICATE", "STORED"]);
    expect(await prisma.checkout.count()).toBe(31);
    expect(await prisma.webhookDelivery.count()).toBe(31);
  });

  it("keeps a failure to its own delivery: the others of its group are stored, the failed one can be retried", async () => {
    await installTestShop(SHOP_A);
    const failedId = crypto.randomUUID();
    const deliveries = [
      outcomeOf(processWebhook(checkoutDelivery("before"), "checkouts/update", ingestCheckout)),
      outcomeOf(
        processWebhook(checkoutDelivery("doomed", failedId), "checkouts/update", failingAfterWriting),
      ),
      // Refused by the domain (yen have no cents) inside the transaction, not by the schema.
      outcomeOf(
        processWebhook(
          signedWebhookRequest({
            topic: "checkouts/update",
            shop: SHOP_A,
            body: editFixture(FIXTURE, { token: "bad", currency: "JPY", subtotal_price: "12.34" }),
          }),
          "checkouts/update",
          ingestCheckout,
        ),
      ),
      outcomeOf(processWebhook(checkoutDelivery("after"), "checkouts/update", ingestCheckout)),
    ];

    const outcomes = await Promise.all(deliveries);

    expect(outcomes[0]).toBe("STORED");
    expect(outcomes[1]).toBe("FAILED");
    expect(outcomes[2]).toBe("BAD_REQUEST");
    expect(outcomes[3]).toBe("STORED");
    const tokens = (await prisma.checkout.findMany({ select: { token: true } })).map((row) => row.token);
    expect(tokens.sort()).toEqual(["after", "before"]);
    expect(await prisma.webhookDelivery.count({ where: { webhookId: failedId } })).toBe(0);

    // Shopify retries the failed delivery with the same id; it is applied, not taken for a duplicate.
    expect(
      await outcomeOf(
        processWebhook(checkoutDelivery("doomed", failedId), "checkouts/update", ingestCheckout),
      ),
    ).toBe("STORED");
  });
});

describe("webhookAction", () => {
  it("answers a request read by the server exactly as the route's action answers the same request", async () => {
    await installTestShop(SHOP_A);
    const action = webhookAction("checkouts/update", ingestCheckout);
    const body = editFixture(FIXTURE, { token: "direct" });
    const headers = (secret: string, topic = "checkouts/update"): Record<string, string> => ({
      "x-shopify-topic": topic,
      "x-shopify-shop-domain": SHOP_A,
      "x-shopify-webhook-id": crypto.randomUUID(),
      "x-shopify-api-version": "2026-10",
      "x-shopify-hmac-sha256": computeWebhookHmac(body, secret),
    });
    const answer = (given: Record<string, string>, chunks: string[] = [body]) =>
      action.answer({
        header: (name) => given[name] ?? null,
        body: (async function* () {
          for (const chunk of chunks) yield Buffer.from(chunk);
        })(),
      });

    expect((await answer(headers("testApiSecretKey"))).status).toBe(200);
    expect(await prisma.checkout.count({ where: { token: "direct" } })).toBe(1);

    const forged = await answer(headers("forged"));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: "UNAUTHORIZED", message: "invalid webhook signature" });

    const wrongTopic = await answer(headers("testApiSecretKey", "orders/create"));
    expect(wrongTopic.status).toBe(400);
    expect((await wrongTopic.json()).message).toMatch(/expects checkouts\/update/);

    // A body sent in chunks with no length stops being read past 1 MB.
    const oversized = await answer(headers("testApiSecretKey"), ["x".repeat(600_000), "x".repeat(600_000)]);
    expect(oversized.status).toBe(413);
    expect((await oversized.json()).error).toBe("PAYLOAD_TOO_LARGE");

    const viaRoute = await action({
      request: signedWebhookRequest({ topic: "checkouts/update", shop: SHOP_A, body, secret: "forged" }),
    });
    expect(viaRoute.status).toBe(401);
    expect(await viaRoute.json()).toEqual(await (await answer(headers("forged"))).json());
  });
});

describe("pruneWebhookDeliveries", () => {
  const now = new Date("2026-11-20T12:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const HOUR = 60 * 60 * 1000;
  const DAY = 24 * HOUR;
  const record = (webhookId: string, receivedAt: Date) => ({
    shop: SHOP_A,
    webhookId,
    topic: "t",
    receivedAt,
  });
  const remaining = async () =>
    (await prisma.webhookDelivery.findMany({ select: { webhookId: true } }))
      .map((row) => row.webhookId)
      .sort();

  it("keeps Shopify's deliveries for their window and Resend's events for theirs, to the millisecond", async () => {
    await prisma.webhookDelivery.createMany({
      data: [
        record("shopify-at-window", ago(WEBHOOK_DEDUPE_WINDOW_MS)),
        record("shopify-past-window", ago(WEBHOOK_DEDUPE_WINDOW_MS + 1)),
        record("resend:at-window", ago(RESEND_EVENT_DEDUPE_WINDOW_MS)),
        record("resend:past-window", ago(RESEND_EVENT_DEDUPE_WINDOW_MS + 1)),
      ],
    });
    expect(await pruneWebhookDeliveries(now)).toBe(2);
    expect(await remaining()).toEqual(["resend:at-window", "shopify-at-window"]);
  });

  it("keeps a Resend event as long as Resend may deliver it again", async () => {
    // Resend's automatic retries end 27 h 35 min 5 s after the first attempt; an endpoint failing them all is
    // disabled after 5 days, and its failed messages are then replayed under the same svix-id.
    const lastAutomaticRetry = [
      0,
      5_000,
      5 * 60_000,
      30 * 60_000,
      2 * HOUR,
      5 * HOUR,
      10 * HOUR,
      10 * HOUR,
    ].reduce((sum, wait) => sum + wait, 0);
    await prisma.webhookDelivery.createMany({
      data: [
        record("resend:retried", ago(lastAutomaticRetry)),
        record("resend:replayed-after-disable", ago(5 * DAY + HOUR)),
      ],
    });
    expect(await pruneWebhookDeliveries(now)).toBe(0);
    expect(await remaining()).toEqual(["resend:replayed-after-disable", "resend:retried"]);
  });
});
