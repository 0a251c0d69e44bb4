import { describe, expect, it } from "vitest";
import { COPY_TONES, SHOPPER_LANGUAGES, resolveShopperLocale } from "~/domain/messages";
import { checkCopyGuardrails } from "./check-copy-guardrails";
import { gatherCopyFacts } from "./copy-facts";
import { FIRST_NAME_PLACEHOLDER, OFFER_EXPIRY_PLACEHOLDER } from "./copy-schema";
import type { CopyOffer } from "./recovery-copy";
import { templateCopy, type TemplateCopyInput } from "./template-copy";

// Intl separates "10 %" and "100,00 €" with no-break spaces whose exact kind depends on the ICU version.
const spaces = (text: string | null) => (text ?? "").replace(/\s/g, " ");
const all = (copy: ReturnType<typeof templateCopy>) =>
  spaces([copy.subject, copy.preheader, copy.opening, copy.recommendationsIntro].join(" | "));

// 20:00 UTC is 3 PM in New York and 5 AM the next day in Tokyo.
const EXPIRES_AT = new Date("2026-12-05T20:00:00Z");

function offer(terms: Partial<CopyOffer> = {}): CopyOffer {
  return {
    codes: ["CB-7KQ2MXPA", "CB-7KQ2MXPA-SHIP"],
    percentOff: 10,
    freeShipping: true,
    expiresAt: EXPIRES_AT,
    minimumSubtotal: { amountMinor: 10_000, currency: "USD" },
    ...terms,
  };
}

function input(overrides: Partial<TemplateCopyInput> = {}): TemplateCopyInput {
  return {
    shopName: "Maple & Pine",
    firstName: "Jane",
    locale: "en-US",
    lines: [{ title: "Linen shirt", quantity: 1 }],
    offer: null,
    step: 1,
    stepCount: 3,
    hasRecommendations: true,
    timeZone: "America/New_York",
    tone: "FRIENDLY",
    ...overrides,
  };
}

describe("templateCopy", () => {
  it("writes a different message for the first reminder, a follow-up and the last reminder", () => {
    const first = templateCopy(input({ step: 1 }));
    const followUp = templateCopy(input({ step: 2 }));
    const last = templateCopy(input({ step: 3 }));
    expect(new Set([first.subject, followUp.subject, last.subject]).size).toBe(3);
    expect(new Set([first.opening, followUp.opening, last.opening]).size).toBe(3);
    expect(first.opening).toBe(
      "Hi Jane, you left “Linen shirt” in your cart at Maple & Pine. We saved it for you, so you can pick up right where you left off.",
    );
    expect(last.subject).toMatch(/^Last reminder/);
    expect(last.opening).toContain("this is our last reminder");
  });

  it("treats the only step of a one-step sequence as a first reminder, not a last chance", () => {
    const only = templateCopy(input({ step: 1, stepCount: 1 }));
    expect(only.subject).toBe(templateCopy(input({ step: 1, stepCount: 3 })).subject);
    expect(only.opening).not.toMatch(/last/i);
  });

  it("promises nothing without an offer: no percentage, shipping, offer or date", () => {
    for (const step of [1, 2, 3]) {
      const text = all(templateCopy(input({ step, offer: null })));
      expect(text).not.toMatch(/%|free|shipping|offer|valid until|2026|\$/i);
    }
  });

  it("states the real offer and its exact expiry in the shop's time zone", () => {
    const copy = templateCopy(input({ step: 2, offer: offer() }));
    expect(copy.subject).toBe("A little something extra for your cart: 10% off and free shipping");
    expect(copy.opening).toContain(
      "10% off and free shipping on orders of $100.00 or more, valid until December 5, 2026 at 3:00 PM EST.",
    );
    expect(copy.opening).not.toContain("CB-7KQ2MXPA");
  });

  it("names only the terms the offer has", () => {
    const percentOnly = all(templateCopy(input({ step: 2, offer: offer({ freeShipping: false }) })));
    expect(percentOnly).toContain("10% off");
    expect(percentOnly).not.toMatch(/free|shipping/i);

    const shippingOnly = all(templateCopy(input({ step: 2, offer: offer({ percentOff: 0 }) })));
    expect(shippingOnly).toContain("free shipping");
    expect(shippingOnly).not.toContain("%");

    const nothing = all(
      templateCopy(input({ step: 2, offer: offer({ percentOff: 0, freeShipping: false }) })),
    );
    expect(nothing).not.toMatch(/offer|%|free/i);
  });

  it("leaves the minimum out when the offer has none", () => {
    const copy = templateCopy(
      input({ step: 2, offer: offer({ minimumSubtotal: { amountMinor: 0, currency: "USD" } }) }),
    );
    expect(copy.opening).not.toContain("on orders of");
    expect(copy.opening).toContain("10% off and free shipping, valid until");
  });

  it("formats the offer in French, German and Japanese with each locale's percentages, money and dates", () => {
    const french = templateCopy(
      input({
        locale: "fr-FR",
        step: 3,
        timeZone: "Europe/Paris",
        offer: offer({ minimumSubtotal: { amountMinor: 10_000, currency: "EUR" } }),
      }),
    );
    expect(spaces(french.subject)).toBe(
      "Dernier rappel : 10 % de réduction et livraison gratuite sur votre panier",
    );
    expect(spaces(french.opening)).toContain(
      "(10 % de réduction et livraison gratuite dès 100,00 € d'achat)",
    );
    expect(spaces(french.opening)).toContain("jusqu'au 5 décembre 2026 à 21:00");

    const german = templateCopy(
      input({
        locale: "de-DE",
        step: 2,
        timeZone: "Europe/Berlin",
        offer: offer({
          freeShipping: false,
          percentOff: 15,
          minimumSubtotal: { amountMinor: 5_000, currency: "EUR" },
        }),
      }),
    );
    expect(spaces(german.opening)).toContain(
      "15 % Rabatt ab einem Bestellwert von 50,00 €, gültig bis 5. Dezember 2026 um 21:00",
    );
    expect(all(german)).not.toMatch(/Versand/);

    const japanese = templateCopy(
      input({
        locale: "ja-JP",
        step: 1,
        timeZone: "Asia/Tokyo",
        offer: offer({ minimumSubtotal: { amountMinor: 10_000, currency: "JPY" } }),
      }),
    );
    expect(japanese.subject).toBe("【10%オフと送料無料】カートに商品が残っています");
    // Tokyo is 14 hours ahead of New York: the codes stop at 5 AM on December 6 there.
    expect(japanese.opening).toContain("有効期限は2026年12月6日 5:00");
    expect(japanese.opening.normalize("NFKC")).toContain("¥10,000以上のご注文が対象");
  });

  it("writes every language for every step position, with and without an offer", () => {
    for (const language of SHOPPER_LANGUAGES) {
      const percent = new Intl.NumberFormat(language, { style: "percent" }).format(0.1);
      for (const step of [1, 2, 3]) {
        const plain = templateCopy(input({ locale: language, step }));
        const offered = templateCopy(input({ locale: language, step, offer: offer() }));
        for (const copy of [plain, offered]) {
          expect(copy.subject.length, `${language} ${step}`).toBeGreaterThan(5);
          expect(copy.opening).toContain("Jane");
          expect(copy.opening).toContain("Linen shirt");
          expect(copy.recommendationsIntro).toBeTruthy();
        }
        expect(all(plain), `${language} ${step}`).not.toMatch(/%|2026/);
        expect(spaces(offered.opening), `${language} ${step}`).toContain(spaces(percent));
        expect(offered.opening, `${language} ${step}`).toContain("2026");
        expect(offered.opening).not.toContain("CB-7KQ2MXPA");
      }
    }
  });

  it("uses Italian elision before 8 and 11", () => {
    const copy = templateCopy(
      input({
        locale: "it-IT",
        step: 2,
        timeZone: "UTC",
        offer: offer({ expiresAt: new Date("2026-12-08T10:00:00Z") }),
      }),
    );
    expect(copy.opening).toContain("valida fino all'8 dicembre 2026");
  });

  it("resolves regional and odd locales to a language it has, and anything else to English", () => {
    expect(templateCopy(input({ locale: "fr-CA" })).subject).toBe(
      "Vous avez oublié quelque chose dans votre panier",
    );
    expect(templateCopy(input({ locale: "pt_BR" })).subject).toBe("Você esqueceu algo no seu carrinho");
    for (const locale of ["pl-PL", "zh-Hans-CN", "not a locale", "", null]) {
      expect(templateCopy(input({ locale })).subject).toBe("You left something in your cart");
    }
    expect(resolveShopperLocale("fr-CA")).toEqual({ language: "fr", intlLocale: "fr-CA" });
  });

  it("greets without a name when there is none, and cleans the one there is", () => {
    expect(templateCopy(input({ firstName: null })).opening).toMatch(/^Hi there, you left/);
    expect(templateCopy(input({ firstName: "   " })).opening).toMatch(/^Hi there, /);
    expect(templateCopy(input({ firstName: " Jane\n\u200bDoe " })).opening).toMatch(/^Hi Jane Doe, /);
    expect(templateCopy(input({ locale: "ja", firstName: null })).opening).toMatch(/^こんにちは。/);
  });

  it("mentions more items when there are several, and has no recommendations line when none are shown", () => {
    const copy = templateCopy(
      input({
        hasRecommendations: false,
        lines: [
          { title: "Linen shirt", quantity: 1 },
          { title: "Straw hat", quantity: 2 },
        ],
      }),
    );
    expect(copy.opening).toContain("“Linen shirt” and more");
    expect(copy.recommendationsIntro).toBeNull();
  });

  it("falls back to UTC for an unknown time zone instead of throwing", () => {
    const copy = templateCopy(input({ step: 2, offer: offer(), timeZone: "Mars/Olympus_Mons" }));
    expect(copy.opening).toContain("December 5, 2026 at 8:00 PM UTC");
  });

  describe("in the DIRECT tone", () => {
    const direct = (overrides: Partial<TemplateCopyInput> = {}) =>
      templateCopy(input({ tone: "DIRECT", ...overrides }));

    it("leads with the cart, and with the offer when there is one, without the small talk", () => {
      expect(direct({ step: 1 })).toEqual({
        subject: "Your cart is saved",
        preheader: "Complete your order at Maple & Pine any time.",
        opening:
          "Hi Jane, your cart at Maple & Pine is saved: “Linen shirt”. You can complete your order any time.",
        recommendationsIntro: "You might also like",
      });
      const followUp = direct({ step: 2, offer: offer() });
      expect(followUp.subject).toBe("For your cart: 10% off and free shipping");
      expect(followUp.opening).toBe(
        "Hi Jane, your offer at Maple & Pine: 10% off and free shipping on orders of $100.00 or more, valid until December 5, 2026 at 3:00 PM EST. Your cart still holds “Linen shirt”.",
      );
      expect(direct({ step: 3, offer: offer({ freeShipping: false }) }).opening).toBe(
        "Hi Jane, last reminder: your cart at Maple & Pine holds “Linen shirt”, and your offer (10% off on orders of $100.00 or more) is valid until December 5, 2026 at 3:00 PM EST.",
      );
    });

    it("says the same facts in fewer words than FRIENDLY, in every language and step position", () => {
      for (const language of SHOPPER_LANGUAGES) {
        const percent = new Intl.NumberFormat(language, { style: "percent" }).format(0.1);
        for (const step of [1, 2, 3]) {
          for (const terms of [null, offer()]) {
            const label = `${language} ${step} ${terms ? "offer" : "plain"}`;
            const friendly = templateCopy(input({ locale: language, step, offer: terms, tone: "FRIENDLY" }));
            const copy = direct({ locale: language, step, offer: terms });
            expect(copy.preheader, label).not.toBe(friendly.preheader);
            expect(copy.opening, label).not.toBe(friendly.opening);
            expect(copy.subject, label).not.toBe(friendly.subject);
            expect(copy.opening.length, label).toBeLessThan(friendly.opening.length);
            expect(copy.opening, label).toContain("Jane");
            expect(copy.opening, label).toContain("Linen shirt");
            expect(copy.recommendationsIntro, label).toBe(friendly.recommendationsIntro);
            if (terms) {
              expect(spaces(copy.opening), label).toContain(spaces(percent));
              expect(copy.opening, label).toContain("2026");
              expect(all(copy), label).not.toContain("CB-7KQ2MXPA");
            } else {
              expect(all(copy), label).not.toMatch(/%|2026/);
            }
          }
        }
      }
    });

    it("keeps the subjects, preheaders and openings of each step position apart", () => {
      for (const language of SHOPPER_LANGUAGES) {
        for (const terms of [null, offer()]) {
          const steps = [1, 2, 3].map((step) => direct({ locale: language, step, offer: terms }));
          for (const field of ["subject", "preheader", "opening"] as const) {
            expect(new Set(steps.map((copy) => copy[field])).size, `${language} ${field}`).toBe(3);
          }
        }
      }
    });
  });

  it("passes the guardrails AI copy must pass, in both tones, every language, step and offer", () => {
    // The guardrails read AI copy, which holds placeholders for the name and the expiry, and no amounts:
    // the minimum order is a price the template states from the facts and a model may never write.
    const offers = [
      null,
      offer({ minimumSubtotal: null }),
      offer({ minimumSubtotal: null, freeShipping: false }),
      offer({ minimumSubtotal: null, percentOff: 0 }),
    ];
    for (const tone of COPY_TONES) {
      for (const language of SHOPPER_LANGUAGES) {
        for (const step of [1, 2, 3]) {
          for (const terms of offers) {
            const copyInput = input({ tone, locale: language, step, offer: terms });
            const context = gatherCopyFacts(copyInput);
            const asAiCopy = (text: string | null) =>
              (text ?? "")
                .split("Jane")
                .join(FIRST_NAME_PLACEHOLDER)
                .split(context.expiryText ?? OFFER_EXPIRY_PLACEHOLDER)
                .join(OFFER_EXPIRY_PLACEHOLDER);
            const copy = templateCopy(copyInput);
            const verdict = checkCopyGuardrails(
              {
                subject: asAiCopy(copy.subject),
                preheader: asAiCopy(copy.preheader),
                opening: asAiCopy(copy.opening),
                recommendationsIntro: asAiCopy(copy.recommendationsIntro),
              },
              context,
            );
            expect(verdict, `${tone} ${language} ${step} ${JSON.stringify(terms?.percentOff)}`).toEqual({
              ok: true,
            });
          }
        }
      }
    }
  });
});
