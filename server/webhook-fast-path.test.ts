import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { ingestCheckout } from "~/domain/checkouts";
import { webhookAction } from "~/ingestion";
import { computeWebhookHmac } from "~/lib/webhooks.server";
import * as checkoutsUpdate from "~/routes/webhooks.checkouts.update";
import * as ordersCreate from "~/routes/webhooks.orders.create";
import { editFixture } from "../test/helpers/fixtures";
import { installTestShop, SHOP_A } from "../test/helpers/shops";
import { TEST_API_SECRET } from "../test/helpers/webhooks";
import { answerWebhooksDirectly, findWebhookActions } from "./webhook-fast-path";

const FIXTURE = "checkouts-update.shopify-sample-2026-07.json";

// The routes as the production build lists them: the real webhook route modules, a plain route, and a
// webhookAction under a dynamic path (which the fast path cannot match, so leaves to Remix).
const build = {
  routes: {
    root: { id: "root", path: "", module: {} },
    "routes/webhooks.checkouts.update": {
      id: "routes/webhooks.checkouts.update",
      parentId: "root",
      path: "webhooks/checkouts/update",
      module: checkoutsUpdate,
    },
    "routes/webhooks.orders.create": {
      id: "routes/webhooks.orders.create",
      parentId: "root",
      path: "webhooks/orders/create",
      module: ordersCreate,
    },
    "routes/healthz": {
      id: "routes/healthz",
      parentId: "root",
      path: "healthz",
      module: { loader: () => 1 },
    },
    "routes/hooks.$topic": {
      id: "routes/hooks.$topic",
      parentId: "root",
      path: "hooks/:topic",
      module: { action: webhookAction("checkouts/update", ingestCheckout) },
    },
  },
} as unknown as ServerBuild;

let server: http.Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(answerWebhooksDirectly(findWebhookActions(build)));
  app.use((_request, response) => void response.status(418).send("left to Remix"));
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

function signedHeaders(body: string, topic = "checkouts/update", secret = TEST_API_SECRET) {
  return {
    "content-type": "application/json",
    "x-shopify-topic": topic,
    "x-shopify-shop-domain": SHOP_A,
    "x-shopify-api-version": "2026-10",
    "x-shopify-webhook-id": crypto.randomUUID(),
    "x-shopify-hmac-sha256": computeWebhookHmac(body, secret),
  };
}

describe("the server's webhook fast path", () => {
  it("finds the webhook routes by their static paths, and only those", () => {
    expect([...findWebhookActions(build).keys()].sort()).toEqual([
      "/webhooks/checkouts/update",
      "/webhooks/orders/create",
    ]);
  });

  it("stores a signed delivery through the route's own action, and answers 4xx with the route's reasons", async () => {
    await installTestShop(SHOP_A);
    const body = editFixture(FIXTURE, { token: "fast" });
    const post = (headers: Record<string, string>, path = "/webhooks/checkouts/update") =>
      fetch(`${base}${path}?ignored=1`, { method: "POST", headers, body });

    expect((await post(signedHeaders(body))).status).toBe(200);
    expect(await prisma.checkout.count({ where: { token: "fast" } })).toBe(1);

    const forged = await post(signedHeaders(body, "checkouts/update", "forged"));
    expect(forged.status).toBe(401);
    const viaRemix = await checkoutsUpdate.action({
      request: new Request(`${base}/webhooks/checkouts/update`, {
        method: "POST",
        headers: signedHeaders(body, "checkouts/update", "forged"),
        body,
      }),
    });
    expect(await forged.json()).toEqual(await viaRemix.json());

    const misrouted = await post(signedHeaders(body), "/webhooks/orders/create");
    expect(misrouted.status).toBe(400);
    expect((await misrouted.json()).message).toMatch(/expects orders\/create/);
    expect(await prisma.webhookDelivery.count()).toBe(1);
  });

  it("leaves other methods and paths to Remix", async () => {
    expect((await fetch(`${base}/webhooks/checkouts/update`)).status).toBe(418);
    expect((await fetch(`${base}/healthz`, { method: "POST", body: "{}" })).status).toBe(418);
    expect((await fetch(`${base}/hooks/checkouts`, { method: "POST", body: "{}" })).status).toBe(418);
  });

  it("refuses a chunked body past 1 MB with 413 without reading the rest", async () => {
    const answer = await new Promise<{ status: number; body: string; connection?: string }>(
      (resolve, reject) => {
        const request = http.request(`${base}/webhooks/checkouts/update`, {
          method: "POST",
          headers: signedHeaders("{}"),
        });
        request.on("response", (response) => {
          let text = "";
          response.on("data", (chunk) => (text += chunk));
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              body: text,
              connection: response.headers.connection,
            }),
          );
        });
        request.on("error", reject);
        const chunk = "x".repeat(64 * 1024);
        // 1.25 MB, written as the server accepts it; the server answers before the end.
        let written = 0;
        const writeMore = () => {
          while (written < 20) {
            written++;
            if (!request.write(chunk)) return void request.once("drain", writeMore);
          }
          request.end();
        };
        writeMore();
      },
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error).toBe("PAYLOAD_TOO_LARGE");
    expect(answer.connection).toBe("close");
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });
});
