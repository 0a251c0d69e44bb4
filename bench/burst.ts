import http from "node:http";
import { pathToFileURL } from "node:url";
import { deliveryGenerator, deliveryHeaders, WEBHOOK_PATH, type WebhookDelivery } from "./ingest";
import { ensureBuild, startBenchServer, writeResult, numberOption } from "./lib";

/**
 * npm run bench:burst — a burst of signed checkouts/update deliveries (the ingest mix: 60% new checkouts,
 * 30% newer states, 10% redeliveries), all offered at once over `--connections` keep-alive connections to the
 * production build, each sent exactly once and timed from its send to its answer.
 *
 *   npm run bench:burst -- [--amount 20000] [--connections 200] [--cpu-prof] [--rebuild]
 *
 * On PostgreSQL when BENCH_POSTGRES_URL is set. Targets: no answer slower than 5 s (Shopify counts a slower
 * delivery as failed and retries it), every answer 2xx, and after the burst exactly the rows that were sent:
 * one checkout per distinct token, one delivery record per distinct webhook id. Reports the server's peak RSS.
 */

/** Shopify's limit for a webhook's answer. */
export const SHOPIFY_TIMEOUT_MS = 5_000;
/** A request still unanswered after this is counted as timed out and abandoned. */
const CLIENT_TIMEOUT_MS = 30_000;

interface Outcome {
  /** When it was sent, from the start of the burst. */
  sentAtMs: number;
  ms: number;
  /** Before the request had a connected socket (the client's side). */
  clientWaitMs: number;
  status: number | "error" | "timeout";
}

function post(
  agent: http.Agent,
  base: URL,
  delivery: WebhookDelivery,
  burstStarted: number,
): Promise<Outcome> {
  const called = performance.now();
  // Timed from when the request can go out: on a connected socket (a new one once its connect completes), so
  // that the client's own queueing for a socket is not charged to the server.
  let started = called;
  return new Promise((resolve) => {
    const settle = (status: Outcome["status"]) => {
      const now = performance.now();
      resolve({
        sentAtMs: Math.round(started - burstStarted),
        ms: now - started,
        clientWaitMs: started - called,
        status,
      });
    };
    const request = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: "POST",
        path: WEBHOOK_PATH,
        headers: { ...deliveryHeaders(delivery), "content-length": Buffer.byteLength(delivery.body) },
        timeout: CLIENT_TIMEOUT_MS,
      },
      (response) => {
        response.resume();
        response.on("end", () => settle(response.statusCode ?? 0));
      },
    );
    request.on("socket", (socket) => {
      if (socket.connecting) socket.once("connect", () => (started = performance.now()));
      else started = performance.now();
    });
    request.on("timeout", () => {
      settle("timeout");
      request.destroy();
    });
    request.on("error", () => settle("error"));
    request.end(delivery.body);
  });
}

/** Sends every delivery once, `connections` at a time, as fast as the server answers. */
async function sendAll(url: string, deliveries: WebhookDelivery[], connections: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const base = new URL(url);
  const outcomes: Outcome[] = new Array(deliveries.length);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < deliveries.length) {
        const index = next++;
        outcomes[index] = await post(agent, base, deliveries[index] as WebhookDelivery, started);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { outcomes, seconds };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export interface BurstOptions {
  amount?: number;
  connections?: number;
  postgresUrl?: string;
}

export async function runBurstBenchmark({
  amount = 20_000,
  connections = 200,
  postgresUrl,
}: BurstOptions = {}) {
  ensureBuild();
  const generator = deliveryGenerator();
  const deliveries = Array.from({ length: amount }, () => generator.next());
  const expected = generator.expected();

  const server = await startBenchServer({}, { postgresUrl });
  let sent: Awaited<ReturnType<typeof sendAll>>;
  let rows: { checkouts: number; deliveries: number };
  let rssMb: { idle: number | null; peak: number | null };
  let serverCpuMsPerDelivery: number | null;
  try {
    const idle = server.peakRssMb();
    const cpuBefore = server.cpuSeconds();
    sent = await sendAll(server.url, deliveries, connections);
    const cpuAfter = server.cpuSeconds();
    serverCpuMsPerDelivery =
      cpuBefore === null || cpuAfter === null
        ? null
        : Number((((cpuAfter - cpuBefore) * 1000) / amount).toFixed(3));
    rssMb = { idle, peak: server.peakRssMb() };
    rows = {
      checkouts: await server.countRows("Checkout"),
      deliveries: await server.countRows("WebhookDelivery"),
    };
  } finally {
    await server.stop();
  }

  const latencies = sent.outcomes.map((outcome) => outcome.ms).sort((a, b) => a - b);
  const count = (test: (outcome: Outcome) => boolean) => sent.outcomes.filter(test).length;
  const answers = {
    ok: count(
      (outcome) => typeof outcome.status === "number" && outcome.status >= 200 && outcome.status < 300,
    ),
    non2xx: count(
      (outcome) => typeof outcome.status === "number" && (outcome.status < 200 || outcome.status >= 300),
    ),
    errors: count((outcome) => outcome.status === "error"),
    timeouts: count((outcome) => outcome.status === "timeout"),
    overShopifyLimit: count((outcome) => outcome.ms > SHOPIFY_TIMEOUT_MS),
  };
  const latencyMs = {
    p50: Math.round(percentile(latencies, 50)),
    p90: Math.round(percentile(latencies, 90)),
    p99: Math.round(percentile(latencies, 99)),
    max: Math.round(latencies.at(-1) ?? 0),
  };
  // Whether the slowest answers bunch at the start (warm-up) or anywhere (a stall).
  const slowest = [...sent.outcomes]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map((outcome) => ({
      sentAtMs: outcome.sentAtMs,
      ms: Math.round(outcome.ms),
      clientWaitMs: Math.round(outcome.clientWaitMs),
    }));
  const lost = {
    checkouts: expected.checkouts - rows.checkouts,
    deliveries: expected.deliveries - rows.deliveries,
  };
  const label = server.provider === "postgresql" ? "PostgreSQL" : "SQLite";
  const deliveriesPerSecond = Math.round(amount / sent.seconds);
  return {
    provider: server.provider,
    amount,
    connections,
    seconds: Number(sent.seconds.toFixed(2)),
    deliveriesPerSecond,
    latencyMs,
    slowest,
    answers,
    expected,
    rows,
    serverRssMb: rssMb,
    serverCpuMsPerDelivery,
    figures: {
      [`Burst (${label})`]: {
        deliveries: amount,
        seconds: Number(sent.seconds.toFixed(1)),
        "req/s": deliveriesPerSecond,
        ...latencyMs,
        "over 5 s": answers.overShopifyLimit,
        "non-2xx/errors/timeouts": answers.non2xx + answers.errors + answers.timeouts,
        "checkouts (expected)": `${rows.checkouts} (${expected.checkouts})`,
        "delivery records (expected)": `${rows.deliveries} (${expected.deliveries})`,
        "peak RSS MB": rssMb.peak,
        "server CPU ms/delivery": serverCpuMsPerDelivery,
      },
    },
    targets: [
      {
        name: `Burst of ${amount}: slowest answer (${label})`,
        value: latencyMs.max,
        unit: "ms",
        target: `< ${SHOPIFY_TIMEOUT_MS}`,
        met: answers.overShopifyLimit === 0 && answers.timeouts === 0,
        correctness: true,
      },
      {
        name: `Burst of ${amount}: failed answers (${label})`,
        value: answers.non2xx + answers.errors + answers.timeouts,
        unit: "requests",
        target: "0",
        met: answers.ok === amount,
        correctness: true,
      },
      {
        name: `Burst of ${amount}: rows lost or doubled (${label})`,
        value: Math.abs(lost.checkouts) + Math.abs(lost.deliveries),
        unit: "rows",
        target: "0",
        met: lost.checkouts === 0 && lost.deliveries === 0,
        correctness: true,
      },
    ],
  };
}

async function main() {
  const postgresUrl = process.env.BENCH_POSTGRES_URL || undefined;
  const result = await runBurstBenchmark({
    amount: numberOption("amount", 20_000),
    connections: numberOption("connections", 200),
    postgresUrl,
  });
  const file = writeResult(postgresUrl ? "burst-postgresql" : "burst", result);
  console.table(result.figures);
  console.info(
    `answers: ${JSON.stringify(result.answers)}; slowest: ${JSON.stringify(result.slowest)}; written to ${file}`,
  );
  for (const target of result.targets)
    console.info(
      `${target.met ? "met    " : "MISSED "} ${target.name}: ${target.value} ${target.unit} (target ${target.target})`,
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
