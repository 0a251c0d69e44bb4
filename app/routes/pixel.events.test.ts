import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { PIXEL_LIMITS, pixelAccountKey } from "~/domain/pixel";
import { decryptField } from "~/lib/encryption.server";
import { abandonCheckout, at, enrollmentOf, tickRecovery } from "../../test/helpers/recovery";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { TEST_APP_URL } from "../../test/helpers/webhooks";
import { createRecordingMailer } from "../../test/mocks/recording-mailer";
import { action, loader } from "./pixel.events";
import { runAt } from "~/lib/clock.server";

const URL = `${TEST_APP_URL}/pixel/events`;
const ORIGIN = "https://maple-and-pine.com";

function event(overrides: Record<string, unknown> = {}) {
  return {
    v: 1,
    name: "checkout_contact_info_submitted",
    id: "sh-evt-1",
    at: "2026-11-10T12:00:00.000Z",
    shop: SHOP_A,
    accountKey: pixelAccountKey(SHOP_A),
    checkoutToken: "tok-1",
    email: "Late.Typist@Example.org",
    acceptsMarketing: true,
    amount: "80.00",
    currency: "USD",
    ...overrides,
  };
}

async function post(
  body: unknown,
  { contentType = "text/plain", ip = "203.0.113.7", headers = {} as Record<string, string> } = {},
) {
  const request = new Request(URL, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "Content-Type": contentType, Origin: ORIGIN, ...headers },
  });
  return action({ request, params: {}, context: { clientIp: ip } });
}

const outcomeOf = async (response: Response) =>
  (await response.json()) as { outcome?: string; message?: string };

describe("POST /pixel/events", () => {
  it("fills the email of a checkout the webhooks delivered without one, and only that", async () => {
    await installTestShop(SHOP_A);
    await abandonCheckout(SHOP_A, { token: "tok-1", email: null, updatedAt: at("2026-11-10T11:00:00Z") });
    const response = await post(event());
    expect(response.status).toBe(202);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(await outcomeOf(response)).toEqual({ outcome: "EMAIL_FILLED" });
    const checkout = await prisma.checkout.findFirstOrThrow({ where: { shop: SHOP_A, token: "tok-1" } });
    expect(decryptField(SHOP_A, checkout.email)).toBe("late.typist@example.org");
    expect(checkout.emailFromPixelAt).not.toBeNull();
    // A second event, another address: the pixel never replaces an email.
    expect(await outcomeOf(await post(event({ email: "someone.else@example.org" })))).toEqual({
      outcome: "NOTHING_TO_FILL",
    });
    expect(
      decryptField(SHOP_A, (await prisma.checkout.findFirstOrThrow({ where: { token: "tok-1" } })).email),
    ).toBe("late.typist@example.org");
  });

  it("never changes an email Shopify's webhooks wrote, and lets a later webhook replace its own", async () => {
    await installTestShop(SHOP_A);
    await abandonCheckout(SHOP_A, {
      token: "tok-1",
      email: "from.webhook@example.org",
      updatedAt: at("2026-11-10T11:00:00Z"),
    });
    expect(await outcomeOf(await post(event()))).toEqual({ outcome: "NOTHING_TO_FILL" });
    const emailOf = async () =>
      decryptField(SHOP_A, (await prisma.checkout.findFirstOrThrow({ where: { token: "tok-1" } })).email);
    expect(await emailOf()).toBe("from.webhook@example.org");

    await abandonCheckout(SHOP_A, { token: "tok-2", email: null, updatedAt: at("2026-11-10T11:00:00Z") });
    await post(event({ checkoutToken: "tok-2" }));
    // A webhook still without an email keeps the pixel's; one with an email replaces it.
    await abandonCheckout(SHOP_A, { token: "tok-2", email: null, updatedAt: at("2026-11-10T11:05:00Z") });
    const kept = await prisma.checkout.findFirstOrThrow({ where: { token: "tok-2" } });
    expect(decryptField(SHOP_A, kept.email)).toBe("late.typist@example.org");
    await abandonCheckout(SHOP_A, {
      token: "tok-2",
      email: "typed.in.checkout@example.org",
      updatedAt: at("2026-11-10T11:10:00Z"),
    });
    const replaced = await prisma.checkout.findFirstOrThrow({ where: { token: "tok-2" } });
    expect(decryptField(SHOP_A, replaced.email)).toBe("typed.in.checkout@example.org");
    expect(replaced.emailFromPixelAt).toBeNull();
  });

  it("stops a checkout's emails when the pixel sees it completed, before the order webhook", async () => {
    await installTestShop(SHOP_A);
    await abandonCheckout(SHOP_A, { token: "tok-1", updatedAt: at("2026-11-10T14:00:00Z") });
    const mailer = createRecordingMailer();
    await tickRecovery(SHOP_A, at("2026-11-10T15:30:00Z"), mailer);
    expect(mailer.delivered).toHaveLength(1);
    expect((await enrollmentOf(SHOP_A, "tok-1")).status).toBe("ACTIVE");

    expect(await outcomeOf(await post(event({ name: "checkout_completed", email: undefined })))).toEqual({
      outcome: "COMPLETION_NOTED",
    });
    expect(await enrollmentOf(SHOP_A, "tok-1")).toMatchObject({ status: "STOPPED", reason: "COMPLETED" });
    await tickRecovery(SHOP_A, at("2026-11-12T16:00:00Z"), mailer);
    expect(mailer.delivered).toHaveLength(1);
  });

  it("keeps a checkout the pixel saw completed out of any sequence", async () => {
    await installTestShop(SHOP_A);
    await abandonCheckout(SHOP_A, { token: "tok-1", updatedAt: at("2026-11-10T14:00:00Z") });
    await post(event({ name: "checkout_completed", email: undefined }));
    const mailer = createRecordingMailer();
    await tickRecovery(SHOP_A, at("2026-11-10T16:00:00Z"), mailer);
    expect(mailer.delivered).toEqual([]);
    expect(await prisma.enrollment.count()).toBe(0);
  });

  it("stores nothing from a visitor who gave no email, nor for checkouts Shopify has not told us about", async () => {
    await installTestShop(SHOP_A);
    const before = await prisma.checkout.count();
    expect(
      await outcomeOf(
        await post(event({ name: "product_added_to_cart", checkoutToken: undefined, email: undefined })),
      ),
    ).toEqual({
      outcome: "IGNORED_NO_EMAIL",
    });
    expect(await outcomeOf(await post(event({ name: "checkout_started", email: undefined })))).toEqual({
      outcome: "IGNORED_NO_EMAIL",
    });
    expect(await outcomeOf(await post(event({ checkoutToken: "never-seen" })))).toEqual({
      outcome: "UNKNOWN_CHECKOUT",
    });
    expect(await outcomeOf(await post(event({ email: "not an address" })))).toEqual({
      outcome: "INVALID_EMAIL",
    });
    expect(await prisma.checkout.count()).toBe(before);
  });

  it.each([
    [
      "an uninstalled shop",
      { shop: "nobody.myshopify.com", accountKey: pixelAccountKey("nobody.myshopify.com") },
      404,
    ],
    ["another shop's key", { accountKey: pixelAccountKey(SHOP_B) }, 401],
    ["a made-up key", { accountKey: "x".repeat(32) }, 401],
    ["an unknown event", { name: "page_viewed" }, 400],
    ["an extra field", { note: "hi" }, 400],
    ["a wrong type", { checkoutToken: 12 }, 400],
    ["a huge string", { email: "a".repeat(10_000) }, 413],
    ["a shop that is not a myshopify domain", { shop: "evil.example.com" }, 400],
    ["a token with markup", { checkoutToken: "<script>" }, 400],
    ["a bad date", { at: "yesterday" }, 400],
    ["a number beyond 2^53", { quantity: 2 ** 60 }, 400],
  ])("refuses %s with a reason and writes nothing", async (_case, overrides, status) => {
    await installTestShop(SHOP_A);
    await abandonCheckout(SHOP_A, { token: "tok-1", email: null, updatedAt: at("2026-11-10T11:00:00Z") });
    const response = await post(event(overrides));
    expect(response.status).toBe(status);
    expect((await outcomeOf(response)).message).toBeTruthy();
    expect((await prisma.checkout.findFirstOrThrow({ where: { token: "tok-1" } })).emailHash).toBeNull();
  });

  it("refuses bodies that are not JSON or not sent as JSON/text, and other methods", async () => {
    await installTestShop(SHOP_A);
    expect((await post("{not json")).status).toBe(400);
    expect((await post(event(), { contentType: "application/x-www-form-urlencoded" })).status).toBe(415);
    expect((await post(event(), { contentType: "multipart/form-data" })).status).toBe(415);
    const big = JSON.stringify(event()).padEnd(20_000, " ");
    expect((await post(big)).status).toBe(413);
    expect((await loader()).status).toBe(405);
    const put = await action({
      request: new Request(URL, { method: "PUT", body: "{}" }),
      params: {},
      context: {},
    });
    expect(put.status).toBe(405);
  });

  it("answers the CORS preflight for storefront and checkout origins, without credentials", async () => {
    for (const origin of [ORIGIN, "https://checkout.maple-and-pine.com", "null"]) {
      const preflight = await action({
        request: new Request(URL, {
          method: "OPTIONS",
          headers: {
            Origin: origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
          },
        }),
        params: {},
        context: {},
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
      expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
      expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
      expect(preflight.headers.get("access-control-allow-credentials")).toBeNull();
    }
    const plain = await action({
      request: new Request(URL, { method: "OPTIONS", headers: { Origin: "http://insecure.example" } }),
      params: {},
      context: {},
    });
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("limits each address, and each shop, per minute", async () => {
    await installTestShop(SHOP_A);
    // Every event at one instant: the per-minute windows hold however slow the machine is.
    const postAtOnce = (ip: string) =>
      runAt(new Date("2026-11-10T12:00:30Z"), () => post(event({ name: "product_added_to_cart" }), { ip }));
    const statuses: number[] = [];
    for (let index = 0; index <= PIXEL_LIMITS.perIpPerMinute; index++)
      statuses.push((await postAtOnce("198.51.100.1")).status);
    expect(statuses.slice(0, -1).every((status) => status === 202)).toBe(true);
    const refused = await postAtOnce("198.51.100.1");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    // Another address is not held back by the first one's flood.
    expect((await postAtOnce("198.51.100.2")).status).toBe(202);
  });
});
