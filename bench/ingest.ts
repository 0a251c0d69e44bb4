import crypto from "node:crypto";
import http from "node:http";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import {
  BENCH_SECRET,
  BENCH_SHOP,
  ensureBuild,
  freePort,
  sign,
  startBenchServer,
  writeResult,
  numberOption,
} from "./lib";

/**
 * npm run bench:ingest — signed checkouts/update deliveries over HTTP against the production build:
 * 60% new checkouts, 30% newer states of known ones, 10% redeliveries of an earlier webhook id. The same load
 * is run against a bare Node server that only verifies the HMAC and answers 200, as the ceiling.
 *
 *   npm run bench:ingest -- [--duration 20] [--connections 50] [--cpu-prof] [--rebuild]
 *
 * On PostgreSQL when BENCH_POSTGRES_URL is set (a fresh database on that server, dropped after).
 * Targets (2 cores): >= 1,000 deliveries/s, p99 <= 50 ms, and >= 40% of the bare server's rate.
 */

export const INGEST_TARGETS = { requestsPerSecond: 1_000, p99Ms: 50, ratioToCeiling: 0.4 };

export interface WebhookDelivery {
  body: string;
  webhookId: string;
}

/** A compact but realistic checkouts/update payload. */
export function checkoutBody(token: string, updatedAt: Date, sequence: number): string {
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

/**
 * The delivery mix: every tenth a redelivery of an earlier webhook id, three in ten a newer state of a known
 * checkout, the rest new checkouts. Counts what a correct server must end up storing.
 */
export function deliveryGenerator() {
  const sent: WebhookDelivery[] = [];
  const tokens: string[] = [];
  let sequence = 0;
  let distinctDeliveries = 0;
  const started = Date.now();
  const next = (): WebhookDelivery => {
    sequence++;
    const roll = sequence % 10;
    if (roll === 0 && sent.length > 0)
      return sent[Math.floor(Math.random() * sent.length)] as WebhookDelivery;
    const isUpdate = roll <= 3 && tokens.length > 0;
    const token = isUpdate
      ? (tokens[Math.floor(Math.random() * tokens.length)] as string)
      : crypto.randomBytes(16).toString("hex");
    if (!isUpdate) tokens.push(token);
    const delivery = {
      body: checkoutBody(token, new Date(started + sequence), sequence),
      webhookId: crypto.randomUUID(),
    };
    distinctDeliveries++;
    if (sent.length < 20_000) sent.push(delivery);
    return delivery;
  };
  return {
    next,
    /** Checkouts and delivery records the deliveries so far must leave (each redelivery stores nothing). */
    expected: () => ({ checkouts: tokens.length, deliveries: distinctDeliveries }),
  };
}

export function deliveryHeaders({ body, webhookId }: WebhookDelivery): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-shopify-topic": "checkouts/update",
    "x-shopify-shop-domain": BENCH_SHOP,
    "x-shopify-api-version": "2026-10",
    "x-shopify-webhook-id": webhookId,
    "x-shopify-hmac-sha256": sign(body),
  };
}

export const WEBHOOK_PATH = "/webhooks/checkouts/update";

async function load(url: string, connections: number, durationSeconds: number) {
  const generator = deliveryGenerator();
  const result = await autocannon({
    url,
    connections,
    duration: durationSeconds,
    requests: [
      {
        method: "POST",
        path: WEBHOOK_PATH,
        setupRequest: (request) => {
          const delivery = generator.next();
          return { ...request, body: delivery.body, headers: deliveryHeaders(delivery) };
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
    generated: generator.expected(),
  };
}

/** The ceiling: read the body, check the HMAC, answer 200. */
export async function startBareHmacServer() {
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

export interface IngestOptions {
  durationSeconds?: number;
  connections?: number;
  /** A PostgreSQL server to run on (a scratch database is made and dropped); SQLite without it. */
  postgresUrl?: string;
}

export async function runIngestBenchmark({
  durationSeconds = 20,
  connections = 50,
  postgresUrl,
}: IngestOptions = {}) {
  ensureBuild();
  const bare = await startBareHmacServer();
  const ceiling = await load(bare.url, connections, durationSeconds);
  await bare.close();

  const server = await startBenchServer({}, { postgresUrl });
  let cartback: Awaited<ReturnType<typeof load>>;
  let rows: { checkouts: number; deliveries: number };
  let peakRssMb: number | null;
  let serverCpuMsPerRequest: number | null;
  try {
    const cpuBefore = server.cpuSeconds();
    cartback = await load(server.url, connections, durationSeconds);
    const cpuAfter = server.cpuSeconds();
    serverCpuMsPerRequest =
      cpuBefore === null || cpuAfter === null
        ? null
        : Number((((cpuAfter - cpuBefore) * 1000) / cartback.total).toFixed(3));
    // Requests still in flight when autocannon stops are stored but not counted, so rows may exceed
    // the acknowledged requests by up to one per connection; burst.ts checks the counts exactly.
    rows = {
      checkouts: await server.countRows("Checkout"),
      deliveries: await server.countRows("WebhookDelivery"),
    };
    peakRssMb = server.peakRssMb();
  } finally {
    await server.stop();
  }

  const ratioToCeiling = Number((cartback.requestsPerSecond / ceiling.requestsPerSecond).toFixed(3));
  const label = server.provider === "postgresql" ? "PostgreSQL" : "SQLite";
  return {
    provider: server.provider,
    connections,
    durationSeconds,
    cartback,
    bareHmacServer: ceiling,
    ratioToCeiling,
    rows,
    peakRssMb,
    serverCpuMsPerRequest,
    figures: {
      [`Cartback (${label})`]: {
        "req/s": cartback.requestsPerSecond,
        ...cartback.latencyMs,
        non2xx: cartback.non2xx,
        errors: cartback.errors,
        "server CPU ms/req": serverCpuMsPerRequest,
      },
      "bare HMAC server": {
        "req/s": ceiling.requestsPerSecond,
        ...ceiling.latencyMs,
        non2xx: ceiling.non2xx,
        errors: ceiling.errors,
      },
    },
    targets: [
      {
        name: `Webhook ingest (${label})`,
        value: cartback.requestsPerSecond,
        unit: "req/s",
        target: `>= ${INGEST_TARGETS.requestsPerSecond}`,
        met: cartback.requestsPerSecond >= INGEST_TARGETS.requestsPerSecond,
        ceiling: ceiling.requestsPerSecond,
        ratio: ratioToCeiling,
      },
      {
        name: `Webhook ingest p99 (${label})`,
        value: cartback.latencyMs.p99,
        unit: "ms",
        target: `<= ${INGEST_TARGETS.p99Ms}`,
        met: cartback.latencyMs.p99 <= INGEST_TARGETS.p99Ms,
      },
      {
        name: `Webhook ingest vs bare HMAC server (${label})`,
        value: ratioToCeiling,
        unit: "ratio",
        target: `>= ${INGEST_TARGETS.ratioToCeiling}`,
        met: ratioToCeiling >= INGEST_TARGETS.ratioToCeiling,
        ceiling: ceiling.requestsPerSecond,
        ratio: ratioToCeiling,
      },
      {
        name: `Webhook ingest errors (${label})`,
        value: cartback.non2xx + cartback.errors + cartback.timeouts,
        unit: "requests",
        target: "0",
        met: cartback.non2xx + cartback.errors + cartback.timeouts === 0,
        correctness: true,
      },
    ],
  };
}

async function main() {
  const postgresUrl = process.env.BENCH_POSTGRES_URL || undefined;
  const result = await runIngestBenchmark({
    durationSeconds: numberOption("duration", 20),
    connections: numberOption("connections", 50),
    postgresUrl,
  });
  const file = writeResult(postgresUrl ? "ingest-postgresql" : "ingest", result);
  console.table(result.figures);
  console.info(
    `ratio to ceiling: ${result.ratioToCeiling}; rows: ${JSON.stringify(result.rows)}; server peak RSS ${result.peakRssMb} MB; written to ${file}`,
  );
  for (const target of result.targets)
    console.info(
      `${target.met ? "met    " : "MISSED "} ${target.name}: ${target.value} ${target.unit} (target ${target.target})`,
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
