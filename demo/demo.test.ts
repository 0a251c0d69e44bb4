import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoClient } from "./demo-client";
import { DEMO_ACCESS_TOKEN } from "../app/domain/demo/demo-shop";
import { parseSummaryTable, summaryRows, type DashboardData, type SummaryRow } from "./summary";
import { buildShoppers } from "./world";

/**
 * `npm run demo`, short: the real CLI, the real server in demo mode, a few simulated days. The table it prints
 * must be what the served dashboard's loader answers, and where the simulation counted the same thing
 * (emails per step, clicks, codes used) the two must agree. Then demo mode's guards, against that server.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cartback-demo-test-"));
let child: ChildProcess;
let output = "";
let adminUrl: URL;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  // Without the developer's keys, whatever their shell has: the demo must run offline.
  const env = { ...process.env, RESEND_API_KEY: "", GEMINI_API_KEY: "" };
  child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "demo/run.ts",
      "--days",
      "6",
      "--shoppers",
      "150",
      "--per-day",
      "14",
      "--dir",
      dir,
      "--port",
      String(port),
      "--log-level",
      "debug",
    ],
    { env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  // On a slow, busy machine (CI runs this beside the rest of the suite) the first start of the development
  // server alone can take a minute. Given up after four, with what the demo printed, so a failure says why.
  let polls = 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /^Admin: (\S+)$/m.exec(output);
      if (match) {
        clearInterval(timer);
        adminUrl = new URL(match[1] as string);
        resolve();
      } else if (child.exitCode !== null || ++polls > 240_000 / 200) {
        clearInterval(timer);
        const why =
          child.exitCode !== null ? `exited (${child.exitCode})` : "printed no admin URL in 4 minutes";
        reject(new Error(`the demo ${why}:\n${output.slice(-4_000)}\n${serverLogTail()}`));
      }
    }, 200);
  });
}, 300_000);

/** The end of the demo server's own log, which the demo writes beside its database. */
function serverLogTail(): string {
  try {
    return `server.log:\n${fs.readFileSync(path.join(dir, "server.log"), "utf8").slice(-4_000)}`;
  } catch {
    return "(no server.log)";
  }
}

afterAll(() => {
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, "SIGINT");
  fs.rmSync(dir, { recursive: true, force: true });
});

function demoClient() {
  const secrets = JSON.parse(fs.readFileSync(path.join(dir, "secrets.json"), "utf8")) as {
    apiSecret: string;
    cronSecret: string;
  };
  return createDemoClient({ baseUrl: adminUrl.origin, ...secrets });
}

const rowOf = (rows: SummaryRow[], figure: string) => {
  const row = rows.find((candidate) => candidate.figure === figure);
  if (!row) throw new Error(`no row "${figure}" in:\n${output}`);
  return row;
};
const leadingNumber = (cell: string) => Number(/^[\d,]+/.exec(cell)?.[0].replace(/,/g, ""));

describe("npm run demo (short)", () => {
  it("prints the served dashboard's figures, and they agree with what the simulation did", async () => {
    const printed = parseSummaryTable(output);
    expect(printed.length).toBeGreaterThan(10);
    const query = Object.fromEntries(adminUrl.searchParams);
    const served = await demoClient().loaderData<DashboardData>("/app", "routes/app._index", query);
    const expected = summaryRows(served, null);
    for (const row of expected.filter((candidate) => candidate.dashboard !== "")) {
      expect(rowOf(printed, row.figure).dashboard, row.figure).toBe(row.dashboard);
    }

    // What both sides counted: every email the app recorded is in the outbox, every click is the simulation's.
    const sent = served.figures.emails.sent;
    expect(sent).toBeGreaterThan(0);
    expect(leadingNumber(rowOf(printed, "Emails sent").simulation)).toBe(sent);
    for (const step of served.figures.emails.byStep)
      expect(leadingNumber(rowOf(printed, `  step ${step.step}`).simulation)).toBe(step.sent);
    expect(leadingNumber(rowOf(printed, "Emails clicked").simulation)).toBe(served.figures.emails.clicked);
    const codes = served.figures.recovered.byMethod.find((method) => method.method === "DISCOUNT_CODE");
    if (codes && codes.byEmail + codes.onTheirOwn > 0)
      expect(leadingNumber(rowOf(printed, "  discount code used").simulation)).toBe(
        codes.byEmail + codes.onTheirOwn,
      );
    expect(served.figures.recovered.orders).toBeGreaterThan(0);

    const outbox = fs.readdirSync(path.join(dir, "outbox"));
    for (const extension of [".html", ".txt", ".json"])
      expect(
        outbox.filter((name) => name.endsWith(extension)),
        extension,
      ).toHaveLength(sent);
    expect(output).toContain("Resend mocked, Gemini mocked");
  });

  it("serves the admin pages of the demo shop in a plain browser, with the App Bridge stand-in", async () => {
    for (const page of ["/app", "/app/checkouts", "/app/settings", "/app/preview"]) {
      const response = await fetch(`${adminUrl.origin}${page}`);
      expect(response.status, page).toBe(200);
      const html = await response.text();
      expect(html, page).toContain('src="/demo/app-bridge.js"');
      expect(html, page).not.toContain("cdn.shopify.com/shopifycloud/app-bridge.js");
    }
    expect((await fetch(`${adminUrl.origin}/demo/app-bridge.js`)).status).toBe(200);
    const home = await fetch(`${adminUrl.origin}/`, { redirect: "manual" });
    expect(home.headers.get("location")).toBe("/app");
  });

  it("serves only the demo shop: another shop's admin and webhooks are refused", async () => {
    const other = await fetch(`${adminUrl.origin}/app/checkouts?shop=other-shop.myshopify.com`);
    expect(other.status).toBe(403);
    const { apiSecret } = JSON.parse(fs.readFileSync(path.join(dir, "secrets.json"), "utf8")) as {
      apiSecret: string;
    };
    const body = JSON.stringify({ id: 1 });
    const webhook = await fetch(`${adminUrl.origin}/webhooks/orders/create`, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Shop-Domain": "other-shop.myshopify.com",
        "X-Shopify-Webhook-Id": crypto.randomUUID(),
        "X-Shopify-API-Version": "2026-10",
        "X-Shopify-Hmac-Sha256": crypto.createHmac("sha256", apiSecret).update(body).digest("base64"),
      },
    });
    expect(webhook.status).toBe(403);
    // The clock and the setup need the tick's bearer secret even here.
    expect((await fetch(`${adminUrl.origin}/demo/clock`, { method: "POST", body: "{}" })).status).toBe(401);
  });

  it("listens on loopback only", async () => {
    const addresses = Object.values(os.networkInterfaces())
      .flat()
      .filter((entry) => entry && entry.family === "IPv4" && !entry.internal)
      .map((entry) => entry!.address);
    for (const address of addresses) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = net.connect(Number(adminUrl.port), address);
        socket.once("connect", () => {
          socket.destroy();
          resolve("connected");
        });
        socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
      });
      expect(outcome, address).toBe("ECONNREFUSED");
    }
    expect((await fetch(`${adminUrl.origin}/healthz`)).ok).toBe(true);
  });

  it("keeps no shopper's email address readable in the database file", () => {
    const files = fs.readdirSync(dir).filter((name) => name.startsWith("cartback.sqlite"));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const raw = fs.readFileSync(path.join(dir, name)).toString("latin1");
      expect(raw.match(/[a-z.]+\.\d+@example\.(com|org|net)/g) ?? [], name).toEqual([]);
    }
  });

  it("logs, at debug level through the whole run, no shopper's address or name and no secret", () => {
    const log = fs.readFileSync(path.join(dir, "server.log"), "utf8");
    expect(log.length).toBeGreaterThan(1_000);
    const secrets = JSON.parse(fs.readFileSync(path.join(dir, "secrets.json"), "utf8")) as Record<
      string,
      string
    >;
    const shoppers = buildShoppers(150);
    const leaks = [
      ...shoppers.map((shopper) => shopper.email),
      ...shoppers.map((shopper) => `${shopper.firstName} ${shopper.lastName}`),
      ...shoppers.flatMap((shopper) =>
        shopper.firstName.length >= 4 ? [`"${shopper.firstName}"`, ` ${shopper.firstName},`] : [],
      ),
      ...Object.values(secrets),
      DEMO_ACCESS_TOKEN,
      "re_demo_offline",
      "demo-offline-gemini-key",
    ].filter((needle) => log.includes(needle));
    expect(leaks).toEqual([]);
    // And no address of any shape: every one is masked (j***@e***.com).
    expect(log.match(/[A-Za-z0-9._%+-]{2,}@[A-Za-z0-9-]{2,}\.[A-Za-z]{2,}/g) ?? []).toEqual([]);
  });
});
