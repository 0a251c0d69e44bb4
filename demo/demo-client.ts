import crypto from "node:crypto";
import { decode } from "turbo-stream";
import { DEMO_SHOP } from "../app/lib/demo-shop";

/**
 * The demo's side of the wire: everything it does to the server goes through the app's real HTTP routes,
 * signed and authenticated as Shopify and the cron would (webhooks with the app secret's HMAC, the tick and
 * the demo clock with the bearer secret). Nothing here touches the database.
 */

export interface DemoServerAddress {
  baseUrl: string;
  apiSecret: string;
  cronSecret: string;
}

export interface TickReport {
  tasks: Record<string, Record<string, number>>;
  errors: Record<string, string>;
}

async function expectOk(response: Response, what: string): Promise<Response> {
  if (response.ok) return response;
  const body = await response.text().catch(() => "");
  throw new Error(`${what} answered ${response.status}: ${body.slice(0, 300)}`);
}

export function createDemoClient({ baseUrl, apiSecret, cronSecret }: DemoServerAddress) {
  const bearer = { Authorization: `Bearer ${cronSecret}` };
  let deliveries = 0;
  return {
    /** A webhook delivery as Shopify sends it: raw JSON, its HMAC and the X-Shopify-* headers. */
    async webhook(topic: string, body: string, triggeredAt: Date) {
      deliveries++;
      const hmac = crypto.createHmac("sha256", apiSecret).update(body, "utf8").digest("base64");
      const response = await fetch(`${baseUrl}/webhooks/${topic}`, {
        method: "POST",
        body,
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Topic": topic,
          "X-Shopify-Shop-Domain": DEMO_SHOP,
          "X-Shopify-API-Version": "2026-10",
          "X-Shopify-Webhook-Id": crypto.randomUUID(),
          "X-Shopify-Event-Id": crypto.randomUUID(),
          "X-Shopify-Triggered-At": triggeredAt.toISOString(),
          "X-Shopify-Hmac-Sha256": hmac,
        },
      });
      await expectOk(response, `webhook ${topic}`);
    },
    get deliveries() {
      return deliveries;
    },
    async setClock(at: Date) {
      await expectOk(
        await fetch(`${baseUrl}/demo/clock`, {
          method: "POST",
          headers: { ...bearer, "Content-Type": "application/json" },
          body: JSON.stringify({ now: at.toISOString() }),
        }),
        "the demo clock",
      );
    },
    async installShop() {
      await expectOk(await fetch(`${baseUrl}/demo/setup`, { method: "POST", headers: bearer }), "demo setup");
    },
    async tick(): Promise<TickReport> {
      // A tick is safe to call again (every task claims its rows), so an answer that is not the tick's report
      // (the development server failing before the route ran, seen once on a loaded CI machine) is retried once.
      for (let attempt = 1; ; attempt++) {
        const response = await fetch(`${baseUrl}/jobs/tick`, { method: "POST", headers: bearer });
        // A tick whose task failed answers 500 with its report; the caller shows the errors.
        if (response.status !== 200 && response.status !== 500) await expectOk(response, "the tick");
        const body = await response.text();
        try {
          return JSON.parse(body) as TickReport;
        } catch {
          if (attempt >= 2)
            throw new Error(
              `the tick answered ${response.status} without its report: ${body.slice(0, 2_000)}`,
            );
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
      }
    },
    /** Follows a tracked link the way a mail client would, without leaving the machine: the redirect target. */
    async click(url: string): Promise<string | null> {
      const response = await fetch(url, { redirect: "manual" });
      await response.body?.cancel();
      return response.status === 302 ? response.headers.get("location") : null;
    },
    /** The one-click unsubscribe a mail client sends for List-Unsubscribe-Post. */
    async unsubscribe(url: string) {
      await expectOk(
        await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: "List-Unsubscribe=One-Click",
        }),
        "unsubscribe",
      );
    },
    /** What the admin's home route loader answers (Remix single fetch), decoded. */
    async loaderData<T>(path: string, routeId: string, query: Record<string, string>): Promise<T> {
      const url = new URL(`${baseUrl}${path}.data`);
      for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
      url.searchParams.set("_routes", routeId);
      const response = await expectOk(await fetch(url), `loader ${routeId}`);
      if (!response.body) throw new Error(`loader ${routeId} answered without a body`);
      const decoded = await decode(response.body);
      await decoded.done;
      const routes = decoded.value as Record<string, { data?: T; error?: unknown }>;
      const result = routes[routeId];
      if (!result || !("data" in result)) throw new Error(`loader ${routeId} answered no data`);
      return result.data as T;
    },
  };
}

export type DemoClient = ReturnType<typeof createDemoClient>;
