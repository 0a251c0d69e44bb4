import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromiumPath, launchBrowser } from "../test/helpers/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoClient } from "./demo-client";
import { DEMO_ACCESS_TOKEN } from "../app/lib/demo-shop";
import type { SimulationLedger } from "./simulate";
import {
  addedOverHoldoutRows,
  contentExperimentRows,
  coverMark,
  offerTestRows,
  parseAddedOverHoldoutTable,
  parseContentExperimentTable,
  parseOfferTestTable,
  parseSegmentTable,
  parseSendTimeTable,
  parseSummaryTable,
  segmentSummaryRows,
  sendTimeRows,
  summaryRows,
  type DashboardData,
  type SummaryRow,
} from "./summary";
import { buildShoppers, demoTruths, segmentFactorsOf } from "./world";

/**
 * `npm run demo`, short: the real CLI, the real server in demo mode, a few simulated days. The table it prints
 * must be what the served dashboard's loader answers, and where the simulation counted the same thing
 * (emails per step, clicks, codes used) the two must agree. Then demo mode's guards, against that server.
 */

/** The admin's menu, as a merchant sees it. */
const ADMIN_PAGES = [
  ["Home", "/app"],
  ["Checkouts", "/app/checkouts"],
  ["Settings", "/app/settings"],
  ["Email preview", "/app/preview"],
  ["Privacy requests", "/app/privacy"],
] as const;
// Debian's Chromium, as the browser tests use; without one the browser visit is skipped (CI installs it first).
const browserPath = chromiumPath();

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

const SHORT_RUN = ["--days", "6", "--shoppers", "150", "--per-day", "14"];

interface DemoProcess {
  child: ChildProcess;
  output: string;
  adminUrl: URL;
}
const started: ChildProcess[] = [];

/** `demo/run.ts` with these arguments, offline; resolves once it prints the admin's URL, as it serves. */
async function startDemo(runArgs: string[]): Promise<DemoProcess> {
  // Without the developer's keys, whatever their shell has: the demo must run offline.
  const env = { ...process.env, RESEND_API_KEY: "", GEMINI_API_KEY: "" };
  const child = spawn(process.execPath, ["--import", "tsx", "demo/run.ts", ...runArgs], {
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  const demo: DemoProcess = { child, output: "", adminUrl: new URL("http://127.0.0.1") };
  child.stdout?.on("data", (chunk) => (demo.output += chunk));
  child.stderr?.on("data", (chunk) => (demo.output += chunk));
  // On a slow, busy machine (CI runs this beside the rest of the suite) the first start of the development
  // server alone can take a minute. Given up after four, with what the demo printed, so a failure says why.
  let polls = 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /^Admin: (\S+)$/m.exec(demo.output);
      if (match) {
        clearInterval(timer);
        demo.adminUrl = new URL(match[1] as string);
        resolve();
      } else if (child.exitCode !== null || ++polls > 240_000 / 200) {
        clearInterval(timer);
        const why =
          child.exitCode !== null ? `exited (${child.exitCode})` : "printed no admin URL in 4 minutes";
        reject(new Error(`the demo ${why}:\n${demo.output.slice(-4_000)}\n${serverLogTail()}`));
      }
    }, 200);
  });
  return demo;
}

async function stopDemo(demoChild: ChildProcess) {
  if (!demoChild.pid || demoChild.exitCode !== null) return;
  const exited = new Promise((resolve) => demoChild.once("exit", resolve));
  process.kill(-demoChild.pid, "SIGINT");
  await exited;
}

beforeAll(async () => {
  const port = await freePort();
  const demo = await startDemo([
    ...SHORT_RUN,
    ...["--dir", dir, "--port", String(port), "--log-level", "debug"],
  ]);
  ({ child, output, adminUrl } = demo);
}, 300_000);

/** The end of the demo server's own log, which the demo writes beside its database. */
function serverLogTail(): string {
  try {
    return `server.log:\n${fs.readFileSync(path.join(dir, "server.log"), "utf8").slice(-4_000)}`;
  } catch {
    return "(no server.log)";
  }
}

afterAll(async () => {
  for (const demoChild of started) await stopDemo(demoChild);
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

/** The second emails the simulation recorded (its ledger, kept beside the demo's data). */
const secondEmailsOfRun = () =>
  (JSON.parse(fs.readFileSync(path.join(dir, "ledger.json"), "utf8")) as SimulationLedger).secondEmails ?? [];

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

    // The shop's three segments, each printed as served; every checkout drawn is in exactly one of them.
    expect(parseSegmentTable(output)).toEqual(segmentSummaryRows(served));
    expect(served.segments.map((segment) => segment.name)).toEqual([
      "Returning, high-value: no discount",
      "First-time, cart over the shop's median: offer from step 2",
      "Returning customers",
      "Everyone else",
    ]);
    const { enrolled, heldOut } = served.figures.checkouts;
    const sumOf = (pick: (segment: DashboardData["segments"][number]) => number) =>
      served.segments.reduce((sum, segment) => sum + pick(segment), 0);
    expect(sumOf((segment) => segment.checkouts)).toBe(enrolled + heldOut);
    expect(sumOf((segment) => segment.heldOut)).toBe(heldOut);
    expect(sumOf((segment) => segment.discountCostMinor)).toBe(served.figures.discounts.costMinor);
    // No discount for the returning big spenders: their segment's strategy has no tiers.
    expect(served.segments[0]?.discountCostMinor).toBe(0);

    const outbox = fs.readdirSync(path.join(dir, "outbox"));
    for (const extension of [".html", ".txt", ".json"])
      expect(
        outbox.filter((name) => name.endsWith(extension)),
        extension,
      ).toHaveLength(sent);
    expect(output).toContain("Resend mocked, Gemini mocked");

    // Every tenth checkout's webhooks were never sent: reconciliation found them in Shopify's list (all but
    // those too close to the end for an hourly run), and they were emailed like the others.
    const reconciled =
      /Reconciliation: the webhooks of (\d+) of the \d+ checkouts were never sent .*?reconciliation found (\d+) of them/.exec(
        output,
      );
    expect(reconciled, output).not.toBeNull();
    const [dropped, found] = [Number(reconciled?.[1]), Number(reconciled?.[2])];
    expect(dropped).toBeGreaterThan(0);
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThanOrEqual(dropped);
    expect(found).toBeGreaterThanOrEqual(dropped - 1);
  });

  it("prints the offer tests and what each segment added, as served, beside the world's truths", async () => {
    const query = Object.fromEntries(adminUrl.searchParams);
    const served = await demoClient().loaderData<DashboardData>("/app", "routes/app._index", query);
    // The truths with each segment's average hour-and-design factor of its second emails in this run.
    const truths = demoTruths(segmentFactorsOf(secondEmailsOfRun()));
    expect(output).toContain("Offer tests (each offer's profit per checkout");
    // The tables are the served dashboard's figures beside the world's truths, cell for cell.
    const offerRows = parseOfferTestTable(output);
    expect(offerRows).toEqual(offerTestRows(served, truths));
    const addedRows = parseAddedOverHoldoutTable(output);
    expect(addedRows).toEqual(addedOverHoldoutRows(served, truths));
    expect(addedRows.map((row) => row.segment)).toEqual(served.segments.map((segment) => segment.name));
    // Every segment of the demo shop has a truth, and an offer test's every arm has one.
    expect(addedRows.every((row) => row.truth !== "n/a")).toBe(true);
    expect(offerRows.every((row) => row.truth !== "n/a")).toBe(true);
    // Where a group is big enough to measure (a short run may have none), the interval covers the truth.
    for (const segment of served.segments) {
      const truth = truths.find((candidate) => candidate.segment.name === segment.name)!;
      const added = segment.addedOverHoldout.profitPerCheckoutDifferenceMinor;
      if (added) expect(coverMark(added, truth.addedOverHoldout.incrementalProfitPerCheckoutMinor)).toBe("✓");
      for (const arm of segment.offerTest?.arms ?? []) {
        const interval = arm.versusHoldout.profitPerCheckoutDifferenceMinor;
        const armTruth = truth.arms.find((candidate) => candidate.arm === arm.arm)!;
        if (interval) expect(coverMark(interval, armTruth.incrementalProfitPerCheckoutMinor)).toBe("✓");
      }
    }
    expect([...offerRows, ...addedRows].map((row) => row.covered).filter((mark) => mark === "✗")).toEqual([]);
  });

  it("prints send time and the content experiment as served, beside the world's truths", async () => {
    const query = Object.fromEntries(adminUrl.searchParams);
    const served = await demoClient().loaderData<DashboardData>("/app", "routes/app._index", query);
    const secondEmails = secondEmailsOfRun();
    // Every checkout in a sequence was drawn into a send-time group, and its second email recorded.
    expect(served.experiments?.sendTime.hasSendTimeEnrollments).toBe(true);
    expect(secondEmails.length).toBeGreaterThan(0);
    expect(parseSendTimeTable(output)).toEqual(sendTimeRows(served, secondEmails));
    const [experiment] = served.experiments?.content.experiments ?? [];
    expect(experiment).toMatchObject({ segmentName: "Everyone else", step: 2 });
    expect(experiment?.variants.map((variant) => variant.content.template)).toEqual(["PRODUCT", "NOTE"]);
    expect(parseContentExperimentTable(output)).toEqual(contentExperimentRows(experiment!, secondEmails));
    // The designs the simulation read from the emails are the ones the app drew: both went out.
    const designs = new Set(secondEmails.map((email) => email.design));
    expect([...designs].sort()).toEqual(["NOTE", "PRODUCT"]);
  });

  it("prints the same month and the same table on every run, whatever the date (the README's table)", () => {
    const again = path.join(dir, "again");
    const second = spawnSync(
      process.execPath,
      ["--import", "tsx", "demo/run.ts", ...SHORT_RUN, "--no-serve", "--dir", again],
      { env: { ...process.env, RESEND_API_KEY: "", GEMINI_API_KEY: "" }, encoding: "utf8" },
    );
    expect(second.status, second.stderr).toBe(0);
    const table = (printed: string) =>
      printed.slice(printed.indexOf("Dashboard for"), printed.indexOf("Emails: "));
    expect(table(output)).toContain("Dashboard for 2026-11-24 to 2026-11-30 (America/New_York)");
    expect(table(second.stdout)).toBe(table(output));
    // A whole second demo: seconds on a quiet machine, minutes beside the rest of the suite on a busy one.
  }, 300_000);

  // A newcomer opens the printed URL and clicks through the menu. A dependency Vite meets only then is bundled
  // anew, and a page already open loads half its modules against the new bundle: two copies of React, "Invalid
  // hook call", an error page. Before any other page request, so this is each page's first visit.
  it.skipIf(!browserPath)(
    "every admin page works on its first visit in a browser, through the menu and by its address",
    async () => {
      const browser = await launchBrowser(browserPath);
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
        page.on("console", (message) => {
          if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
            errors.push(`${page.url()}: ${message.text()}`);
        });
        const showsItsPage = async (address: string) => {
          await page.waitForURL((url) => url.pathname === address);
          await page.waitForLoadState("networkidle");
          // The page itself, below the demo banner and the menu (app.tsx's <main>).
          await expect
            .poll(async () => (await page.locator("main").innerText()).trim().length, { message: address })
            .toBeGreaterThan(0);
          expect(await page.locator("body").innerText(), address).not.toContain("Application Error");
        };
        await page.goto(adminUrl.href);
        await showsItsPage("/app");
        for (const [name, address] of ADMIN_PAGES.slice(1)) {
          await page.getByRole("link", { name, exact: true }).first().click();
          await showsItsPage(address);
        }
        // And a checkout's own page, from the list.
        await page.getByRole("link", { name: "Checkouts", exact: true }).first().click();
        await showsItsPage("/app/checkouts");
        const firstCheckout = page.locator('a[href^="/app/checkouts/"]').first();
        const checkoutPage = new URL((await firstCheckout.getAttribute("href")) ?? "", adminUrl).pathname;
        await firstCheckout.click();
        await showsItsPage(checkoutPage);
        for (const address of [...ADMIN_PAGES.map(([, pagePath]) => pagePath), checkoutPage]) {
          await page.goto(`${adminUrl.origin}${address}`);
          await showsItsPage(address);
        }
        expect(errors).toEqual([]);
        expect(fs.readFileSync(path.join(dir, "server.log"), "utf8")).not.toContain("new dependencies");
      } finally {
        await browser.close();
      }
    },
    300_000,
  );

  it("serves the admin pages of the demo shop in a plain browser, with the App Bridge stand-in", async () => {
    for (const [, page] of ADMIN_PAGES) {
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

  it("refuses a second demo on the same directory while one runs, and leaves the running one alone", () => {
    const second = spawnSync(
      process.execPath,
      ["--import", "tsx", "demo/run.ts", "--days", "1", "--no-serve", "--dir", dir],
      { env: { ...process.env, RESEND_API_KEY: "", GEMINI_API_KEY: "" }, encoding: "utf8" },
    );
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`a demo is already running on ${path.relative(process.cwd(), dir)}/`);
    expect(second.stderr).toContain(`http://127.0.0.1:${adminUrl.port}`);
    expect(fs.existsSync(path.join(dir, "cartback.sqlite"))).toBe(true);
    expect(fs.readdirSync(path.join(dir, "outbox")).length).toBeGreaterThan(0);
  }, 120_000);

  // Last: it stops the demo the other tests use.
  it("--keep serves the kept data on its own port, so the emails' links and product images still work", async () => {
    await stopDemo(child);
    const kept = await startDemo(["--keep", "--dir", dir]);
    expect(kept.output).toContain("not simulating again");
    expect(kept.adminUrl.port).toBe(adminUrl.port);
    // The first email with a product picture (a personal note has none).
    const image = fs
      .readdirSync(path.join(dir, "outbox"))
      .filter((name) => name.endsWith(".html"))
      .map((name) => fs.readFileSync(path.join(dir, "outbox", name), "utf8"))
      .map((html) => /src="(http:\/\/127\.0\.0\.1:\d+\/demo\/products\/[^"]+)"/.exec(html)?.[1])
      .find((found) => found !== undefined);
    expect(image, "a product image in an email").toBeDefined();
    expect((await fetch(image as string)).status).toBe(200);
    expect((await fetch(`${kept.adminUrl.origin}/app/checkouts`)).status).toBe(200);
  }, 300_000);
});
