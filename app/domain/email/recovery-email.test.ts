import { describe, expect, it } from "vitest";
import { EMAIL_TEMPLATES, type EmailTemplate } from "~/domain/messages";
import type { RecoveryEmailModel } from "./recovery-email-model";
import { renderRecoveryEmail } from "./render-recovery-email.server";
import { accentText, accentWash, contrastRatio, LIGHT, onAccent } from "./templates/theme";

const CART_URL = "https://cartback.example/r/token";
const UNSUBSCRIBE_URL = "https://cartback.example/unsubscribe/token";

function model(template: EmailTemplate, changes: Partial<RecoveryEmailModel> = {}): RecoveryEmailModel {
  return {
    template,
    lang: "en",
    title: "Your cart is waiting",
    preheader: "Your picks are still here.",
    shopName: "Maple & Pine",
    logoUrl: "https://cdn.example/logo.png",
    accentColor: "#0a7d4f",
    opening: "Hi Jane, your cart at Maple & Pine is still here.",
    cartHeading: "Your cart",
    lines: [
      {
        title: "Linen shirt",
        variant: "Blue / M",
        quantity: "Qty 2",
        price: "$80.00",
        imageUrl: "https://cdn.example/shirt.jpg",
      },
      { title: "Wool scarf", variant: null, quantity: "Qty 1", price: "$35.50", imageUrl: null },
    ],
    subtotalLabel: "Subtotal",
    subtotal: "$115.50",
    offer: {
      headline: "10% off your order + free shipping",
      codeLabel: "Your codes",
      codes: [
        { code: "CB-7KQ2MXPA", gives: "10% off your order" },
        { code: "CB-7KQ2MXPA-SHIP", gives: "Free shipping on your order" },
      ],
      expiry: "Valid until November 24, 2026 at 3:00 PM EST",
      minimum: "On orders of $100.00 or more",
    },
    ctaLabel: "Return to your cart",
    ctaUrl: CART_URL,
    recommendations: {
      heading: "You might also like",
      items: [
        {
          title: "Cotton tee",
          price: "$25.00",
          imageUrl: "https://cdn.example/tee.jpg",
          url: "https://maple.example/products/cotton-tee",
        },
      ],
    },
    signOff: "— The team at Maple & Pine",
    footer: {
      reason: "You are receiving this email because you started a checkout at Maple & Pine.",
      address: "150 Elgin Street, Ottawa ON K2P 1L4, Canada",
      unsubscribeLabel: "Unsubscribe from cart reminders",
      unsubscribeUrl: UNSUBSCRIBE_URL,
    },
    ...changes,
  };
}

/** The HTML's visible words, tags dropped and entities for & read back, to find facts regardless of markup. */
const wordsOf = (html: string) =>
  html
    .replace(/<div[^>]*data-skip-in-text[^>]*>.*?<\/div>/s, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

describe.each(EMAIL_TEMPLATES)("the %s design", (template) => {
  it("shows the items, the offer with its codes and expiry, the link back and the footer, in both parts", async () => {
    const { html, text } = await renderRecoveryEmail(model(template));
    const words = wordsOf(html);
    for (const part of [words, text]) {
      for (const fact of [
        "Linen shirt",
        "Blue / M",
        "Qty 2",
        "$80.00",
        "Wool scarf",
        "$115.50",
        "10% off your order + free shipping",
        "CB-7KQ2MXPA",
        "CB-7KQ2MXPA-SHIP",
        "Free shipping on your order",
        "Valid until November 24, 2026 at 3:00 PM EST",
        "On orders of $100.00 or more",
        "Return to your cart",
        "You are receiving this email because you started a checkout at Maple & Pine.",
        "150 Elgin Street, Ottawa ON K2P 1L4, Canada",
        "Unsubscribe from cart reminders",
        "Hi Jane, your cart at Maple & Pine is still here.",
      ])
        expect(part, fact).toContain(fact);
    }
    expect(html).toMatch(new RegExp(`<a[^>]*href="${CART_URL}"[^>]*>`));
    expect(html).toMatch(new RegExp(`<a[^>]*href="${UNSUBSCRIBE_URL}"[^>]*>`));
    expect(text).toContain(`Return to your cart: ${CART_URL}`);
    expect(text).toContain(`Unsubscribe from cart reminders: ${UNSUBSCRIBE_URL}`);
    expect(text).not.toMatch(/<[a-z]/i);
  });

  it("is a titled document in the shopper's language, at most 600px wide, for light and dark mail apps", async () => {
    const { html } = await renderRecoveryEmail(model(template, { lang: "de" }));
    expect(html).toContain('<html dir="ltr" lang="de">');
    expect(html).toContain("<title>Your cart is waiting</title>");
    expect(html).toContain('<meta name="color-scheme" content="light dark"/>');
    expect(html).toContain('<meta name="supported-color-schemes" content="light dark"/>');
    expect(html).toContain("@media (prefers-color-scheme: dark) {");
    expect(html).toContain(".cb-card { background-color: #1e1f21 !important; }");
    expect(html).toMatch(/<table[^>]*class="cb-card cb-column"[^>]*style="max-width:600px/);
    // Every picture says what it shows; nothing sets its own markup.
    for (const image of html.match(/<img[^>]*>/g) ?? []) expect(image).toMatch(/alt="[^"]+"/);
    expect(html).not.toContain("<script");
  });

  it("renders a hostile title, name and shop as text in the HTML, and as written in the text part", async () => {
    const hostile = "<script>alert(1)</script>";
    const lines = [
      { ...model(template).lines[0]!, title: hostile, variant: '"><img src=x onerror=alert(2)>' },
    ];
    const { html, text } = await renderRecoveryEmail(
      model(template, {
        lines,
        opening: "Hi <b>Eve</b>, your cart is still here.",
        shopName: "Shop <i>X</i>",
        signOff: "— The team at Shop <i>X</i>",
      }),
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<b>Eve</b>");
    expect(html).not.toContain("<i>X</i>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("Hi &lt;b&gt;Eve&lt;/b&gt;");
    expect(text).toContain(hostile);
    expect(text).toContain("Hi <b>Eve</b>");
  });

  it("says nothing of codes or expiry without an offer", async () => {
    const { html, text } = await renderRecoveryEmail(model(template, { offer: null }));
    for (const part of [html, text]) {
      expect(part).not.toContain("CB-7KQ2MXPA");
      expect(part).not.toContain("Valid until");
      expect(part).toContain("Linen shirt");
      expect(part).toContain("Return to your cart");
    }
  });
});

describe("what sets the designs apart", () => {
  const tagged = (html: string, tag: string) =>
    [...html.matchAll(new RegExp(`<${tag}[^>]*>(.*?)</${tag}>`, "gs"))].map((match) =>
      wordsOf(match[1] ?? "").trim(),
    );

  it("product-led: the cart is the main heading, with small pictures, the offer above it", async () => {
    const { html, text } = await renderRecoveryEmail(model("PRODUCT"));
    expect(tagged(html, "h1")).toEqual(["Your cart"]);
    expect(html).toMatch(/<img alt="Linen shirt" height="64" src="https:\/\/cdn.example\/shirt.jpg"/);
    expect(html.indexOf("CB-7KQ2MXPA")).toBeLessThan(html.indexOf("Linen shirt"));
    expect(text.startsWith("Maple & Pine\n\nHi Jane")).toBe(true);
  });

  it("image-led: each picture as wide as the email, linked to the cart, its title and price under it", async () => {
    const { html } = await renderRecoveryEmail(model("IMAGE"));
    expect(html).toMatch(
      new RegExp(
        `<a href="${CART_URL}"[^>]*><img alt="Linen shirt" src="https://cdn.example/shirt.jpg"[^>]*style="[^"]*width:100%;max-width:544px;height:auto[^"]*" width="544"/></a>`,
      ),
    );
    const picture = html.indexOf('src="https://cdn.example/shirt.jpg"');
    expect(picture).toBeLessThan(html.indexOf(">Linen shirt<"));
    expect(html.indexOf(">Linen shirt<")).toBeLessThan(html.indexOf(">$80.00<"));
    // A line without a picture still shows its title and price, with no empty frame.
    expect(html.match(/<img [^>]*width="544"/g)).toHaveLength(1);
  });

  it("offer-led: the offer's headline is the main heading, codes and expiry before the cart, in both parts", async () => {
    const { html, text } = await renderRecoveryEmail(model("OFFER"));
    expect(tagged(html, "h1")).toEqual(["10% off your order + free shipping"]);
    expect(tagged(html, "h2")).toEqual(["Your cart", "You might also like"]);
    for (const part of [html, text]) {
      expect(part.indexOf("Valid until")).toBeLessThan(part.indexOf("Linen shirt"));
      expect(part.indexOf("CB-7KQ2MXPA-SHIP")).toBeLessThan(part.indexOf("Hi Jane"));
    }
    // On the accent's tint the small print is in the text colour: the muted grey would fall under 4.5:1.
    const panel = html.slice(html.indexOf('class="cb-panel"'), html.indexOf(`href="${CART_URL}"`));
    expect(panel).toContain("CB-7KQ2MXPA-SHIP");
    expect(panel).toContain("On orders of $100.00 or more");
    expect(panel).not.toContain(LIGHT.muted);
    expect(contrastRatio(LIGHT.text, accentWash("#0a7d4f"))).toBeGreaterThan(12);
    // The expiry in bold.
    expect(html).toMatch(
      /<p class="cb-text" style="font-size:15px;line-height:24px;color:#202223;font-weight:700[^"]*">Valid until/,
    );
  });

  it("offer-led without an offer leads with the cart: the product-led email", async () => {
    const withoutOffer = { offer: null };
    expect(await renderRecoveryEmail(model("OFFER", withoutOffer))).toEqual(
      await renderRecoveryEmail(model("PRODUCT", withoutOffer)),
    );
  });

  it("note: plain text lines, a plain link, the shop's sign-off; no logo, picture, button or picks", async () => {
    const { html, text } = await renderRecoveryEmail(model("NOTE"));
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<h1");
    expect(html).not.toMatch(/<a[^>]*background-color/);
    expect(html).not.toContain("Cotton tee");
    expect(text).not.toContain("Cotton tee");
    expect(tagged(html, "li")).toEqual([
      "Linen shirt (Blue / M), Qty 2: $80.00",
      "Wool scarf, Qty 1: $35.50",
    ]);
    expect(html).toMatch(
      new RegExp(`<a href="${CART_URL}"[^>]*text-decoration:underline[^>]*>Return to your cart</a>`),
    );
    expect(wordsOf(html)).toContain("— The team at Maple & Pine");
    expect(text).toMatch(/Return to your cart: \S+\n\n— The team at Maple & Pine\n\n--\n/);
    expect(text.startsWith("Hi Jane")).toBe(true);
  });
});

describe("the accent colour, kept readable", () => {
  it("measures contrast as WCAG does", () => {
    expect(contrastRatio("#ffffff", "#000000")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });

  it("uses the merchant's colour for text and button labels only where it reads", async () => {
    expect(accentText("#0a7d4f")).toBe("#0a7d4f");
    expect(accentText("#ffd500")).toBe(LIGHT.text);
    expect(onAccent("#0a7d4f")).toBe("#ffffff");
    expect(onAccent("#ffd500")).toBe(LIGHT.text);
    expect(accentWash("#0a7d4f")).toBe("#e7f2ed");
    const { html } = await renderRecoveryEmail(model("PRODUCT", { accentColor: "#ffd500" }));
    expect(html).toMatch(/background-color:#ffd500;color:#202223/);
    expect(html).not.toMatch(/[^-]color:#ffd500/);
  });
});
