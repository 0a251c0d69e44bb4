import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { syncUnsubscribesToShopify } from "~/domain/consent";
import { unsubscribeToken } from "~/domain/messages";
import { hashEmail } from "~/lib/encryption.server";
import { signToken } from "~/lib/signed-token.server";
import { adminGraphqlFor } from "~/shopify.server";
import { abandonCheckout, at, HOUR, plus, tickRecovery } from "../../test/helpers/recovery";
import { callAction, callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { TEST_APP_URL } from "../../test/helpers/webhooks";
import { createRecordingMailer } from "../../test/mocks/recording-mailer";
import { adminCalls, mockAdminOperation } from "../../test/mocks/shopify-admin";
import { PUBLIC_LINK_LIMITS, limitUnsubscribesFor } from "~/lib/public-rate-limits.server";
import { action, loader } from "./unsubscribe.$token";
import { NO_DEADLINE } from "../../test/helpers/deadlines";
import { runAt } from "~/lib/clock.server";

const T0 = at("2026-11-20T12:00:00Z");
const EMAIL = "jane@shopper.co";

const oneClick = (token: string, clientIp?: string) =>
  callAction(
    action,
    new Request(`${TEST_APP_URL}/unsubscribe/${token}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    }),
    { token },
    clientIp ? { clientIp } : {},
  );
const page = (token: string) =>
  callLoader(loader, new Request(`${TEST_APP_URL}/unsubscribe/${token}`), { token });

/** A shopper with a customer account, enrolled and sent step 1. */
async function shopperInSequence() {
  await installTestShop(SHOP_A, { timezone: "UTC", name: "Maple & Pine" });
  const mailer = createRecordingMailer();
  await abandonCheckout(SHOP_A, { token: "t1", email: EMAIL, updatedAt: T0, customerId: "9007199254740993" });
  await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
  expect(mailer.delivered).toHaveLength(1);
  return { mailer, token: unsubscribeToken(SHOP_A, hashEmail(SHOP_A, EMAIL)) };
}

describe("/unsubscribe/<token>", () => {
  it("shows a confirmation in the shop's name for a valid link", async () => {
    const { token } = await shopperInSequence();
    const response = await page(token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      shopName: "Maple & Pine",
      alreadyUnsubscribed: false,
      accentColor: "#008060",
    });
  });

  it("one-click POST suppresses the address at once, stops pending steps and queues the write-back", async () => {
    const { mailer, token } = await shopperInSequence();

    const response = await oneClick(token);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("Unsubscribed");
    const emailHash = hashEmail(SHOP_A, EMAIL);
    expect(
      await prisma.suppression.findUniqueOrThrow({ where: { shop_emailHash: { shop: SHOP_A, emailHash } } }),
    ).toMatchObject({
      reason: "UNSUBSCRIBED",
      customerId: "9007199254740993",
      shopifySync: "PENDING",
    });
    expect(
      await prisma.marketingConsent.findUniqueOrThrow({
        where: { shop_emailHash: { shop: SHOP_A, emailHash } },
      }),
    ).toMatchObject({ state: "UNSUBSCRIBED" });
    expect(await prisma.enrollment.findFirstOrThrow()).toMatchObject({
      status: "STOPPED",
      reason: "UNSUBSCRIBED",
    });

    await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer);
    expect(mailer.delivered).toHaveLength(1);
    // A second click is harmless.
    expect((await oneClick(token)).status).toBe(200);
    expect((await (await page(token)).json()).alreadyUnsubscribed).toBe(true);
  });

  it("writes the unsubscribe back to Shopify's customer consent, retrying while the Admin API is unavailable", async () => {
    const { token } = await shopperInSequence();
    await oneClick(token);
    let calls = 0;
    mockAdminOperation("UpdateCustomerMarketingConsent", ({ variables }) => {
      calls++;
      if (calls === 1) return new HttpResponse("unavailable", { status: 503 });
      expect(variables).toMatchObject({
        input: {
          customerId: "gid://shopify/Customer/9007199254740993",
          emailMarketingConsent: { marketingState: "UNSUBSCRIBED" },
        },
      });
      return {
        data: {
          customerEmailMarketingConsentUpdate: {
            customer: { id: "gid://shopify/Customer/9007199254740993" },
            userErrors: [],
          },
        },
      };
    });
    const now = new Date();
    const run = (time: Date) =>
      syncUnsubscribesToShopify({
        now: time,
        adminFor: adminGraphqlFor,
        deadline: NO_DEADLINE,
        retry: { maxAttempts: 1 },
      });

    expect(await run(now)).toEqual({ RETRYING: 1 });
    expect(await run(plus(now, 30_000))).toEqual({});
    expect(await run(plus(now, 61_000))).toEqual({ SYNCED: 1 });
    expect((await prisma.suppression.findFirstOrThrow()).shopifySync).toBe("DONE");
    expect(adminCalls.filter((call) => call.operationName === "UpdateCustomerMarketingConsent")).toHaveLength(
      2,
    );
  });

  it("rejects forged, altered and other-purpose tokens, and a token for another shop changes nothing here", async () => {
    await shopperInSequence();
    await installTestShop(SHOP_B);
    const valid = unsubscribeToken(SHOP_A, hashEmail(SHOP_A, EMAIL));
    const [payload, signature] = valid.split(".") as [string, string];
    const alteredPayload = Buffer.from(`${SHOP_B}\n${hashEmail(SHOP_A, EMAIL)}`).toString("base64url");
    for (const token of [
      `${alteredPayload}.${signature}`,
      `${payload}.${signature.slice(0, -2)}xx`,
      signToken("click", `${SHOP_A}\n${hashEmail(SHOP_A, EMAIL)}`),
      "garbage",
    ]) {
      expect((await page(token)).status).toBe(404);
      expect((await oneClick(token)).status).toBe(404);
    }
    // Shop B's own link for the same address unsubscribes from shop B only.
    expect((await oneClick(unsubscribeToken(SHOP_B, hashEmail(SHOP_B, EMAIL)))).status).toBe(200);
    expect(await prisma.suppression.count({ where: { shop: SHOP_A } })).toBe(0);
    expect(await prisma.enrollment.findFirstOrThrow({ where: { shop: SHOP_A } })).toMatchObject({
      status: "ACTIVE",
    });
  });

  it("confirms on the page's own POST with JSON for the confirmation view", async () => {
    const { token } = await shopperInSequence();
    const response = await callAction(
      action,
      new Request(`${TEST_APP_URL}/unsubscribe/${token}`, { method: "POST", body: new FormData() }),
      { token },
    );
    expect(await response.json()).toEqual({ outcome: "UNSUBSCRIBED" });
  });

  it("limits one-click requests per address and per shop, with a retry time", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    const tokenFor = (index: number) =>
      unsubscribeToken(SHOP_A, hashEmail(SHOP_A, `shopper${index}@shopper.co`));
    // Every request at one instant: the per-minute windows hold however slow the machine is.
    const from = (ip: string, token: string) => runAt(T0, () => oneClick(token, ip));
    for (let index = 0; index < PUBLIC_LINK_LIMITS.unsubscribesPerIp; index++)
      expect((await from("203.0.113.5", tokenFor(index))).status).toBe(200);
    const refused = await from("203.0.113.5", tokenFor(999));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(await prisma.suppression.count()).toBe(PUBLIC_LINK_LIMITS.unsubscribesPerIp);

    // The shop's other unsubscribes of this minute, from other addresses, counted straight into its window.
    const others = PUBLIC_LINK_LIMITS.unsubscribesPerShop - PUBLIC_LINK_LIMITS.unsubscribesPerIp - 1;
    for (let index = 0; index < others; index++) await limitUnsubscribesFor(SHOP_A, T0);
    expect((await from("198.51.100.1", tokenFor(1_000))).status).toBe(200);
    const refusedForShop = await from("192.0.2.77", tokenFor(5_000));
    expect(refusedForShop.status).toBe(429);
    expect(refusedForShop.headers.get("retry-after")).toBe("60");
    expect(await prisma.suppression.count()).toBe(PUBLIC_LINK_LIMITS.unsubscribesPerIp + 1);
  });
});
