import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { expect } from "vitest";

/**
 * Browser tests of the embedded admin against the production build on SQLite, in Debian's Chromium.
 * Shopify admin is not here, so the App Bridge script (loaded from Shopify's CDN in production) is replaced,
 * through request interception, by a small stand-in that defines what the pages use and, like App Bridge,
 * adds the session token to the app's own fetches. The stand-in is test code only; nothing ships it.
 */

export const E2E = {
  apiKey: "e2e-api-key",
  apiSecret: "e2e-api-secret",
  appUrl: "https://cartback.e2e.test",
  dir: path.resolve("test-results", "e2e"),
  databaseUrl: `file:${path.resolve("test-results", "e2e", "cartback-e2e.sqlite")}`,
};

export const SERVER_ENV = {
  NODE_ENV: "production",
  SHOPIFY_API_KEY: E2E.apiKey,
  SHOPIFY_API_SECRET: E2E.apiSecret,
  SHOPIFY_APP_URL: E2E.appUrl,
  DATABASE_URL: E2E.databaseUrl,
  CRON_SECRET: "e2e-cron-secret-0123456789abcdef0123456789",
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString("base64"),
  RESEND_API_KEY: "re_e2e_not_used",
  RESEND_WEBHOOK_SECRET: "whsec_ZTJlLXJlc2VuZC13ZWJob29rLXNlY3JldA==",
  EMAIL_FROM: "Cartback <recover@cartback.e2e.test>",
  LOG_LEVEL: "warn",
};

/**
 * A fresh migrated database for a test file (the test process seeds it through the app's own modules). The
 * screenshots of the run's other files stay: test-results/e2e is emptied once per run (global-setup.ts).
 */
export function prepareDatabase() {
  fs.mkdirSync(E2E.dir, { recursive: true });
  const file = E2E.databaseUrl.replace(/^file:/, "");
  for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
  const setup = spawnSync(process.execPath, [path.resolve("scripts", "db.mjs"), "setup"], {
    env: { ...process.env, DATABASE_URL: E2E.databaseUrl },
    encoding: "utf8",
  });
  if (setup.status !== 0) throw new Error(`database setup failed:\n${setup.stdout}\n${setup.stderr}`);
}

export function ensureBuild() {
  if (fs.existsSync(path.resolve("build", "server.js")) && !process.env.E2E_REBUILD) return;
  const build = spawnSync("npm", ["run", "build"], { encoding: "utf8" });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  baseUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startServer(): Promise<RunningApp> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.resolve("build", "server.js")], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...SERVER_ENV,
      PORT: String(port),
    } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "inherit", "inherit"],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("the server did not come up");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl,
    child,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

export { launchBrowser } from "../helpers/browser";

/** What App Bridge provides to the app, minus Shopify admin: the session token on the app's own requests. */
function appBridgeStandIn(token: string): string {
  return `
(() => {
  const token = ${JSON.stringify(token)};
  const noop = () => {};
  window.shopify = {
    config: { apiKey: ${JSON.stringify(E2E.apiKey)} },
    idToken: async () => token,
    toast: { show: noop, hide: noop },
    loading: noop,
    saveBar: { show: async () => {}, hide: async () => {}, toggle: async () => {}, leaveConfirmation: async () => {} },
    modal: { show: async () => {}, hide: async () => {}, toggle: async () => {} },
    environment: { embedded: true, mobile: false, pos: false },
  };
  const nativeFetch = window.fetch.bind(window);
  window.fetch = (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin !== location.origin) return nativeFetch(input, init);
    const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
    headers.set("Authorization", "Bearer " + token);
    return nativeFetch(input, { ...init, headers });
  };
  // In Shopify admin these render outside the app's iframe. An empty shadow root hides their children without
  // touching attributes React will hydrate.
  // The save bar and modal elements also have App Bridge's methods, which the React components call.
  class Hidden extends HTMLElement { constructor() { super(); this.attachShadow({ mode: "open" }); } }
  class Showable extends Hidden {
    showing = false;
    async show() { this.showing = true; }
    async hide() { this.showing = false; }
    async toggle() { this.showing = !this.showing; }
  }
  for (const name of ["ui-nav-menu", "ui-title-bar", "s-app-nav"]) {
    if (!customElements.get(name)) customElements.define(name, class extends Hidden {});
  }
  for (const name of ["ui-save-bar", "ui-modal"]) {
    if (!customElements.get(name)) customElements.define(name, class extends Showable {});
  }
})();`;
}

/**
 * Core Web Vitals, observed in the page from its first paint: LCP, CLS and the slowest interaction (INP). LCP
 * stops at the page's first full-page screenshot: the capture stretches the window to the whole page, and an
 * element far below the fold painted then is the test's doing, not a shopper's wait (a longer settings page
 * made the segment editor's LCP read 1 s or 6-7 s from run to run).
 */
const VITALS_OBSERVER = `
(() => {
  const vitals = (window.__vitals = { lcp: 0, cls: 0, inp: 0, inpEvent: "", lcpFrozen: false });
  const describe = (node) => node && node.nodeType === 1
    ? node.tagName.toLowerCase() + (node.getAttribute("aria-label") ? "[" + node.getAttribute("aria-label") + "]" : "") +
      (node.textContent ? ": " + node.textContent.trim().slice(0, 40) : "")
    : "";
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (!vitals.lcpFrozen) vitals.lcp = entry.startTime; })
    .observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (!entry.hadRecentInput) vitals.cls += entry.value; })
    .observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (entry.interactionId && entry.duration > vitals.inp) {
    vitals.inp = entry.duration;
    vitals.inpEvent = entry.name + " on " + describe(entry.target) + " (input delay " + Math.round(entry.processingStart - entry.startTime) +
      " ms, handlers " + Math.round(entry.processingEnd - entry.processingStart) + " ms)";
  } })
    .observe({ type: "event", buffered: true, durationThreshold: 16 });
})();`;

export interface Vitals {
  /** Largest contentful paint, ms after navigation start. */
  lcp: number;
  /** Cumulative layout shift (unitless). */
  cls: number;
  /** The slowest interaction, ms; 0 when none took 16 ms or more. */
  inp: number;
  /** What the slowest interaction was: the event, its target, and where its time went. */
  inpEvent: string;
}

export interface AdminPage {
  page: Page;
  context: BrowserContext;
  /** Navigates inside the embedded app, with the query Shopify admin adds (shop, host, id_token). */
  open(pathAndQuery: string): Promise<void>;
  vitals(): Promise<Vitals>;
}

export async function openAdmin(browser: Browser, baseUrl: string, shop: string): Promise<AdminPage> {
  const { token } = await getJwt(shop.replace(/\.myshopify\.com$/, ""), E2E.apiKey, E2E.apiSecret);
  // Headless Chromium says "HeadlessChrome", which Shopify's library turns away as a bot (410).
  const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version().split(".")[0]}.0.0.0 Safari/537.36`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, userAgent });
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1") return route.continue();
    if (url.href.startsWith("https://cdn.shopify.com/shopifycloud/app-bridge.js")) {
      return route.fulfill({ contentType: "application/javascript", body: appBridgeStandIn(token) });
    }
    if (url.hostname === "cdn.shopify.com" && url.pathname.endsWith(".css"))
      return route.fulfill({ contentType: "text/css", body: "" });
    // Nothing else may leave the machine (fonts, images of seeded products, analytics).
    return route.abort();
  });
  await context.addInitScript(VITALS_OBSERVER);
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const host = Buffer.from(`admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}`).toString(
    "base64url",
  );
  return {
    page,
    context,
    async open(pathAndQuery) {
      const url = new URL(pathAndQuery, baseUrl);
      url.searchParams.set("embedded", "1");
      url.searchParams.set("shop", shop);
      url.searchParams.set("host", host);
      url.searchParams.set("id_token", token);
      await page.goto(url.toString(), { waitUntil: "networkidle" });
    },
    vitals: () => page.evaluate(() => (window as unknown as { __vitals: Vitals }).__vitals),
  };
}

/**
 * A screenshot under test-results/e2e/screenshots (the README's images are picked from there): the whole page,
 * with `fullPage: false` what the window shows (after scrolling to the part that matters), or one element.
 */
export async function screenshot(
  page: Page,
  name: string,
  { fullPage = true, element }: { fullPage?: boolean; element?: Locator } = {},
) {
  const dir = path.join(E2E.dir, "screenshots");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  if (element) await element.screenshot({ path: file });
  else {
    if (fullPage)
      await page.evaluate(() => {
        const vitals = (window as unknown as { __vitals?: { lcpFrozen: boolean } }).__vitals;
        if (vitals) vitals.lcpFrozen = true;
      });
    await page.screenshot({ path: file, fullPage });
  }
}

/**
 * No serious or critical axe violation (WCAG 2.1 A and AA) on the page. App Bridge's elements render in Shopify
 * admin's own frame; here they are the test's empty stand-ins, so they are left out.
 */
export async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .exclude("ui-nav-menu")
    .exclude("ui-title-bar")
    .exclude("ui-save-bar")
    .analyze();
  const serious = violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
  expect(serious).toEqual([]);
}
