import { describe, expect, it } from "vitest";
import { createRandom } from "../../../test/fixtures/sample-catalog";
import { compareProductIds, TopK } from "./top-k";

describe("compareProductIds", () => {
  it("orders digit strings as numbers", () => {
    expect(["100", "9", "10", "9007199254740993", "11"].sort(compareProductIds)).toEqual([
      "9",
      "10",
      "11",
      "100",
      "9007199254740993",
    ]);
  });
});

describe("TopK", () => {
  it("keeps the k best of a stream, as sorting all of it would", () => {
    const random = createRandom(5);
    for (let round = 0; round < 50; round++) {
      const count = 1 + Math.floor(random() * 60);
      const k = 1 + Math.floor(random() * 8);
      // Few distinct scores, so ties are common and the id order is exercised.
      const entries = Array.from({ length: count }, (_, slot) => ({
        slot,
        score: Math.floor(random() * 5) / 4,
      }));
      const idOf = (slot: number) => String(1000 - slot * 7);
      const top = new TopK(k, idOf);
      for (const { slot, score } of entries) top.push(slot, score);
      const expected = [...entries]
        .sort((a, b) => b.score - a.score || compareProductIds(idOf(a.slot), idOf(b.slot)))
        .slice(0, k);
      expect(top.sorted()).toEqual(expected);
    }
  });

  it("keeps nothing with no capacity", () => {
    const top = new TopK(0, String);
    top.push(1, 1);
    expect(top.sorted()).toEqual([]);
  });
});
