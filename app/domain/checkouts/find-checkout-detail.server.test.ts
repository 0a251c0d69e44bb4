import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { followTrackedLink, recordDeliveryEvent } from "~/domain/sequences";
import { getShopSettings, saveShopSettings } from "~/domain/shops";
import { signToken } from "~/lib/signed-token.server";
import { action as orderAction } from "~/routes/webhooks.orders.create";
import { checkoutLine, seedCheckouts } from "../../../test/helpers/checkouts";
import { editFixture } from "../../../test/helpers/fixtures";
import { abandonCheckout, HOUR, plus, tickRecovery } from "../../../test/helpers/recovery";
import { callAction } from "../../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { signedWebhookRequest } from "../../../test/helpers/webhooks";
import { createRecordingMailer } from "../../../test/mocks/recording-mailer";
import { formatShopTime } from "./checkout-format";
import { findCheckoutDetail } from "./find-checkout-detail.server";

// The order webhook stops the sequence at the real time of its delivery, so the story is set in the recent
// past: everything the engine did comes before that stop, as it would in production.
const T0 = new Date(Math.floor((Date.now() - 5 * 24 * HOUR) / HOUR) * HOUR);

describe("findCheckoutDetail", () => {
  it("shows the cart, the shopper, the codes and the whole recovery in order, as the engine recorded it", async () => {
    await installTestShop(SHOP_A, { timezone: "UTC" });
    const settings = await getShopSettings(SHOP_A);
    // Quiet hours off: the story's times depend on today's date.
    await saveShopSettings(SHOP_A, {
      ...settings,
      audience: { ...settings.audience, quietHours: { ...settings.audience.quietHours, enabled: false } },
    });
    const mailer = createRecordingMailer();
    const checkoutId = await abandonCheckout(SHOP_A, {
      token: "t1",
      email: "Jane@Shopper.co",
      firstName: "Jane",
      updatedAt: T0,
      lines: [
        [1, "Linen shirt", "45.00", 2],
        [2, "Wool scarf", "30.00", 1],
      ],
    });
    await tickRecovery(SHOP_A, plus(T0, HOUR), mailer);
    const stepOne = await prisma.recoverySend.findFirstOrThrow({ where: { checkoutId, step: 1 } });
    await recordDeliveryEvent(
      {
        type: "email.delivered",
        created_at: plus(T0, HOUR + 60_000).toISOString(),
        data: { email_id: stepOne.providerMessageId as string },
      },
      { svixId: "msg_1", now: plus(T0, HOUR + 60_000) },
    );
    await tickRecovery(SHOP_A, plus(T0, 24 * HOUR), mailer);
    const stepTwo = await prisma.recoverySend.findFirstOrThrow({ where: { checkoutId, step: 2 } });
    expect(
      await followTrackedLink(signToken("click", stepTwo.id), { now: plus(T0, 25 * HOUR) }),
    ).not.toBeNull();
    const body = editFixture("orders-create.shopify-sample-2026-07.trimmed.json", {
      id: "820982911946154508",
      checkout_token: "t1",
      email: "jane@shopper.co",
      test: false,
      created_at: plus(T0, 26 * HOUR).toISOString(),
      customer: null,
    });
    expect(
      (await callAction(orderAction, signedWebhookRequest({ topic: "orders/create", shop: SHOP_A, body })))
        .status,
    ).toBe(200);

    const detail = await findCheckoutDetail(SHOP_A, checkoutId);

    expect(detail?.shopper).toEqual({
      email: "jane@shopper.co",
      firstName: "Jane",
      locale: null,
      acceptsMarketing: true,
      isErased: false,
    });
    expect(detail?.cart).toMatchObject({ subtotal: "$120.00", itemCount: 3 });
    expect(detail?.cart.lines).toEqual([
      {
        title: "Linen shirt",
        variantTitle: null,
        quantity: 2,
        unitPrice: "$45.00",
        linePrice: "$90.00",
        imageUrl: null,
      },
      {
        title: "Wool scarf",
        variantTitle: null,
        quantity: 1,
        unitPrice: "$30.00",
        linePrice: "$30.00",
        imageUrl: null,
      },
    ]);
    expect(detail?.status).toMatchObject({ state: "RECOVERED", label: "Recovered by email" });
    expect(detail?.sequence).toMatchObject({
      status: "STOPPED",
      reason: "The shopper placed an order",
      stepsSent: 2,
      stepCount: 3,
      nextStep: null,
    });
    expect(detail?.actions).toEqual({
      canStop: false,
      canSendNow: false,
      unavailableReason: "The sequence is stopped: The shopper placed an order.",
    });
    expect(detail?.timeline.map((entry) => entry.title)).toEqual([
      "Checkout started",
      "Enrolled in the recovery sequence",
      "Step 1 sent",
      "Step 1 delivered",
      "Step 2 sent",
      "Step 2 link clicked",
      "Recovered by email",
      "Sequence stopped",
    ]);
    const recovered = detail?.timeline.find((entry) => entry.title === "Recovered by email");
    expect(recovered?.detail).toBe(
      "#9999, $404.95; matched because the order completed this checkout; a recovery email was sent before the order, within the attribution window",
    );
    expect(detail?.timeline.find((entry) => entry.title === "Step 2 sent")?.detail).toContain("1 click");
    const times = detail?.timeline.map((entry) => entry.at) ?? [];
    expect([...times].sort()).toEqual(times);
    // Made with step 2 and valid for the default 72 hours; the order did not use them.
    const validUntil = `Valid until ${formatShopTime(plus(T0, 96 * HOUR), "UTC")}`;
    expect(detail?.discountCodes.map((code) => [code.offer, code.note])).toEqual([
      ["10% off", validUntil],
      ["Free shipping", validUntil],
    ]);
    expect(detail?.discountCodes[0]?.code).toMatch(/^CB-[A-Z0-9]{8}$/);
  });

  it("offers both actions while the sequence is active, with when the next step is due", async () => {
    await installTestShop(SHOP_A, { timezone: "Europe/Paris" });
    const [checkout] = await seedCheckouts(SHOP_A, [
      {
        email: "ana@shopper.co",
        firstName: "Ana",
        locale: "fr-FR",
        lines: [checkoutLine({ imageUrl: "https://cdn.shopify.com/a.jpg" })],
        updatedAt: new Date("2026-11-20T12:00:00Z"),
        enrollment: { status: "ACTIVE", stepsSent: 1, nextStep: 2, dueAt: new Date("2026-11-21T12:00:00Z") },
      },
    ]);

    const detail = await findCheckoutDetail(SHOP_A, checkout?.id as string);

    expect(detail?.actions).toEqual({ canStop: true, canSendNow: true, unavailableReason: null });
    expect(detail?.sequence).toMatchObject({
      status: "ACTIVE",
      nextStep: 2,
      dueLabel: "Nov 21, 2026, 1:00 PM GMT+1",
    });
    expect(detail?.shopper.locale).toBe("fr-FR");
    expect(detail?.cart.lines[0]).toMatchObject({
      title: "Linen shirt",
      variantTitle: "Blue / M",
      imageUrl: "https://cdn.shopify.com/a.jpg",
    });
  });

  it("counts the steps of the enrolment's own sequence version, not the settings' current steps", async () => {
    await installTestShop(SHOP_A);
    const [checkout] = await seedCheckouts(SHOP_A, [
      {
        email: "ana@shopper.co",
        updatedAt: new Date("2026-11-20T12:00:00Z"),
        enrollment: { status: "ACTIVE", stepsSent: 1, nextStep: 2, dueAt: new Date("2026-11-21T12:00:00Z") },
      },
    ]);
    const step = { delayMinutes: 60, offer: false, subject: "Hi", subjectB: null };
    const version = await prisma.sequenceVersion.create({
      data: {
        shop: SHOP_A,
        segmentId: "default",
        number: 1,
        data: JSON.stringify({
          steps: [step, { ...step, delayMinutes: 120 }],
          tiers: [],
          codeLifetimeHours: 24,
          holdoutPercent: 0,
        }),
        createdAt: new Date("2026-11-20T12:00:00Z"),
      },
    });
    await prisma.enrollment.updateMany({ where: { shop: SHOP_A }, data: { sequenceVersionId: version.id } });

    const detail = await findCheckoutDetail(SHOP_A, checkout?.id as string);

    // The settings have three steps; this enrolment runs a two-step version.
    expect((await getShopSettings(SHOP_A)).steps).toHaveLength(3);
    expect(detail?.sequence).toMatchObject({ stepsSent: 1, stepCount: 2 });
  });

  it("finds nothing for another shop's checkout, an unknown id or a malformed one", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const [theirs] = await seedCheckouts(SHOP_B, [{ updatedAt: T0, firstName: "Bea" }]);

    expect(await findCheckoutDetail(SHOP_A, theirs?.id as string)).toBeNull();
    expect(await findCheckoutDetail(SHOP_A, "cknotacheckout")).toBeNull();
    expect(await findCheckoutDetail(SHOP_A, "../../etc/passwd")).toBeNull();
    expect(await findCheckoutDetail(SHOP_B, theirs?.id as string)).toMatchObject({ id: theirs?.id });
  });
});
