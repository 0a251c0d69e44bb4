import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDemoClient } from "./demo-client";
import { simulate, type SimulationLedger } from "./simulate";
import {
  addedOverHoldoutRows,
  contentExperimentNotes,
  contentExperimentRows,
  contentExperiments,
  contentExperimentTitle,
  formatAddedOverHoldoutTable,
  formatContentExperimentTable,
  formatOfferTestTable,
  formatSegmentTable,
  formatSendTimeTable,
  formatSummaryTable,
  offerTestNotes,
  offerTestRows,
  reconciliationLine,
  segmentNotes,
  segmentSummaryRows,
  sendTimeNotes,
  sendTimeRows,
  summaryNotes,
  summaryRows,
  type DashboardData,
} from "./summary";
import { DEMO_MONTH_END, DEMO_SHOP_NAME, DEMO_TIME_ZONE, demoTruths, segmentFactorsOf } from "./world";
import { exitUnlessSupportedNode } from "../scripts/supported-node.mjs";

exitUnlessSupportedNode();

/**
 * `npm run demo`: Cartback on an invented shop, offline, on embedded SQLite. It prepares .demo/ (database,
 * secrets, outbox), starts the real server in demo mode with every outgoing call mocked at the HTTP level,
 * drives a simulated month through the server's real routes, prints the dashboard's figures beside the
 * simulation's own counts, and serves the admin on 127.0.0.1 until Ctrl-C.
 *
 *   npm run demo                    a fresh month (the previous demo's data is deleted first)
 *   npm run demo -- --keep          serve the previous demo's data again, without simulating
 *   npm run demo -- --days 7 --shoppers 200 --per-day 10 --no-serve    a short run (the test's)
 *   --log-level debug               the server's log (.demo/server.log) in full
 */

const { values: args } = parseArgs({
  options: {
    keep: { type: "boolean", default: false },
    serve: { type: "boolean", default: true },
    "no-serve": { type: "boolean", default: false },
    days: { type: "string", default: "30" },
    shoppers: { type: "string", default: "10000" },
    "per-day": { type: "string", default: "50" },
    port: { type: "string" },
    dir: { type: "string", default: ".demo" },
    "log-level": { type: "string", default: "warn" },
  },
});

const root = process.cwd();
const demoDir = path.resolve(args.dir);
const outboxDir = path.join(demoDir, "outbox");
/** Shopify's own list of the shop's abandoned checkouts, shared by the simulation and the mocked Admin API. */
const shopifyCheckoutsFile = path.join(demoDir, "shopify-checkouts.jsonl");
/** The shop's orders of customers with an account, for the mocked Admin API's customer figures. */
const shopifyOrdersFile = path.join(demoDir, "shopify-orders.jsonl");
const isTty = process.stdout.isTTY === true;
const say = (line = "") => process.stdout.write(`${line}\n`);

function fail(message: string): never {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(1);
}

function positiveInt(name: string, value: string | undefined): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) fail(`--${name} must be a positive whole number`);
  return number;
}

interface DemoSecrets {
  apiSecret: string;
  cronSecret: string;
  dataKey: string;
}

/** Secrets of this demo's data (kept with it, so --keep can read it back); never used anywhere else. */
function demoSecrets(): DemoSecrets {
  const file = path.join(demoDir, "secrets.json");
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as DemoSecrets;
  const secrets = {
    apiSecret: crypto.randomBytes(24).toString("hex"),
    cronSecret: crypto.randomBytes(24).toString("hex"),
    dataKey: crypto.randomBytes(32).toString("base64"),
  };
  fs.writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** The demo last started on this directory: its process, and the port its data's links and images point to. */
interface DemoRun {
  pid: number;
  port: number;
}

const runFile = () => path.join(demoDir, "demo.json");

function findLastRun(): DemoRun | null {
  try {
    return JSON.parse(fs.readFileSync(runFile(), "utf8")) as DemoRun;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    server.on("error", () => resolve(false));
  });
}

/**
 * The port for this run. Kept data stays on the port it was made on: the emails' links and the stored
 * product images name it.
 */
async function choosePort(lastRun: DemoRun | null, reuse: boolean): Promise<number> {
  if (args.port) return positiveInt("port", args.port);
  if (!reuse || !lastRun) return freePort();
  if (!(await isPortFree(lastRun.port)))
    fail(
      `port ${lastRun.port}, which the kept demo's emails and images link to, is in use by another program: ` +
        "free it, or run a fresh demo (npm run demo).",
    );
  return lastRun.port;
}

/** Real services when the developer gave keys (and, for email, an address of their own to receive it). */
function outgoingServices() {
  const resendKey = process.env.RESEND_API_KEY?.trim();
  const geminiKey = process.env.GEMINI_API_KEY?.trim();
  if (resendKey && !process.env.DEMO_RECIPIENT?.trim())
    fail(
      "RESEND_API_KEY is set, so demo emails would really be sent: set DEMO_RECIPIENT to your own address " +
        "(every demo email goes there instead of to the invented shoppers), or unset RESEND_API_KEY.",
    );
  if (resendKey && !process.env.EMAIL_FROM?.trim())
    fail("RESEND_API_KEY is set: set EMAIL_FROM to a sender on a domain verified in Resend.");
  return { resendKey, geminiKey };
}

function startServer(port: number, secrets: DemoSecrets, services: ReturnType<typeof outgoingServices>) {
  const appUrl = `http://127.0.0.1:${port}`;
  const log = fs.openSync(path.join(demoDir, "server.log"), "a");
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "development",
    DEMO_MODE: "1",
    PORT: String(port),
    SHOPIFY_API_KEY: "cartback-demo",
    SHOPIFY_API_SECRET: secrets.apiSecret,
    SHOPIFY_APP_URL: appUrl,
    DATABASE_URL: `file:${path.join(demoDir, "cartback.sqlite")}`,
    CRON_SECRET: secrets.cronSecret,
    DATA_ENCRYPTION_KEY: secrets.dataKey,
    OUTBOX_DIR: outboxDir,
    DEMO_VITE_CACHE_DIR: path.join(demoDir, "vite"),
    LOG_LEVEL: args["log-level"],
    SCHEDULER: "off",
    RESEND_API_KEY: services.resendKey ?? "re_demo_offline",
    DEMO_REAL_RESEND: services.resendKey ? "1" : "0",
    DEMO_RECIPIENT: services.resendKey ? process.env.DEMO_RECIPIENT?.trim() : undefined,
    EMAIL_FROM: services.resendKey ? process.env.EMAIL_FROM : `${DEMO_SHOP_NAME} <recover@northwind.example>`,
    DEMO_SHOPIFY_CHECKOUTS_FILE: shopifyCheckoutsFile,
    DEMO_SHOPIFY_ORDERS_FILE: shopifyOrdersFile,
    GEMINI_API_KEY: services.geminiKey ?? "demo-offline-gemini-key",
    DEMO_REAL_GEMINI: services.geminiKey ? "1" : "0",
  };
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./demo/mock-outgoing-calls.ts", "server/index.ts"],
    { cwd: root, env: env as NodeJS.ProcessEnv, stdio: ["ignore", log, log] },
  );
  return { child, appUrl };
}

async function waitForServer(appUrl: string, child: ChildProcess) {
  // The first start of the development server transforms the whole app; on a slow, busy machine that is
  // minutes, not seconds.
  const deadline = Date.now() + 240_000;
  let exited = false;
  child.once("exit", () => (exited = true));
  for (;;) {
    if (exited) fail(`the server stopped while starting; see ${path.relative(root, demoDir)}/server.log`);
    try {
      if ((await fetch(`${appUrl}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) fail("the server did not start within 4 minutes");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const localDate = (at: Date) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: DEMO_TIME_ZONE, dateStyle: "short" }).format(at);

function progressLine(progress: {
  day: number;
  days: number;
  checkouts: number;
  emails: number;
  orders: number;
}) {
  const width = 24;
  const filled = Math.round((progress.day / progress.days) * width);
  return `  [${"#".repeat(filled)}${".".repeat(width - filled)}] day ${progress.day}/${progress.days} · ${progress.checkouts} checkouts · ${progress.emails} emails · ${progress.orders} orders`;
}

async function main() {
  if (process.env.NODE_ENV === "production") fail("the demo does not run with NODE_ENV=production.");
  const days = positiveInt("days", args.days);
  const shoppers = positiveInt("shoppers", args.shoppers);
  const perDay = positiveInt("per-day", args["per-day"]);
  const serve = args.serve && !args["no-serve"];
  const services = outgoingServices();
  const database = path.join(demoDir, "cartback.sqlite");
  // Before anything is deleted: a fresh demo would pull the database from under the running one's server.
  const lastRun = findLastRun();
  if (lastRun && isRunning(lastRun.pid))
    fail(
      `a demo is already running on ${path.relative(root, demoDir) || "."}/ (http://127.0.0.1:${lastRun.port}, ` +
        `process ${lastRun.pid}): open that one, or stop it with Ctrl-C first.`,
    );
  const reuse = args.keep && fs.existsSync(path.join(demoDir, "ledger.json")) && fs.existsSync(database);
  if (args.keep && !reuse) say("demo: nothing kept from an earlier run; simulating a fresh month.");
  if (!reuse) fs.rmSync(demoDir, { recursive: true, force: true });
  fs.mkdirSync(outboxDir, { recursive: true });
  const port = await choosePort(lastRun, reuse);
  fs.writeFileSync(runFile(), `${JSON.stringify({ pid: process.pid, port } satisfies DemoRun)}\n`);
  const secrets = demoSecrets();

  say(
    `Cartback demo: ${DEMO_SHOP_NAME}, an invented shop, on embedded SQLite (${path.relative(root, database)})`,
  );
  const migrate = spawnSync(process.execPath, [path.join(root, "scripts", "db.mjs"), "migrate"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${database}` },
    encoding: "utf8",
  });
  if (migrate.status !== 0) fail(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);

  const { child, appUrl } = startServer(port, secrets, services);
  const stop = () => {
    if (child.exitCode === null) child.kill("SIGTERM");
  };
  process.on("exit", stop);
  process.on("SIGINT", () => {
    stop();
    say("\ndemo: stopped. The data stays in .demo/ (npm run demo -- --keep serves it again).");
    process.exit(0);
  });
  await waitForServer(appUrl, child);
  say(
    `Outgoing calls: Shopify Admin API mocked (test/mocks), Resend ${services.resendKey ? `REAL (to ${process.env.DEMO_RECIPIENT})` : "mocked"}, Gemini ${services.geminiKey ? "REAL" : "mocked"}.`,
  );

  const client = createDemoClient({
    baseUrl: appUrl,
    apiSecret: secrets.apiSecret,
    cronSecret: secrets.cronSecret,
  });
  const ledgerFile = path.join(demoDir, "ledger.json");
  let ledger: SimulationLedger;
  if (reuse) {
    const stored = JSON.parse(fs.readFileSync(ledgerFile, "utf8")) as SimulationLedger & {
      start: string;
      end: string;
    };
    ledger = { ...stored, start: new Date(stored.start), end: new Date(stored.end) };
    say(`Kept the demo of ${localDate(ledger.start)} to ${localDate(ledger.end)}; not simulating again.`);
  } else {
    const started = Date.now();
    const end = DEMO_MONTH_END;
    say(`Simulating ${days} days of checkouts (${shoppers} shoppers, about ${perDay} checkouts a day)…`);
    let lastLine = 0;
    ledger = await simulate({
      client,
      outboxDir,
      appUrl,
      end,
      days,
      shoppers,
      checkoutsPerDay: perDay,
      shopifyCheckoutsFile,
      shopifyOrdersFile,
      onProgress(progress) {
        if (isTty) process.stdout.write(`\r${progressLine(progress)}`);
        else if (progress.day !== lastLine && (progress.day % 5 === 0 || progress.day === progress.days)) {
          lastLine = progress.day;
          say(progressLine(progress));
        }
      },
    });
    if (isTty) say();
    fs.writeFileSync(ledgerFile, `${JSON.stringify(ledger, null, 2)}\n`);
    say(
      `Simulated in ${((Date.now() - started) / 1000).toFixed(1)} s: ${ledger.webhooks} signed webhooks, ${ledger.ticks} ticks of POST /jobs/tick.`,
    );
    if (ledger.tickErrors.length > 0)
      say(`Tick errors (${ledger.tickErrors.length}): ${ledger.tickErrors.slice(0, 3).join("; ")}`);
  }

  // The admin lives at the end of the simulated month (the clock runs on from there), kept data too.
  await client.setClock(ledger.end);
  const query = { period: "custom", from: localDate(ledger.start), to: localDate(ledger.end) };
  const dashboard = await client.loaderData<DashboardData>("/app", "routes/app._index", query);
  say();
  say(`Dashboard for ${query.from} to ${query.to} (${DEMO_TIME_ZONE}), beside what the simulation did:`);
  say(formatSummaryTable(summaryRows(dashboard, ledger)));
  for (const note of summaryNotes(dashboard)) say(`  * ${note}`);
  const reconciliation = reconciliationLine(ledger);
  if (reconciliation) say(`  * ${reconciliation}`);
  say();
  say("By segment (a checkout runs the sequence of the first segment whose conditions it meets):");
  say(formatSegmentTable(segmentSummaryRows(dashboard)));
  for (const note of segmentNotes(dashboard)) say(`  * ${note}`);
  say();
  const secondEmails = ledger.secondEmails ?? null;
  const truths = demoTruths(secondEmails ? segmentFactorsOf(secondEmails) : {});
  say(
    "Offer tests (each offer's profit per checkout against the segment's held-out group, beside the truth):",
  );
  say(formatOfferTestTable(offerTestRows(dashboard, truths)));
  say();
  say("What each segment's sequence added over its held-out group, beside the truth:");
  say(formatAddedOverHoldoutTable(addedOverHoldoutRows(dashboard, truths)));
  for (const note of offerTestNotes(dashboard, truths)) say(`  * ${note}`);
  say();
  const sendTime = sendTimeRows(dashboard, secondEmails);
  if (sendTime.length > 0) {
    say(
      "Send time (step 2 may wait for the shopper's best hour; a share of checkouts is sent at the delay as the control):",
    );
    say(formatSendTimeTable(sendTime));
    for (const note of sendTimeNotes(dashboard, secondEmails)) say(`  * ${note}`);
    say();
  }
  for (const experiment of contentExperiments(dashboard)) {
    say(contentExperimentTitle(experiment));
    say(formatContentExperimentTable(contentExperimentRows(experiment, secondEmails)));
    const rule = dashboard.experiments?.content.ruleSentence ?? "";
    for (const note of contentExperimentNotes(experiment, rule, secondEmails)) say(`  * ${note}`);
    say();
  }
  const emails = fs.readdirSync(outboxDir).filter((name) => name.endsWith(".html")).length;
  say(
    `Emails: ${emails} in ${path.relative(root, outboxDir)}/ (.html to open in a browser, .txt, .json as sent).`,
  );
  if (!serve) {
    stop();
    return;
  }
  say(`Admin: ${appUrl}/app?period=custom&from=${query.from}&to=${query.to}`);
  say(`       (demo mode: the demo shop only, on this machine only; Ctrl-C to stop)`);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
