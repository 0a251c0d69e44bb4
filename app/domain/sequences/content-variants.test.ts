import { describe, expect, it } from "vitest";
import type { ContentVariant } from "~/domain/messages";
import { SequenceStepSchema } from "~/domain/shops";
import { chooseContent, experimentKeyOf } from "./content-variants";

const ENROLMENTS = 10_000;

const step = (variants: Array<{ subject: string; tone?: "FRIENDLY" | "DIRECT" }>) =>
  SequenceStepSchema.parse({
    delayMinutes: 60,
    offer: false,
    subject: "You left something behind",
    variants: variants.map((variant) => ({ offer: false, ...variant })),
  });

const TWO = step([{ subject: "Still thinking it over?" }]);
const THREE = step([
  { subject: "Still thinking it over?" },
  { subject: "Your cart misses you", tone: "DIRECT" },
]);

/** Checkout tokens as Shopify sends them (32 hex characters), one per enrolment. */
const checkoutTokens = Array.from({ length: ENROLMENTS }, (_, index) =>
  (index * 2_654_435_761).toString(16).padStart(32, "0"),
);

function drawAll(experimentStep: typeof TWO, winnerOf: () => ContentVariant | undefined = () => undefined) {
  return checkoutTokens.map((checkoutToken) =>
    chooseContent(experimentStep, {
      shop: "maple.myshopify.com",
      checkoutToken,
      stepNumber: 1,
      segmentId: "default",
      winnerOf,
    }),
  );
}

function shares(chosen: ReturnType<typeof drawAll>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { variant } of chosen) counts[String(variant)] = (counts[String(variant)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).map(([variant, count]) => [variant, count / ENROLMENTS]));
}

describe("chooseContent", () => {
  it("splits 10,000 enrolments evenly between two variants, within 2 points of a half", () => {
    const split = shares(drawAll(TWO));
    expect(Object.keys(split).sort()).toEqual(["A", "B"]);
    for (const share of Object.values(split)) expect(Math.abs(share - 1 / 2)).toBeLessThan(0.02);
  });

  it("splits 10,000 enrolments evenly between three variants, within 2 points of a third", () => {
    const split = shares(drawAll(THREE));
    expect(Object.keys(split).sort()).toEqual(["A", "B", "C"]);
    for (const share of Object.values(split)) expect(Math.abs(share - 1 / 3)).toBeLessThan(0.02);
  });

  it("draws the same variant for the same checkout and step every time, and sends it with the content", () => {
    const first = drawAll(THREE);
    expect(drawAll(THREE)).toEqual(first);
    const key = experimentKeyOf("default", 1, THREE);
    for (const chosen of first.slice(0, 50)) {
      expect(chosen.experimentKey).toBe(key);
      expect(chosen.promoted).toBe(false);
      const expected = { A: THREE.subject, B: THREE.variants[0]?.subject, C: THREE.variants[1]?.subject };
      expect(chosen.content.subject).toBe(expected[chosen.variant as ContentVariant]);
    }
  });

  it("gives every checkout the promoted variant once decided, outside the experiment's figures", () => {
    const promoted = drawAll(THREE, () => "C");
    expect(shares(promoted)).toEqual({ C: 1 });
    expect(promoted.every((chosen) => chosen.promoted && chosen.experimentKey === null)).toBe(true);
  });

  it("runs no experiment for a step without variants, and keys each segment's and step's apart", () => {
    const plain = step([]);
    expect(
      chooseContent(plain, {
        shop: "maple.myshopify.com",
        checkoutToken: "t1",
        stepNumber: 1,
        segmentId: "default",
        winnerOf: () => "B",
      }),
    ).toEqual({
      variant: null,
      content: { subject: plain.subject, template: plain.template, tone: plain.tone, offer: false },
      experimentKey: null,
      promoted: false,
    });
    const keys = new Set([
      experimentKeyOf("default", 1, TWO),
      experimentKeyOf("default", 2, TWO),
      experimentKeyOf("segment-1", 1, TWO),
      experimentKeyOf("default", 1, THREE),
    ]);
    expect(keys.size).toBe(4);
  });
});
