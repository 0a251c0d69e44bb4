// The pure module, not the folder's index: this module runs in the browser.
import { OFFER_ARMS, type OfferArm } from "~/domain/discounts/offer-arms";
import {
  nextStepContent,
  stepContentFromForm,
  stepContentToForm,
  type StepContentForm,
} from "~/domain/shops/step-content-form";
import { formatDecimal, parseMinorUnits } from "~/lib/money";
import type { SegmentCondition, SegmentRule, ValueTier } from "./segment-rules";
import type { SegmentStrategy } from "./segment-strategy";

/**
 * The segment editor's view of segments: what its fields hold (strings while typed, codes as a comma list,
 * delays as a number plus a unit, money in major units) and the conversion to what the server validates.
 * Numbers that do not parse are sent as null, so the server's schema refuses them with a field error at the
 * same path the page shows it (`segments.1.rule.conditions.0.amountMinor`): one place decides validity.
 *
 * Pure: the page renders with it and the route tests post with it.
 */

export type ConditionKind = SegmentCondition["kind"];
export type Comparison = "AT_LEAST" | "AT_MOST";
export type DelayUnit = "minutes" | "hours" | "days";

export interface ConditionDraft {
  rowKey: string;
  kind: ConditionKind;
  negate: boolean;
  customerType: "NEW" | "RETURNING";
  comparison: Comparison;
  /** A count, a number of days or an amount in major units, by kind. */
  amount: string;
  address: "SHIPPING" | "BILLING";
  /** Codes typed as a comma list: "FR, BE". */
  codes: string;
  /** Catalog values picked from the shop's products. */
  values: string[];
  tiers: ValueTier[];
  shopifySegment: { id: string; name: string } | null;
}

/** A step's delay, subject and offer, and its content (design, tone, send window, variants), as the Settings page's. */
export interface StepDraft extends StepContentForm {
  rowKey: string;
  delay: string;
  delayUnit: DelayUnit;
  subject: string;
  offer: boolean;
}

export interface TierDraft {
  rowKey: string;
  minimumSubtotal: string;
  percentOff: string;
  freeShipping: boolean;
}

export interface StrategyDraft {
  steps: StepDraft[];
  discount: "NONE" | "TIERS";
  tiers: TierDraft[];
  holdoutPercent: string;
  codeLifetimeHours: number;
  /** The offer test's ticked offers (none: no test); sent only with discount tiers, which it needs. */
  offerArms: OfferArm[];
}

export interface SegmentDraft {
  rowKey: string;
  /** The stored segment's id; absent for one added on the page. */
  id?: string;
  name: string;
  match: SegmentRule["match"];
  conditions: ConditionDraft[];
  strategy: StrategyDraft;
}

/** What the save intent posts for one segment, in order. */
export interface SegmentInput {
  id?: string;
  name: string;
  rule: unknown;
  strategy: unknown;
}

export const MAX_NAME_LENGTH = 80;

export const CONDITION_GROUPS: { title: string; kinds: { kind: ConditionKind; label: string }[] }[] = [
  {
    title: "Customer",
    kinds: [
      { kind: "CUSTOMER_TYPE", label: "New or returning customer" },
      { kind: "ORDER_COUNT", label: "Number of orders" },
      { kind: "TOTAL_SPENT", label: "Total spent" },
      { kind: "DAYS_SINCE_LAST_ORDER", label: "Days since the last order" },
      { kind: "SHOPIFY_SEGMENT", label: "Shopify customer segment" },
    ],
  },
  {
    title: "Value",
    kinds: [
      { kind: "CART_SUBTOTAL", label: "Cart subtotal" },
      { kind: "VALUE_TIER", label: "Value tier" },
    ],
  },
  {
    title: "Place",
    kinds: [
      { kind: "COUNTRY", label: "Country" },
      { kind: "PROVINCE", label: "Province or state" },
      { kind: "LOCALE", label: "Language" },
      { kind: "CURRENCY", label: "Currency (market)" },
    ],
  },
  {
    title: "Affinity",
    kinds: [
      { kind: "CART_PRODUCT_TYPE", label: "Product type in the cart" },
      { kind: "CART_VENDOR", label: "Vendor in the cart" },
      { kind: "CART_TAG", label: "Product tag in the cart" },
      { kind: "CART_COLLECTION", label: "Collection in the cart" },
      { kind: "FAVOURITE_PRODUCT_TYPE", label: "Most-bought product type" },
      { kind: "FAVOURITE_VENDOR", label: "Most-bought vendor" },
    ],
  },
  {
    title: "Behaviour",
    kinds: [
      { kind: "ABANDONED_BEFORE", label: "Abandoned a checkout before" },
      { kind: "CLICKED_BEFORE", label: "Clicked a recovery email before" },
      { kind: "RECOVERED_BEFORE", label: "Came back through a recovery email before" },
    ],
  },
];

let lastRowKey = 0;
/** A key React can follow while rows are added, removed and moved; never sent, never rendered. */
export function nextRowKey(): string {
  return `row-${++lastRowKey}`;
}

const MINUTES = { minutes: 1, hours: 60, days: 1440 } as const;

export function formatDelay(delayMinutes: number): { delay: string; delayUnit: DelayUnit } {
  if (delayMinutes % MINUTES.days === 0)
    return { delay: String(delayMinutes / MINUTES.days), delayUnit: "days" };
  if (delayMinutes % MINUTES.hours === 0)
    return { delay: String(delayMinutes / MINUTES.hours), delayUnit: "hours" };
  return { delay: String(delayMinutes), delayUnit: "minutes" };
}

/** Whole minutes, or null (refused by the schema) when the text is not a number. */
function parseDelay(delay: string, unit: DelayUnit): number | null {
  const text = delay.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  return Math.round(Number(text) * MINUTES[unit]);
}

function parseWhole(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

function parseMoney(text: string, currency: string): number | null {
  return parseMinorUnits(text, currency);
}

function splitCodes(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((code) => code.trim())
    .filter((code) => code !== "");
}

/** A fresh condition of a kind, with the values a merchant most likely wants. */
export function newConditionDraft(kind: ConditionKind): ConditionDraft {
  const amount = kind === "ABANDONED_BEFORE" ? "30" : kind === "DAYS_SINCE_LAST_ORDER" ? "90" : "";
  return {
    rowKey: nextRowKey(),
    kind,
    negate: false,
    customerType: "NEW",
    comparison: "AT_LEAST",
    amount,
    address: "SHIPPING",
    codes: "",
    values: [],
    tiers: kind === "VALUE_TIER" ? ["HIGH"] : [],
    shopifySegment: null,
  };
}

export function conditionToDraft(condition: SegmentCondition, currency: string): ConditionDraft {
  const draft = { ...newConditionDraft(condition.kind), negate: condition.negate };
  switch (condition.kind) {
    case "CUSTOMER_TYPE":
      return { ...draft, customerType: condition.value };
    case "ORDER_COUNT":
      return { ...draft, comparison: condition.comparison, amount: String(condition.value) };
    case "TOTAL_SPENT":
    case "CART_SUBTOTAL":
      return {
        ...draft,
        comparison: condition.comparison,
        amount: formatDecimal(condition.amountMinor, currency),
      };
    case "DAYS_SINCE_LAST_ORDER":
      return { ...draft, comparison: condition.comparison, amount: String(condition.days) };
    case "SHOPIFY_SEGMENT":
      return { ...draft, shopifySegment: { id: condition.segmentId, name: condition.name } };
    case "VALUE_TIER":
      return { ...draft, tiers: condition.tiers };
    case "COUNTRY":
    case "PROVINCE":
      return { ...draft, address: condition.address, codes: condition.codes.join(", ") };
    case "LOCALE":
    case "CURRENCY":
      return { ...draft, codes: condition.codes.join(", ") };
    case "CART_PRODUCT_TYPE":
    case "CART_VENDOR":
    case "CART_TAG":
    case "CART_COLLECTION":
    case "FAVOURITE_PRODUCT_TYPE":
    case "FAVOURITE_VENDOR":
      return { ...draft, values: condition.values };
    case "ABANDONED_BEFORE":
      return { ...draft, amount: String(condition.withinDays) };
    case "CLICKED_BEFORE":
    case "RECOVERED_BEFORE":
      return draft;
  }
}

/** The condition as posted: typed where the text parses, null where it does not (the server says why). */
export function conditionFromDraft(draft: ConditionDraft, currency: string): Record<string, unknown> {
  const base = { kind: draft.kind, negate: draft.negate };
  switch (draft.kind) {
    case "CUSTOMER_TYPE":
      return { ...base, value: draft.customerType };
    case "ORDER_COUNT":
      return { ...base, comparison: draft.comparison, value: parseWhole(draft.amount) };
    case "TOTAL_SPENT":
    case "CART_SUBTOTAL":
      return { ...base, comparison: draft.comparison, amountMinor: parseMoney(draft.amount, currency) };
    case "DAYS_SINCE_LAST_ORDER":
      return { ...base, comparison: draft.comparison, days: parseWhole(draft.amount) };
    case "SHOPIFY_SEGMENT":
      return {
        ...base,
        segmentId: draft.shopifySegment?.id ?? null,
        name: draft.shopifySegment?.name ?? null,
      };
    case "VALUE_TIER":
      return { ...base, tiers: draft.tiers };
    case "COUNTRY":
    case "PROVINCE":
      return { ...base, address: draft.address, codes: splitCodes(draft.codes) };
    case "LOCALE":
    case "CURRENCY":
      return { ...base, codes: splitCodes(draft.codes) };
    case "CART_PRODUCT_TYPE":
    case "CART_VENDOR":
    case "CART_TAG":
    case "CART_COLLECTION":
    case "FAVOURITE_PRODUCT_TYPE":
    case "FAVOURITE_VENDOR":
      return { ...base, values: draft.values };
    case "ABANDONED_BEFORE":
      return { ...base, withinDays: parseWhole(draft.amount) };
    case "CLICKED_BEFORE":
    case "RECOVERED_BEFORE":
      return base;
  }
}

/** The email "Add email" appends: a day after the last one, with the offer, in the last one's design and tone. */
export function newStepDraft(steps: readonly StepDraft[]): StepDraft {
  const last = steps.at(-1);
  const lastMinutes = last ? Number(last.delay) * MINUTES[last.delayUnit] : 0;
  const next = Number.isFinite(lastMinutes) ? lastMinutes + MINUTES.days : MINUTES.days;
  return {
    rowKey: nextRowKey(),
    ...formatDelay(Math.round(next)),
    subject: "",
    offer: true,
    ...nextStepContent(last),
  };
}

export function strategyToDraft(strategy: SegmentStrategy, currency: string): StrategyDraft {
  return {
    steps: strategy.steps.map((step) => ({
      rowKey: nextRowKey(),
      ...formatDelay(step.delayMinutes),
      subject: step.subject,
      offer: step.offer,
      ...stepContentToForm(step),
    })),
    discount: strategy.tiers.length > 0 ? "TIERS" : "NONE",
    tiers: strategy.tiers.map((tier) => ({
      rowKey: nextRowKey(),
      minimumSubtotal: formatDecimal(tier.minimumSubtotalMinor, currency),
      percentOff: String(tier.percentOff),
      freeShipping: tier.freeShipping,
    })),
    holdoutPercent: String(strategy.holdoutPercent),
    codeLifetimeHours: strategy.codeLifetimeHours,
    offerArms: [...strategy.offerArms],
  };
}

/** The offers ticked in the test's checkboxes, in OFFER_ARMS' order; anything else is ignored. */
export function pickOfferArms(ticked: readonly string[]): OfferArm[] {
  return OFFER_ARMS.filter((arm) => ticked.includes(arm));
}

export function strategyFromDraft(draft: StrategyDraft, currency: string): Record<string, unknown> {
  return {
    steps: draft.steps.map((step) => ({
      delayMinutes: parseDelay(step.delay, step.delayUnit),
      offer: step.offer,
      subject: step.subject,
      ...stepContentFromForm(step),
    })),
    tiers:
      draft.discount === "NONE"
        ? []
        : draft.tiers.map((tier) => ({
            minimumSubtotalMinor: parseMoney(tier.minimumSubtotal, currency),
            percentOff: parseWhole(tier.percentOff),
            freeShipping: tier.freeShipping,
          })),
    codeLifetimeHours: draft.codeLifetimeHours,
    holdoutPercent: parseWhole(draft.holdoutPercent),
    // "No discount" has no tiers to test; the ticks stay in the draft should the merchant switch back.
    offerArms: draft.discount === "NONE" ? [] : draft.offerArms,
  };
}

export function segmentToDraft(
  segment: { id?: string; name: string; rule: SegmentRule; strategy: SegmentStrategy },
  currency: string,
): SegmentDraft {
  return {
    rowKey: nextRowKey(),
    ...(segment.id ? { id: segment.id } : {}),
    name: segment.name,
    match: segment.rule.match,
    conditions: segment.rule.conditions.map((condition) => conditionToDraft(condition, currency)),
    strategy: strategyToDraft(segment.strategy, currency),
  };
}

export function ruleFromDraft(draft: SegmentDraft, currency: string): Record<string, unknown> {
  return {
    match: draft.match,
    conditions: draft.conditions.map((condition) => conditionFromDraft(condition, currency)),
  };
}

export function segmentFromDraft(draft: SegmentDraft, currency: string): SegmentInput {
  return {
    ...(draft.id ? { id: draft.id } : {}),
    name: draft.name,
    rule: ruleFromDraft(draft, currency),
    strategy: strategyFromDraft(draft.strategy, currency),
  };
}

/** A new segment: one condition to fill in, and the shop's default sequence to start from. */
export function blankSegmentDraft(
  defaultStrategy: SegmentStrategy,
  currency: string,
  taken: readonly string[],
): SegmentDraft {
  let number = taken.length + 1;
  while (taken.includes(`Segment ${number}`)) number++;
  return {
    rowKey: nextRowKey(),
    name: `Segment ${number}`,
    match: "ALL",
    conditions: [newConditionDraft("CUSTOMER_TYPE")],
    strategy: strategyToDraft(defaultStrategy, currency),
  };
}

/**
 * `next` (the list just saved, or loaded again) keeping the row keys of `previous` wherever a row stands for
 * the same one, and `previous`'s own objects where nothing differs, so React updates the cards in place. With
 * fresh keys every save mounted every card again: 190 ms of the main thread in the browser tests, the slowest
 * interaction of the page. A segment is the same by its id, or, not yet saved, by its place; its conditions,
 * emails and tiers by their place.
 */
export function keepRowKeys(previous: readonly SegmentDraft[], next: SegmentDraft[]): SegmentDraft[] {
  return next.map((draft, index) => {
    const atPlace = previous[index];
    const before =
      previous.find((candidate) => candidate.id !== undefined && candidate.id === draft.id) ??
      (atPlace && atPlace.id === undefined ? atPlace : undefined);
    if (!before) return draft;
    if (comparableDrafts([before]) === comparableDrafts([draft])) return before;
    return {
      ...draft,
      rowKey: before.rowKey,
      conditions: withKeysOf(draft.conditions, before.conditions),
      strategy: {
        ...draft.strategy,
        steps: withKeysOf(draft.strategy.steps, before.strategy.steps),
        tiers: withKeysOf(draft.strategy.tiers, before.strategy.tiers),
      },
    };
  });
}

const withKeysOf = <Row extends { rowKey: string }>(rows: Row[], keyed: readonly Row[]): Row[] =>
  rows.map((row, index) => {
    const before = keyed[index];
    return before ? { ...row, rowKey: before.rowKey } : row;
  });

/** Row keys are React's business: they never make the form "edited". */
export function comparableDrafts(drafts: readonly SegmentDraft[]): string {
  return JSON.stringify(drafts, (key, value: unknown) => (key === "rowKey" ? undefined : value));
}

/** The error of a field, or the first one below it (a code in a list: `codes.2` shows on `codes`). */
export function errorAt(errors: Readonly<Record<string, string>>, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const below = Object.keys(errors).find((key) => key.startsWith(`${path}.`));
  return below ? errors[below] : undefined;
}
