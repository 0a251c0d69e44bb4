import { describe, expect, it } from "vitest";
import { SequenceStepSchema } from "./settings";
import {
  newVariantRow,
  nextStepContent,
  sendWindowOptions,
  stepContentFromForm,
  stepContentToForm,
  templateOptions,
  type StepAsVariant,
} from "./step-content-form";

const STEP_A: StepAsVariant = {
  subject: "You left something",
  offer: true,
  template: "PRODUCT",
  tone: "FRIENDLY",
  sendWindowHours: "0",
  variants: [],
};

/** The step as the schema reads it, from the form's content with a delay. */
const parseStep = (step: StepAsVariant) =>
  SequenceStepSchema.safeParse({
    delayMinutes: 60,
    subject: step.subject,
    offer: step.offer,
    ...stepContentFromForm(step),
  });

describe("the send-window select", () => {
  it("offers off and up to 1, 2, 3, 6, 12 and 24 hours later", () => {
    expect(sendWindowOptions("0")).toEqual([
      { label: "Off: send at the delay", value: "0" },
      { label: "Up to 1 hour later", value: "1" },
      { label: "Up to 2 hours later", value: "2" },
      { label: "Up to 3 hours later", value: "3" },
      { label: "Up to 6 hours later", value: "6" },
      { label: "Up to 12 hours later", value: "12" },
      { label: "Up to 24 hours later", value: "24" },
    ]);
  });

  it("lists a stored window that is not one of its choices, in its place, rather than change it", () => {
    expect(sendWindowOptions("5").map((option) => option.value)).toEqual([
      "0",
      "1",
      "2",
      "3",
      "5",
      "6",
      "12",
      "24",
    ]);
    expect(sendWindowOptions("5")[4]).toEqual({ label: "Up to 5 hours later", value: "5" });
    expect(sendWindowOptions("25")).toEqual(sendWindowOptions("0"));
  });
});

describe("the design select", () => {
  it("lists the four designs, each with a line saying what it is", () => {
    expect(templateOptions).toEqual([
      { label: "Product-led: the cart's items lead", value: "PRODUCT" },
      { label: "Image-led: large product pictures", value: "IMAGE" },
      { label: "Offer-led: the code and its expiry lead", value: "OFFER" },
      { label: "Personal note: a plain note from you, little styling", value: "NOTE" },
    ]);
  });
});

describe("newVariantRow", () => {
  it("starts a variant from A in a design neither A nor another variant uses, so the schema takes it at once", () => {
    const b = newVariantRow(STEP_A);
    expect(b).toEqual({ subject: "You left something", template: "IMAGE", tone: "FRIENDLY", offer: true });
    const withB = { ...STEP_A, variants: [b] };
    const c = newVariantRow(withB);
    expect(c.template).toBe("OFFER");
    expect(parseStep({ ...withB, variants: [b, c] }).success).toBe(true);
    expect(newVariantRow({ ...STEP_A, template: "IMAGE" }).template).toBe("PRODUCT");
  });
});

describe("the step content's round trip", () => {
  it("gives back the stored step's content from the form", () => {
    const stored = SequenceStepSchema.parse({
      delayMinutes: 60,
      offer: false,
      subject: "Hi",
      template: "NOTE",
      tone: "DIRECT",
      sendWindowHours: 12,
      variants: [{ subject: "Hey", template: "OFFER", tone: "FRIENDLY", offer: true }],
    });
    const form = stepContentToForm(stored);
    expect(form).toEqual({
      template: "NOTE",
      tone: "DIRECT",
      sendWindowHours: "12",
      variants: [{ subject: "Hey", template: "OFFER", tone: "FRIENDLY", offer: true }],
    });
    const { template, tone, sendWindowHours, variants } = stored;
    expect(stepContentFromForm(form)).toEqual({ template, tone, sendWindowHours, variants });
  });

  it("posts a window that is not a whole number as null, for the schema to refuse", () => {
    expect(stepContentFromForm({ ...STEP_A, sendWindowHours: "two" }).sendWindowHours).toBeNull();
    expect(parseStep({ ...STEP_A, sendWindowHours: "two" }).success).toBe(false);
  });

  it("refuses a variant that is A again, at the variant", () => {
    const same = { subject: STEP_A.subject, template: "PRODUCT", tone: "FRIENDLY", offer: true } as const;
    const parsed = parseStep({ ...STEP_A, variants: [same] });
    expect(parsed.error?.issues.map((issue) => issue.path)).toEqual([["variants", 0]]);
  });
});

describe("nextStepContent", () => {
  it("carries the last email's design, tone and window, never its experiment", () => {
    const last = {
      template: "OFFER",
      tone: "DIRECT",
      sendWindowHours: "3",
      variants: [{ subject: "B", template: "NOTE", tone: "DIRECT", offer: true }],
    } as const;
    expect(nextStepContent({ ...last, variants: [...last.variants] })).toEqual({
      template: "OFFER",
      tone: "DIRECT",
      sendWindowHours: "3",
      variants: [],
    });
    expect(nextStepContent(undefined)).toEqual({
      template: "PRODUCT",
      tone: "FRIENDLY",
      sendWindowHours: "0",
      variants: [],
    });
  });
});
