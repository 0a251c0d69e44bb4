import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { getShopSettings, saveShopSettings } from "~/domain/shops";
import { adminRequest } from "../../test/helpers/admin";
import { abandonCheckout, at } from "../../test/helpers/recovery";
import { callAction, callLoader } from "../../test/helpers/routes";
import { installTestShop, SHOP_A, SHOP_B } from "../../test/helpers/shops";
import { geminiCalls } from "../../test/mocks/gemini";
import { adminCalls } from "../../test/mocks/shopify-admin";
import { action, loader } from "./app.preview";

const T0 = at("2026-11-20T12:00:00Z");
const load = async (query: string, shop = SHOP_A) =>
  callLoader(loader, await adminRequest(`/app/preview${query}`, { shop }));

describe("/app/preview", () => {
  it("renders the real template for a sample cart when no checkout is chosen", async () => {
    await installTestShop(SHOP_A, { name: "Maple & Pine" });
    const response = await load("");
    expect(response.status).toBe(200);
    const { email, stepCount } = await response.json();
    expect(stepCount).toBe(3);
    expect(email.subject).toBe("You left something in your cart");
    expect(email.html).toContain("Sample product");
    expect(email.html).toContain("#unsubscribe-preview");
    expect(email.html).not.toContain("/unsubscribe/");
  });

  it("renders a chosen checkout's cart and step, with placeholder codes and no Shopify discount", async () => {
    await installTestShop(SHOP_A);
    const id = await abandonCheckout(SHOP_A, {
      token: "t1",
      updatedAt: T0,
      lines: [[1, "Linen shirt", "150.00", 1]],
    });

    const { email, checkouts } = await (await load(`?checkout=${id}&step=2`)).json();

    expect(checkouts.map((item: { id: string }) => item.id)).toEqual([id]);
    expect(email.html).toContain("Linen shirt");
    expect(email.html).toContain("CB-PREVIEW");
    expect(email.text).toContain("10% off your order + free shipping");
    expect(adminCalls.filter((call) => call.operationName.includes("Discount"))).toEqual([]);
    expect(await prisma.recoverySend.count()).toBe(0);
  });

  it("asks Gemini only when AI copy is chosen", async () => {
    await installTestShop(SHOP_A);
    await load("?ai=off");
    expect(geminiCalls).toHaveLength(0);
    await load("?ai=on");
    // Without GEMINI_API_KEY in tests there is no client, so even "on" falls back to the template.
    expect(geminiCalls).toHaveLength(0);
  });

  it("answers 404 for another shop's checkout and falls back for bad parameters", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const other = await abandonCheckout(SHOP_B, { token: "b1", updatedAt: T0 });
    expect((await load(`?checkout=${other}`)).status).toBe(404);
    expect((await load("?step=99&ai=maybe")).status).toBe(200);
  });

  it("shows a segment's own emails, a checkout's pinned version, and 404 for a segment that is not the shop's", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const strategy = (subject: string, steps: number) => ({
      steps: Array.from({ length: steps }, (_, index) => ({
        delayMinutes: 60 * (index + 1),
        offer: false,
        subject: `${subject} ${index + 1}`,
        subjectB: null,
      })),
      tiers: [],
      codeLifetimeHours: 24,
      holdoutPercent: 0,
    });
    const segment = await prisma.segment.create({
      data: {
        shop: SHOP_A,
        position: 0,
        name: "VIPs",
        rule: JSON.stringify({ match: "ALL", conditions: [{ kind: "CLICKED_BEFORE", negate: false }] }),
        strategy: JSON.stringify(strategy("VIP note", 2)),
      },
    });
    const page = await (await load(`?segment=${segment.id}&step=2`)).json();
    expect(page).toMatchObject({ stepCount: 2, query: { segment: segment.id, step: 2 } });
    expect(page.email.subject).toBe("VIP note 2");
    expect(page.segments.map((item: { name: string }) => item.name)).toEqual(["VIPs", "Everyone else"]);

    // A checkout in a sequence shows the version it runs, whichever segment is picked.
    const id = await abandonCheckout(SHOP_A, { token: "t1", updatedAt: T0 });
    const version = await prisma.sequenceVersion.create({
      data: {
        shop: SHOP_A,
        segmentId: segment.id,
        number: 1,
        data: JSON.stringify(strategy("Pinned", 1)),
        createdAt: T0,
      },
    });
    await prisma.enrollment.create({
      data: {
        shop: SHOP_A,
        checkoutId: id,
        status: "ACTIVE",
        anchorAt: T0,
        enrolledAt: T0,
        nextStep: 1,
        segmentId: segment.id,
        sequenceVersionId: version.id,
      },
    });
    const pinned = await (await load(`?checkout=${id}&segment=default&step=3`)).json();
    expect(pinned).toMatchObject({ stepCount: 1, query: { step: 1 } });
    expect(pinned.email.subject).toBe("Pinned 1");

    const theirs = await prisma.segment.create({
      data: { shop: SHOP_B, position: 0, name: "Theirs", rule: "{}", strategy: "{}" },
    });
    expect((await load(`?segment=${theirs.id}`)).status).toBe(404);
  });

  it("sends a test to the shop's contact email, marked as a test, recording nothing", async () => {
    await installTestShop(SHOP_A);
    await prisma.shop.update({ where: { domain: SHOP_A }, data: { contactEmail: "owner@maple.example" } });
    const settings = await getShopSettings(SHOP_A);
    await saveShopSettings(SHOP_A, { ...settings, sender: { ...settings.sender, displayName: "Maple" } });
    const form = new FormData();
    form.set("step", "1");
    form.set("ai", "off");

    const response = await callAction(
      action,
      await adminRequest("/app/preview", { shop: SHOP_A, init: { method: "POST", body: form } }),
    );

    expect(await response.json()).toEqual({ ok: true, to: "owner@maple.example" });
    const outbox = process.env.OUTBOX_DIR as string;
    const sent = JSON.parse(
      fs.readFileSync(`${outbox}/${fs.readdirSync(outbox).find((file) => file.endsWith(".json"))}`, "utf8"),
    );
    expect(sent).toMatchObject({
      to: "owner@maple.example",
      subject: "[Test] You left something in your cart",
    });
    expect(await prisma.recoverySend.count()).toBe(0);
  });

  it("renders the design asked for, whatever the step's, in the page and in a test send", async () => {
    await installTestShop(SHOP_A, { name: "Maple & Pine" });
    await prisma.shop.update({ where: { domain: SHOP_A }, data: { contactEmail: "owner@maple.example" } });
    const id = await abandonCheckout(SHOP_A, {
      token: "t1",
      updatedAt: T0,
      lines: [[1, "Linen shirt", "150.00", 1]],
    });
    const emailOf = async (template: string) =>
      (await (await load(`?checkout=${id}&step=2&template=${template}`)).json()).email;

    const product = await emailOf("PRODUCT");
    expect(product.html).toMatch(/<h1[^>]*>Your cart<\/h1>/);
    // Offer-led: the offer's headline is the email's main heading, above the cart.
    const offer = await emailOf("OFFER");
    expect(offer.html).toMatch(/<h1[^>]*>10% off your order \+ free shipping<\/h1>/);
    expect(offer.html.indexOf("CB-PREVIEW")).toBeLessThan(offer.html.indexOf("Linen shirt"));
    expect(offer.text.indexOf("CB-PREVIEW")).toBeLessThan(offer.text.indexOf("Linen shirt"));
    const image = await emailOf("IMAGE");
    expect(image.html).toMatch(/<h1[^>]*>Your cart<\/h1>/);
    const note = await emailOf("NOTE");
    expect(note.html).toContain("— The team at Maple &amp; Pine");
    expect(note.text).toContain("— The team at Maple & Pine");
    expect(note.html).not.toContain("<h1");
    for (const email of [product, offer, image, note]) {
      expect(email.html).toContain("Linen shirt");
      expect(email.text).toContain("CB-PREVIEW-SHIP");
    }
    // Without the parameter, the step's own design (product-led by default).
    expect((await emailOf("")).html).toBe(product.html);

    const outbox = process.env.OUTBOX_DIR as string;
    const before = new Set(fs.existsSync(outbox) ? fs.readdirSync(outbox) : []);
    const form = new FormData();
    form.set("checkout", id);
    form.set("step", "2");
    form.set("template", "NOTE");
    const sent = await callAction(
      action,
      await adminRequest("/app/preview", { shop: SHOP_A, init: { method: "POST", body: form } }),
    );
    expect(await sent.json()).toEqual({ ok: true, to: "owner@maple.example" });
    // The outbox is shared by the run's tests: this send's email is the one file it did not have before.
    const written = fs.readdirSync(outbox).filter((file) => file.endsWith(".html") && !before.has(file));
    expect(written).toHaveLength(1);
    const html = fs.readFileSync(`${outbox}/${written[0]}`, "utf8");
    expect(html).toContain("— The team at Maple &amp; Pine");
  });

  it("answers 400 with the designs it knows for an unknown design, in the page and in a test send", async () => {
    await installTestShop(SHOP_A);
    for (const template of ["FANCY", "note", "<b>x</b>"]) {
      const response = await load(`?template=${encodeURIComponent(template)}`);
      expect(response.status, template).toBe(400);
      expect(await response.json()).toMatchObject({
        error: "BAD_REQUEST",
        message: "template must be one of PRODUCT, IMAGE, OFFER, NOTE",
      });
    }
    const form = new FormData();
    form.set("template", "FANCY");
    const sent = await callAction(
      action,
      await adminRequest("/app/preview", { shop: SHOP_A, init: { method: "POST", body: form } }),
    );
    expect(sent.status).toBe(400);
  });

  it("shows the variant asked for of a step that tests variants, and refuses one it does not have", async () => {
    await installTestShop(SHOP_A);
    const settings = await getShopSettings(SHOP_A);
    await saveShopSettings(SHOP_A, {
      ...settings,
      steps: settings.steps.map((step, index) =>
        index === 1
          ? {
              ...step,
              variants: [{ subject: "A note from us", template: "NOTE", tone: "DIRECT", offer: false }],
            }
          : step,
      ),
    });
    const page = async (query: string) => (await load(query)).json();

    const b = await page("?step=2&variant=B");
    expect(b).toMatchObject({ variantCount: 2, query: { variant: "B" } });
    expect(b.email.subject).toBe("A note from us");
    expect(b.email.text).not.toContain("CB-PREVIEW");
    const a = await page("?step=2&variant=A");
    expect(a.email.subject).toBe("Your cart is waiting, with a little something extra");
    expect(a.email.text).toContain("CB-PREVIEW");
    // Step 1 has no variants: C is not offered there and the page shows the step as it is.
    const first = await page("?step=1&variant=C");
    expect(first.variantCount).toBe(1);
    expect(first.query.variant).toBeUndefined();

    expect((await load("?step=2&variant=D")).status).toBe(400);
    const form = new FormData();
    form.set("step", "2");
    form.set("variant", "C");
    const sent = await callAction(
      action,
      await adminRequest("/app/preview", { shop: SHOP_A, init: { method: "POST", body: form } }),
    );
    expect(sent.status).toBe(400);
    expect(await sent.json()).toMatchObject({ message: "step 2 has no variant C" });
  });

  it("labels each checkout with its total in its own currency's units (¥5,000 is not ¥50)", async () => {
    await installTestShop(SHOP_A, { currency: "JPY" });
    const yen = await abandonCheckout(SHOP_A, { token: "t-jpy", updatedAt: T0 });
    const dinar = await abandonCheckout(SHOP_A, { token: "t-kwd", updatedAt: T0 });
    await prisma.checkout.update({ where: { id: yen }, data: { currency: "JPY", totalMinor: 5000 } });
    await prisma.checkout.update({ where: { id: dinar }, data: { currency: "KWD", totalMinor: 12345 } });

    const { checkouts } = await (await load("")).json();

    const labelOf = (id: string) => checkouts.find((item: { id: string }) => item.id === id)?.label;
    expect(labelOf(yen)).toContain("¥5,000");
    expect(labelOf(dinar)).toMatch(/KWD\s12\.345/);
  });
});
