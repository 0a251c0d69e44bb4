import crypto from "node:crypto";
import http from "node:http";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { BENCH_SECRET, BENCH_SHOP, ensureBuild, freePort, sign, startBenchServer, writeResult } from "./lib";

/**
 * npm run bench:ingest — signed checkouts/update deliveries over HTTP against the production build on SQLite:
 * 60% new checkouts, 30% newer states of known ones, 10% redeliveries of an earlier webhook id. The same load
 * is run against a bare Node server that only verifies the HMAC and answers 200, as the ceiling.
 *
 *   npm run bench:ingest -- [--duration 20] [--connections 50]
 */

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const DURATION_S = option("duration", 20);
const CONNECTIONS = option("connections", 50);

interface Sent {
  body: string;
  webhookId: string;
}

/** A compact but realistic checkouts/update payload. */
function checkoutBody(token: string, updatedAt: Date, sequence: number): string {
  const price = (19 + (sequence % 200)).toFixed(2);
  return JSON.stringify({
    id: 9007199254740993000 + sequence,
    token,
    cart_token: `cart-${token}`,
    email: `shopper${sequence % 5000}@example.com`,
    buyer_accepts_marketing: sequence % 3 === 0,
    created_at: "2026-11-20T10:00:00Z",
    updated_at: updatedAt.toISOString(),
    completed_at: null,
    customer_locale: "en-US",
    currency: "USD",
    presentment_currency: "USD",
    subtotal_price: price,
    total_price: price,
    abandoned_checkout_url: `https://${BENCH_SHOP}/1/checkouts/ac/${token}/recover?key=k${sequence}`,
    source_name: "web",
    customer: { id: 100000 + (sequence % 5000), first_name: "Jane" },
    shipping_address: [],
    line_items: [
      {
        product_id: 7001,
        variant_id: 8001,
        title: "Linen shirt",
        variant_title: "M",
        quantity: 1,
        price,
        line_price: price,
        sku: "LS-M",
      },
    ],
  });
}

function deliveryGenerator() {
  const sent: Sent[] = [];
  const tokens: string[] = [];
  let sequence = 0;
  const started = Date.now();
  return (): Sent => {
    sequence++;
    const roll = sequence % 10;
    if (roll === 0 && sent.length > 0) return sent[Math.floor(Math.random() * sent.length)] as Sent;
    const isUpdate = roll <= 3 && tokens.length > 0;
    const token = isUpdate
      ? (tokens[Math.floor(Math.random() * tokens.length)] as string)
      : crypto.randomBytes(16).toString("hex");
    if (!isUpdate) tokens.push(token);
    const delivery = {
      body: checkoutBody(token, new Date(started + sequence), sequence),
      webhookId: crypto.randomUUID(),
    };
    if (sent.length < 20_000) sent.push(delivery);
    return delivery;
  };
}

async function load(url: string) {
  const next = deliveryGenerator();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        method: "POST",
        path: "/webhooks/checkouts/update",
        setupRequest: (request) => {
          const { body, webhookId } = next();
          return {
            ...request,
            body,
            headers: {
              "content-type": "application/json",
              "x-shopify-topic": "checkouts/update",
              "x-shopify-shop-domain": BENCH_SHOP,
              "x-shopify-api-version": "2026-10",
              "x-shopify-webhook-id": webhookId,
              "x-shopify-hmac-sha256": sign(body),
            },
          };
        },
      },
    ],
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** The ceiling: read the body, check the HMAC, answer 200. */
async function bareHmacServer() {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const expected = Buffer.from(sign(Buffer.concat(chunks).toString("utf8"), BENCH_SECRET), "base64");
      const given = Buffer.from(String(request.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
      const valid = given.length === expected.length && crypto.timingSafeEqual(given, expected);
      response.writeHead(valid ? 200 : 401).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function main() {
  ensureBuild();
  const bare = await bareHmacServer();
  const ceiling = await load(bare.url);
  await bare.close();

  const server = await startBenchServer();
  const cartback = await load(server.url);
  const db = new Database(server.databaseUrl.replace(/^file:/, ""), { readonly: true });
  const rows = {
    checkouts: (db.prepare(`SELECT COUNT(*) AS n FROM "Checkout"`).get() as { n: number }).n,
    deliveries: (db.prepare(`SELECT COUNT(*) AS n FROM "WebhookDelivery"`).get() as { n: number }).n,
  };
  db.close();
  await server.stop();

  const result = {
    connections: CONNECTIONS,
    durationSeconds: DURATION_S,
    cartback,
    bareHmacServer: ceiling,
    ratioToCeiling: Number((cartback.requestsPerSecond / ceiling.requestsPerSecond).toFixed(3)),
    rows,
  };
  const file = writeResult("ingest", result);
  console.table({
    "Cartback (SQLite)": {
      "req/s": cartback.requestsPerSecond,
      ...cartback.latencyMs,
      non2xx: cartback.non2xx,
      errors: cartback.errors,
    },
    "bare HMAC server": {
      "req/s": ceiling.requestsPerSecond,
      ...ceiling.latencyMs,
      non2xx: ceiling.non2xx,
      errors: ceiling.errors,
    },
  });
  console.info(
    `ratio to ceiling: ${result.ratioToCeiling}; rows: ${JSON.stringify(rows)}; written to ${file}`,
  );
}

await main();
