import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { runAt } from "~/lib/clock.server";
import { signToken } from "~/lib/signed-token.server";
import { abandonCheckout, at, HOUR, plus, tickRecovery } from "../../test/helpers/recovery";
import { callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A } from "../../test/helpers/shops";
import { TEST_APP_URL } from "../../test/helpers/webhooks";
import { createRecordingMailer } from "../../test/mocks/recording-mailer";
import { mayRecordClick, PUBLIC_LINK_LIMITS } from "~/lib/public-rate-limits.server";
import { loader } from "./r.$token";

const T0 = at("2026-11-20T12:00:00Z");
/** The shopper clicks at `now` (two hours after T0 unless said): the route reads the time of the request. */
const follow = (link: string, now = plus(T0, 2 * HOUR)) => {
  const token = link.split("/r/")[1] as string;
  return runAt(now, () => callLoader(loader, new Request(link), { token }));
};

describe("GET /r/<token> (tracked recovery link)", () => {
  it("redirects to the checkout's stored recovery URL with campaign tags, and counts the click", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    const link = mailer.delivered[0]?.message.links.recovery as string;
    expect(link.startsWith(`${TEST_APP_URL}/r/`)).toBe(true);

    const response = await follow(link);
    await follow(link);

    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") as string);
    expect(`${location.origin}${location.pathname}`).toBe(`https://${SHOP_A}/1/checkouts/ac/t1/recover`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      key: "secret-t1",
      utm_source: "cartback",
      utm_medium: "email",
      utm_campaign: "abandoned-checkout",
      utm_content: "step-1",
    });
    const send = await prisma.recoverySend.findFirstOrThrow();
    expect(send.clickCount).toBe(2);
    expect(send.firstClickedAt).toBeInstanceOf(Date);
    expect(await prisma.recoveryEvent.count({ where: { type: "CLICKED" } })).toBe(1);
  });

  it("applies a step's still-valid discount codes to the link, the percentage code first", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    const mailer = createRecordingMailer();
    // $120: the default tier of 10% off and free shipping, two codes.
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0, lines: [[1, "Linen shirt", "120.00", 1]] });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer);
    const offer = mailer.delivered[1]?.message.offer;
    expect(offer).toMatchObject({ percentOff: 10, freeShipping: true });
    const [percentage, shipping] = offer?.codes ?? [];
    expect(shipping).toBe(`${percentage}-SHIP`);

    const response = await follow(mailer.delivered[1]?.message.links.recovery as string, plus(T0, 25 * HOUR));

    const location = new URL(response.headers.get("location") as string);
    // When a checkout applies only the first code of the parameter, it is the one worth more.
    expect(location.searchParams.get("discount")).toBe(`${percentage},${shipping}`);
  });

  it("leaves codes out once they have expired at the time of the click", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer);
    const step2 = mailer.delivered[1]?.message;
    const expiresAt = step2?.offer?.expiresAt as Date;

    const justBefore = await follow(step2?.links.recovery as string, new Date(expiresAt.getTime() - 60_000));
    const after = await follow(step2?.links.recovery as string, new Date(expiresAt.getTime() + 60_000));

    const codes = step2?.offer?.codes ?? [];
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(justBefore.headers.get("location")).toContain(code);
    expect(new URL(after.headers.get("location") as string).searchParams.has("discount")).toBe(false);
  });

  it("answers 404 to a forged or altered token, and counts nothing", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    const send = await prisma.recoverySend.findFirstOrThrow();
    const forged = `${Buffer.from(send.id).toString("base64url")}.AAAAAAAAAAAAAAAAAAAAAAAA`;

    for (const token of [
      forged,
      "nonsense",
      signToken("unsubscribe", send.id),
      signToken("click", "no-such-send"),
    ]) {
      expect((await callLoader(loader, new Request(`${TEST_APP_URL}/r/${token}`), { token })).status).toBe(
        404,
      );
    }
    expect((await prisma.recoverySend.findFirstOrThrow()).clickCount).toBe(0);
  });

  it("does not redirect once the checkout's link is gone (redacted or past retention)", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    await prisma.checkout.updateMany({ data: { recoveryUrl: null } });
    expect((await follow(mailer.delivered[0]?.message.links.recovery as string)).status).toBe(404);
  });

  it("limits clicks per address (429), and past the shop's limit redirects without recording", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    const mailer = createRecordingMailer();
    await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    const link = mailer.delivered[0]?.message.links.recovery as string;
    const token = link.split("/r/")[1] as string;
    // Every click at one instant: the per-minute windows hold however slow the machine is.
    const clickAt = plus(T0, 2 * HOUR);
    const from = (ip: string) =>
      runAt(clickAt, () => callLoader(loader, new Request(link), { token }, { clientIp: ip }));

    for (let click = 0; click < PUBLIC_LINK_LIMITS.clicksPerIp; click++)
      expect((await from("203.0.113.9")).status).toBe(302);
    const refused = await from("203.0.113.9");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect((await prisma.recoverySend.findFirstOrThrow()).clickCount).toBe(PUBLIC_LINK_LIMITS.clicksPerIp);

    // Many addresses, one shop: the shopper still lands on the cart, the database stops counting. The shop's
    // other clicks of this minute (its other emails' links) are counted straight into its window.
    const others = PUBLIC_LINK_LIMITS.recordedClicksPerShop - PUBLIC_LINK_LIMITS.clicksPerIp - 1;
    for (let click = 0; click < others; click++) await mayRecordClick(SHOP_A, clickAt);
    expect((await from("198.51.100.1")).status).toBe(302);
    const recorded = PUBLIC_LINK_LIMITS.clicksPerIp + 1;
    expect((await prisma.recoverySend.findFirstOrThrow()).clickCount).toBe(recorded);
    const unrecorded = await from("192.0.2.55");
    expect(unrecorded.status).toBe(302);
    expect((await prisma.recoverySend.findFirstOrThrow()).clickCount).toBe(recorded);
  });
});
