import { describe, expect, it } from "vitest";
import { foldPlural, normalizeText, tokenize } from "./tokenize";

describe("tokenize", () => {
  it("keeps model numbers whole, and their parts beside them", () => {
    const tokens = tokenize("Dell XPS-13 laptop with an M2 chip, RTX 3080Ti and a 3.5mm jack");
    expect(tokens).toEqual([
      "dell",
      "xps-13",
      "xps",
      "13",
      "laptop",
      "m2",
      "chip",
      "rtx",
      "3080ti",
      "3.5mm",
      "jack",
    ]);
  });

  it("drops English stop words, lone letters and lone digits", () => {
    expect(tokenize("The best of the best, for you and your 2 dogs: a B grade")).toEqual([
      "best",
      "best",
      "dog",
      "grade",
    ]);
    expect(tokenize("it is what it is")).toEqual([]);
  });

  it("lowercases and folds accents and compatibility forms", () => {
    expect(tokenize("Crème Brûlée Kaffeebohnen für Espresso")).toEqual([
      "creme",
      "brulee",
      "kaffeebohnen",
      "fur",
      "espresso",
    ]);
    expect(tokenize("ＸＰＳ－１３ ﬁne")).toEqual(["xps-13", "xps", "13", "fine"]);
    expect(normalizeText("ÉCOLE Ñandú")).toBe("ecole nandu");
  });

  it("keeps words of other scripts intact, vowel signs included", () => {
    expect(tokenize("Кофе в зёрнах")).toEqual(["кофе", "зернах"]);
    expect(tokenize("मसाला चाय")).toEqual(["मसाला", "चाय"]);
    expect(tokenize("Ελληνικό μέλι")).toEqual(["ελληνικο", "μελι"]);
  });

  it("cuts Chinese and Japanese, written without spaces, into character pairs", () => {
    expect(tokenize("抹茶ラテ")).toEqual(["抹茶", "茶ラ", "ラテ"]);
    expect(tokenize("iPhone用ケース")).toEqual(["iphone", "用ケ", "ケー", "ース"]);
    expect(tokenize("茶")).toEqual(["茶"]);
  });

  it("folds plurals and possessives so both forms meet", () => {
    expect(tokenize("Men's T-Shirts and women’s shoes")).toEqual([
      "men",
      "t-shirt",
      "shirt",
      "women",
      "shoe",
    ]);
    expect(["batteries", "boxes", "watches", "sizes", "shoes", "mats"].map(foldPlural)).toEqual([
      "battery",
      "box",
      "watch",
      "size",
      "shoe",
      "mat",
    ]);
    expect(["glass", "status", "analysis", "bus", "m2s"].map(foldPlural)).toEqual([
      "glass",
      "status",
      "analysis",
      "bus",
      "m2s",
    ]);
  });

  it("ignores punctuation and markup leftovers, and cuts off runaway tokens", () => {
    expect(tokenize("«Soft» — cotton!!! (100%) #organic")).toEqual(["soft", "cotton", "100", "organic"]);
    expect(tokenize(`see ${"x".repeat(60)} here`)).toEqual(["see"]);
  });

  it("stops after maxTokens", () => {
    // "one" is a stop word: the limit counts kept tokens.
    expect(tokenize("one two three four five six", 3)).toEqual(["two", "three", "four"]);
  });
});
