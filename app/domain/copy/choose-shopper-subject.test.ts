import { describe, expect, it } from "vitest";
import { defaultShopSettings } from "~/domain/shops";
import { chooseShopperSubject } from "./choose-shopper-subject";

const COPY_SUBJECT = "copy's subject";

describe("chooseShopperSubject", () => {
  it("gives shoppers of every other language the copy's subject instead of the English defaults", () => {
    const defaults = defaultShopSettings("USD").steps.map((step) => step.subject);
    for (const locale of ["de-DE", "es-ES", "fr-FR", "it-IT", "nl-NL", "pt-BR", "ja-JP"]) {
      for (const subject of defaults) {
        expect(chooseShopperSubject(subject, COPY_SUBJECT, locale), `${locale}: ${subject}`).toBe(
          COPY_SUBJECT,
        );
      }
    }
    for (const locale of ["en-US", "en-GB", "pl-PL", null]) {
      for (const subject of defaults)
        expect(chooseShopperSubject(subject, COPY_SUBJECT, locale)).toBe(subject);
    }
  });

  it("keeps the merchant's own words for shoppers of the language they are written in", () => {
    expect(chooseShopperSubject("Ihr Warenkorb wartet noch auf Sie", COPY_SUBJECT, "de-AT")).toBe(
      "Ihr Warenkorb wartet noch auf Sie",
    );
    expect(chooseShopperSubject("Tu carrito te espera", COPY_SUBJECT, "es-MX")).toBe("Tu carrito te espera");
    expect(chooseShopperSubject("カートに商品が残っています", COPY_SUBJECT, "ja")).toBe(
      "カートに商品が残っています",
    );
    // A German subject reaches an English shopper in English.
    expect(chooseShopperSubject("Ihr Warenkorb wartet noch auf Sie", COPY_SUBJECT, "en-US")).toBe(
      COPY_SUBJECT,
    );
  });

  it("keeps a subject too short to tell its language", () => {
    expect(chooseShopperSubject("Psst… Maple & Pine", COPY_SUBJECT, "de-DE")).toBe("Psst… Maple & Pine");
    expect(chooseShopperSubject("Noch unentschlossen?", COPY_SUBJECT, "de-DE")).toBe("Noch unentschlossen?");
  });
});
