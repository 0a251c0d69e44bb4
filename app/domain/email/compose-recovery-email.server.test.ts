import { describe, expect, it } from "vitest";
import {
  EMAIL_TEMPLATES,
  readUnsubscribeToken,
  unsubscribeLink,
  type RecoveryMessage,
} from "~/domain/messages";
import { hashEmail } from "~/lib/encryption.server";
import { recoveryMessage, RECOVERY_MESSAGE_SHOP } from "../../../test/fixtures/recovery-message";
import { geminiCalls } from "../../../test/mocks/gemini";
import { createGeminiClient } from "~/domain/copy";
import {
  composeRecoveryEmail,
  senderAddress,
  type RecommendedProduct,
} from "./compose-recovery-email.server";

const SHOP = RECOVERY_MESSAGE_SHOP;
const usd = (amountMinor: number) => ({ amountMinor, currency: "USD" });
const message = recoveryMessage;

const products: RecommendedProduct[] = [
  {
    productId: "7",
    handle: "cotton-tee",
    title: "Cotton tee",
    imageUrl: "https://cdn.example/tee.jpg",
    price: usd(2500),
  },
  { productId: "8", handle: "canvas-tote", title: "Canvas tote", imageUrl: null, price: usd(1800) },
];

const compose = (changes: Partial<RecoveryMessage> = {}, recommended: RecommendedProduct[] = products) =>
  composeRecoveryEmail(message(changes), {
    emailFrom: "Cartback <recover@mail.cartback.example>",
    recommend: async () => recommended,
    ai: null,
    now: new Date("2026-11-21T12:00:00Z"),
  });

describe("composeRecoveryEmail", () => {
  it("shows the shopper's cart, the offer with its codes and expiry, and the merchant's subject", async () => {
    const email = await compose();

    expect(email.subject).toBe("Your cart is waiting");
    expect(email.to).toBe("jane.doe@example.org");
    expect(email.from).toBe('"Maple & Pine" <recover@mail.cartback.example>');
    expect(email.replyTo).toBe("hello@maple.example");
    for (const part of [email.html, email.text]) {
      expect(part).toContain("Linen shirt");
      expect(part).toContain("Blue / M");
      expect(part).toContain("$80.00");
      expect(part).toContain("$115.50");
      expect(part).toContain("10% off your order + free shipping");
      expect(part).toContain("CB-7KQ2MXPA-SHIP");
      // 20:00 UTC is 3:00 PM in Toronto; the offer box and the copy's sentence name the end in the same words.
      expect(part).toMatch(/Valid until November 24, 2026 at 3:00\sPM EST/);
      expect(part).toMatch(/valid until November 24, 2026 at 3:00\sPM EST\./);
      expect(part).toContain("On orders of $100.00 or more");
      expect(part).toContain("150 Elgin Street");
    }
    expect(email.html).toContain('href="https://cartback.example/r/token"');
    expect(email.text).toContain("Return to your cart: https://cartback.example/r/token");
    expect(email.tags).toEqual([
      { name: "shop", value: "maple_myshopify_com" },
      { name: "step", value: "2" },
      { name: "variant", value: "B" },
      { name: "send", value: "s1" },
    ]);
  });

  it("says nothing of codes or expiry on a step without an offer", async () => {
    const email = await compose({ offer: null, step: 1 });
    for (const part of [email.html, email.text]) {
      expect(part).not.toContain("Your code");
      expect(part).not.toContain("Valid until");
      expect(part).not.toMatch(/\d+% off/);
    }
  });

  it.each([
    ["EUR in German", "de-DE", { amountMinor: 11550, currency: "EUR" }, "115,50\u00a0€", "Zwischensumme"],
    ["JPY in Japanese", "ja-JP", { amountMinor: 12000, currency: "JPY" }, "￥12,000", "小計"],
  ])("formats money and labels for %s", async (_case, locale, subtotal, formatted, label) => {
    const lines = message().lines.map((line) => ({
      ...line,
      unitPrice: { ...subtotal },
      linePrice: { ...subtotal },
    }));
    const email = await compose({ locale, subtotal, lines, offer: null });
    expect(email.text).toContain(formatted);
    expect(email.text).toContain(label);
    expect(email.html).toContain(`lang="${locale.slice(0, 2)}"`);
  });

  it("renders hostile names and titles as text in both parts, never as markup", async () => {
    const hostile = "<script>alert(1)</script>";
    const lines = [
      { ...message().lines[0]!, title: hostile, variantTitle: '"><img src=x onerror=alert(2)>' },
    ];
    const email = await compose({ firstName: "<b>Eve</b>", lines, shopName: "Shop <i>X</i>" }, [
      { ...products[0]!, title: `${hostile}tee` },
    ]);

    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).not.toContain("<b>Eve</b>");
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(email.html).toContain("&lt;b&gt;Eve&lt;/b&gt;");
    // The text part is text/plain: the title appears exactly as the shopper's cart had it.
    expect(email.text).toContain(hostile);
    expect(email.from).toBe('"Shop i X /i" <recover@mail.cartback.example>');
  });

  it("carries a one-click unsubscribe link (RFC 8058) that names the shop and the address's hash", async () => {
    const email = await compose();
    const url = /^<(https:\/\/cartback\.example\/unsubscribe\/[^>]+)>$/.exec(
      email.headers["List-Unsubscribe"] ?? "",
    )?.[1];
    expect(url).toBeDefined();
    expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(email.html).toContain(url);
    expect(email.text).toContain(url);
    const token = (url as string).split("/unsubscribe/")[1] as string;
    expect(readUnsubscribeToken(token)).toEqual({
      shop: SHOP,
      emailHash: hashEmail(SHOP, "jane.doe@example.org"),
    });
    expect(token).not.toContain("jane");
  });

  it("links recommendations to the storefront with campaign tags, and leaves the section out without any", async () => {
    const email = await compose();
    expect(email.html).toContain("https://maple.example/products/cotton-tee?utm_source=cartback");
    expect(email.text).toContain("Cotton tee ($25.00)");
    const without = await compose({}, []);
    expect(without.html).not.toContain("You might also like");
  });

  it("names the document by its subject, and says the recommendations' heading once", async () => {
    const email = await compose({ aiCopy: false });
    expect(email.html).toContain(`<title>${email.subject}</title>`);
    // The template's line before the recommendations is the heading itself: it is not repeated.
    expect(email.html.match(/You might also like/gi)).toHaveLength(1);
    expect(email.text.match(/You might also like/gi)).toHaveLength(1);
  });

  it("names what each of two codes gives, percentage first, and says nothing more for one code", async () => {
    const email = await compose();
    expect(email.text).toContain(
      "Your codes: CB-7KQ2MXPA (10% off your order), CB-7KQ2MXPA-SHIP (Free shipping on your order)",
    );
    const html = email.html.replace(/<[^>]+>/g, "|");
    expect(html).toMatch(/CB-7KQ2MXPA\|+10% off your order\|+CB-7KQ2MXPA-SHIP\|+Free shipping on your order/);
    const german = await compose({ locale: "de-DE" });
    expect(german.text).toMatch(
      /CB-7KQ2MXPA \(10\s% Rabatt\), CB-7KQ2MXPA-SHIP \(Kostenloser Versand für Ihre Bestellung\)/,
    );

    const one = await compose({
      offer: { ...message().offer!, codes: ["CB-7KQ2MXPA"], freeShipping: false },
    });
    expect(one.text).toContain("Your code: CB-7KQ2MXPA\n");
  });

  it("sends the merchant's subject in its language, and the copy's subject to shoppers of another", async () => {
    const ai = createGeminiClient({ apiKey: "test-gemini-key", model: "gemini-mock" });
    const composeFor = (changes: Partial<RecoveryMessage>) =>
      composeRecoveryEmail(message(changes), {
        emailFrom: "recover@mail.cartback.example",
        recommend: async () => products,
        ai,
        now: new Date("2026-11-21T12:00:00Z"),
      });
    const variantOf = (email: { tags: Array<{ name: string; value: string }> }) =>
      email.tags.find((tag) => tag.name === "variant")?.value;

    const english = await composeFor({ aiCopy: true });
    expect(english.subject).toBe("Your cart is waiting");
    expect(variantOf(english)).toBe("B");

    // The template's subject for the step, in German, when AI copy is off; Gemini's German one when it is on.
    const template = await composeFor({ locale: "de-DE", aiCopy: false });
    expect(template.subject).toMatch(
      /^Ein kleines Extra für Ihren Warenkorb: 10\s% Rabatt und kostenloser Versand$/,
    );
    expect(template.html).toContain("<title>Ein kleines Extra für Ihren Warenkorb");
    expect(variantOf(template)).toBe("none");
    const written = await composeFor({ locale: "de-DE", aiCopy: true });
    expect(written.subject).toBe("Jane, Ihr Warenkorb wartet auf Sie");

    const german = await composeFor({ locale: "de-DE", subject: "Ihr Warenkorb wartet noch auf Sie" });
    expect(german.subject).toBe("Ihr Warenkorb wartet noch auf Sie");
    expect(variantOf(german)).toBe("B");
  });

  it("heads the recommendations with one line, AI-written or the template's, in every language", async () => {
    const ai = createGeminiClient({ apiKey: "test-gemini-key", model: "gemini-mock" });
    const headings: Array<[string, boolean, RegExp]> = [
      ["en-US", true, /You might also like/gi],
      ["en-US", false, /You might also like/gi],
      ["de-DE", true, /könnte (?:Ihnen|dir) auch gefallen/gi],
      ["de-DE", false, /könnte (?:Ihnen|dir) auch gefallen/gi],
      ["it-IT", false, /Potrebber?o? piacerti anche/gi],
      ["pt-PT", false, /também pode gostar/gi],
    ];
    for (const [locale, aiCopy, heading] of headings) {
      const email = await composeRecoveryEmail(message({ locale, aiCopy }), {
        emailFrom: "recover@mail.cartback.example",
        recommend: async () => products,
        ai,
        now: new Date("2026-11-21T12:00:00Z"),
      });
      expect(email.html.match(heading), `${locale} aiCopy ${aiCopy}`).toHaveLength(1);
      expect(email.text.match(heading), `${locale} aiCopy ${aiCopy}`).toHaveLength(1);
    }
  });

  it("greets the shopper once, in the copy's opening, with template and with AI copy alike", async () => {
    for (const aiCopy of [false, true]) {
      const email = await compose({ aiCopy });
      expect(email.html.match(/Hi Jane\b/g), `aiCopy ${aiCopy}`).toHaveLength(1);
      expect(email.text.match(/Hi Jane\b/g), `aiCopy ${aiCopy}`).toHaveLength(1);
    }
  });

  it("makes no AI request when the shop turned AI copy off", async () => {
    await compose({ aiCopy: false });
    expect(geminiCalls).toHaveLength(0);
  });

  it("keeps display names from breaking the From header", () => {
    expect(senderAddress("recover@x.example", 'Evil"\r\nBcc: victim@x.example')).toBe(
      '"Evil Bcc: victim@x.example" <recover@x.example>',
    );
    expect(senderAddress("Cartback <recover@x.example>", "")).toBe("recover@x.example");
  });
});

describe.each(EMAIL_TEMPLATES)("composeRecoveryEmail in the %s design", (template) => {
  it("keeps the one-click unsubscribe headers (RFC 8058), and the link in both parts", async () => {
    const email = await compose({ template });
    const url = unsubscribeLink("https://cartback.example", SHOP, "jane.doe@example.org") as string;
    expect(email.headers).toEqual({
      "List-Unsubscribe": `<${url}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(email.html).toContain(`href="${url}"`);
    expect(email.text).toContain(`Unsubscribe from cart reminders: ${url}`);
    expect(email.text).toContain(
      "You are receiving this email because you started a checkout at Maple & Pine.",
    );
  });

  it("shows the cart, the codes with their expiry and the link back, in both parts", async () => {
    const email = await compose({ template });
    for (const part of [email.html, email.text]) {
      expect(part).toContain("Linen shirt");
      expect(part).toContain("$115.50");
      expect(part).toContain("CB-7KQ2MXPA-SHIP");
      expect(part).toMatch(/Valid until November 24, 2026 at 3:00\sPM EST/);
    }
    expect(email.html).toContain('href="https://cartback.example/r/token"');
    expect(email.text).toContain("Return to your cart: https://cartback.example/r/token");
  });

  it("renders a product titled <script>alert(1)</script> and a first name with HTML as text", async () => {
    const hostile = "<script>alert(1)</script>";
    const email = await compose({
      template,
      firstName: '<img src=x onerror="alert(2)">Eve',
      lines: [{ ...message().lines[0]!, title: hostile }],
    });
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(email.html).toContain("&lt;img src=x");
    expect(email.text).toContain(hostile);
  });
});

describe("the personal note", () => {
  it("is signed by the shop in the shopper's language", async () => {
    const signOffs: Array<[string, string]> = [
      ["en-US", "— The team at Maple & Pine"],
      ["de-DE", "— Ihr Team von Maple & Pine"],
      ["fr-FR", "— L'équipe de Maple & Pine"],
      ["ja-JP", "Maple & Pine スタッフ一同"],
    ];
    for (const [locale, signOff] of signOffs) {
      const email = await compose({ template: "NOTE", locale });
      expect(email.text, locale).toContain(`\n${signOff}\n`);
      expect(email.html, locale).toContain(signOff.replace("&", "&amp;").replace("'", "&#x27;"));
    }
    const german = await compose({ template: "NOTE", locale: "de-DE" });
    expect(german.text).toContain("Zurück zum Warenkorb: https://cartback.example/r/token");
    expect(german.text).toContain("Ihr Warenkorb:");
  });

  it("signs with the sender name the merchant set, and lists no recommendations", async () => {
    const email = await compose({
      template: "NOTE",
      sender: { ...message().sender, displayName: "Anna from Maple" },
    });
    expect(email.text).toContain("— The team at Anna from Maple");
    for (const part of [email.html, email.text]) {
      expect(part).not.toContain("Cotton tee");
      expect(part).not.toMatch(/You might also like/i);
    }
  });
});
