import { z } from "zod";
import { formatMoney } from "~/lib/money";

/**
 * A segment's conditions and how they are judged against one checkout's shopper facts. Pure: the facts are
 * loaded once per enrolment (load-shopper-facts.server.ts) and every segment is judged from them, so choosing
 * among 20 segments costs no more queries than choosing among 2.
 */

export const MAX_CONDITIONS = 10;
export const MAX_SEGMENTS = 20;

const Comparison = z.enum(["AT_LEAST", "AT_MOST"]);
export type Comparison = z.infer<typeof Comparison>;
const Count = z.number().int().min(0, "must not be negative").max(1_000_000, "is too large");
const AmountMinor = z.number().int().min(0, "must not be negative").max(2_147_483_647, "is too large");
const Days = z.number().int().min(0, "must not be negative").max(3650, "must be at most 3650 days");
const Codes = (pattern: RegExp, what: string) =>
  z
    .array(z.string().trim().toUpperCase().regex(pattern, `must be ${what}`))
    .min(1, "pick at least one")
    .max(250, "allows at most 250");
const Values = z
  .array(z.string().trim().min(1, "must not be empty").max(255, "must be at most 255 characters"))
  .min(1, "pick at least one")
  .max(250, "allows at most 250");
/** Every condition can be turned around ("is not"). */
const negate = z.boolean().default(false);
const Address = z.enum(["SHIPPING", "BILLING"]);

export const VALUE_TIERS = ["HIGH", "MEDIUM", "NEW"] as const;
export type ValueTier = (typeof VALUE_TIERS)[number];

export const SegmentConditionSchema = z.discriminatedUnion("kind", [
  // customer
  z.object({ kind: z.literal("CUSTOMER_TYPE"), value: z.enum(["NEW", "RETURNING"]), negate }),
  z.object({ kind: z.literal("ORDER_COUNT"), comparison: Comparison, value: Count, negate }),
  z.object({ kind: z.literal("TOTAL_SPENT"), comparison: Comparison, amountMinor: AmountMinor, negate }),
  z.object({ kind: z.literal("DAYS_SINCE_LAST_ORDER"), comparison: Comparison, days: Days, negate }),
  z.object({
    kind: z.literal("SHOPIFY_SEGMENT"),
    segmentId: z.string().regex(/^gid:\/\/shopify\/Segment\/\d+$/, "must be a Shopify customer segment"),
    name: z.string().trim().min(1).max(255),
    negate,
  }),
  // value
  z.object({ kind: z.literal("CART_SUBTOTAL"), comparison: Comparison, amountMinor: AmountMinor, negate }),
  z.object({
    kind: z.literal("VALUE_TIER"),
    tiers: z.array(z.enum(VALUE_TIERS)).min(1, "pick at least one"),
    negate,
  }),
  // place
  z.object({
    kind: z.literal("COUNTRY"),
    address: Address,
    codes: Codes(/^[A-Z]{2}$/, "a two-letter country code"),
    negate,
  }),
  z.object({
    kind: z.literal("PROVINCE"),
    address: Address,
    /** COUNTRY-PROVINCE, e.g. US-CA, CA-QC. */
    codes: Codes(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, "a country and province code such as US-CA"),
    negate,
  }),
  z.object({ kind: z.literal("LOCALE"), codes: Codes(/^[A-Z]{2,3}$/, "a language code such as FR"), negate }),
  z.object({
    kind: z.literal("CURRENCY"),
    codes: Codes(/^[A-Z]{3}$/, "a currency code such as EUR"),
    negate,
  }),
  // affinity
  z.object({ kind: z.literal("CART_PRODUCT_TYPE"), values: Values, negate }),
  z.object({ kind: z.literal("CART_VENDOR"), values: Values, negate }),
  z.object({ kind: z.literal("CART_TAG"), values: Values, negate }),
  z.object({ kind: z.literal("CART_COLLECTION"), values: Values, negate }),
  z.object({ kind: z.literal("FAVOURITE_PRODUCT_TYPE"), values: Values, negate }),
  z.object({ kind: z.literal("FAVOURITE_VENDOR"), values: Values, negate }),
  // behaviour
  z.object({
    kind: z.literal("ABANDONED_BEFORE"),
    withinDays: Days.min(1, "must be at least 1 day"),
    negate,
  }),
  z.object({ kind: z.literal("CLICKED_BEFORE"), negate }),
  z.object({ kind: z.literal("RECOVERED_BEFORE"), negate }),
]);
export type SegmentCondition = z.infer<typeof SegmentConditionSchema>;
export type ConditionKind = SegmentCondition["kind"];

export const SegmentRuleSchema = z.object({
  match: z.enum(["ALL", "ANY"]),
  conditions: z
    .array(SegmentConditionSchema)
    .min(1, "needs at least one condition")
    .max(MAX_CONDITIONS, `allows at most ${MAX_CONDITIONS} conditions`),
});
export type SegmentRule = z.infer<typeof SegmentRuleSchema>;

/** Everything the conditions read about one checkout and its shopper. Money in the shop's currency. */
export interface ShopperFacts {
  shopCurrency: string;
  /** The checkout's subtotal in the shop's currency. */
  subtotalMinor: number;
  /** The checkout's presentment currency (its market's), else its currency. */
  currency: string;
  /** Language of the checkout's locale, upper case (FR for fr-CA); null when unknown. */
  language: string | null;
  shipping: { country: string | null; province: string | null };
  billing: { country: string | null; province: string | null };
  /** Lower-cased, deduplicated. */
  cart: { productTypes: string[]; vendors: string[]; tags: string[]; collections: string[] };
  customer: {
    /** Orders before this checkout: Shopify's count when the Admin API answered, else the orders the app saw. */
    orderCount: number;
    totalSpentMinor: number;
    lastOrderAt: Date | null;
    source: "SHOPIFY" | "APP_ORDERS";
  };
  /** The shop's value tier of this customer (value-tiers.ts). */
  valueTier: ValueTier;
  /** Lower-cased; null when the shopper has no order the app saw with known products. */
  favourite: { productType: string | null; vendor: string | null };
  /** Shopify customer segments (ids) this customer belongs to, among those the shop's segments ask about. */
  shopifySegmentIds: ReadonlySet<string>;
  /** The latest earlier checkout of this shopper that was abandoned (enrolled or skipped), not this one. */
  lastAbandonedAt: Date | null;
  clickedBefore: boolean;
  recoveredBefore: boolean;
}

export interface ConditionOutcome {
  condition: SegmentCondition;
  held: boolean;
}

const DAY_MS = 86_400_000;

function compare(comparison: Comparison, actual: number, bound: number): boolean {
  return comparison === "AT_LEAST" ? actual >= bound : actual <= bound;
}

function anyOf(have: readonly string[], wanted: readonly string[]): boolean {
  const set = new Set(wanted.map((value) => value.trim().toLowerCase()));
  return have.some((value) => set.has(value));
}

function provinceKey(place: { country: string | null; province: string | null }): string | null {
  return place.country && place.province ? `${place.country}-${place.province}` : null;
}

function holdsPlainly(condition: SegmentCondition, facts: ShopperFacts, now: Date): boolean {
  switch (condition.kind) {
    case "CUSTOMER_TYPE":
      return facts.customer.orderCount > 0 === (condition.value === "RETURNING");
    case "ORDER_COUNT":
      return compare(condition.comparison, facts.customer.orderCount, condition.value);
    case "TOTAL_SPENT":
      return compare(condition.comparison, facts.customer.totalSpentMinor, condition.amountMinor);
    case "DAYS_SINCE_LAST_ORDER": {
      if (!facts.customer.lastOrderAt) return false;
      const days = Math.floor((now.getTime() - facts.customer.lastOrderAt.getTime()) / DAY_MS);
      return compare(condition.comparison, days, condition.days);
    }
    case "SHOPIFY_SEGMENT":
      return facts.shopifySegmentIds.has(condition.segmentId);
    case "CART_SUBTOTAL":
      return compare(condition.comparison, facts.subtotalMinor, condition.amountMinor);
    case "VALUE_TIER":
      return condition.tiers.includes(facts.valueTier);
    case "COUNTRY": {
      const country = condition.address === "SHIPPING" ? facts.shipping.country : facts.billing.country;
      return country !== null && condition.codes.includes(country);
    }
    case "PROVINCE": {
      const key = provinceKey(condition.address === "SHIPPING" ? facts.shipping : facts.billing);
      return key !== null && condition.codes.includes(key);
    }
    case "LOCALE":
      return facts.language !== null && condition.codes.includes(facts.language);
    case "CURRENCY":
      return condition.codes.includes(facts.currency);
    case "CART_PRODUCT_TYPE":
      return anyOf(facts.cart.productTypes, condition.values);
    case "CART_VENDOR":
      return anyOf(facts.cart.vendors, condition.values);
    case "CART_TAG":
      return anyOf(facts.cart.tags, condition.values);
    case "CART_COLLECTION":
      return anyOf(facts.cart.collections, condition.values);
    case "FAVOURITE_PRODUCT_TYPE":
      return facts.favourite.productType !== null && anyOf([facts.favourite.productType], condition.values);
    case "FAVOURITE_VENDOR":
      return facts.favourite.vendor !== null && anyOf([facts.favourite.vendor], condition.values);
    case "ABANDONED_BEFORE":
      return (
        facts.lastAbandonedAt !== null &&
        now.getTime() - facts.lastAbandonedAt.getTime() <= condition.withinDays * DAY_MS
      );
    case "CLICKED_BEFORE":
      return facts.clickedBefore;
    case "RECOVERED_BEFORE":
      return facts.recoveredBefore;
  }
}

export function conditionHolds(condition: SegmentCondition, facts: ShopperFacts, now: Date): boolean {
  return holdsPlainly(condition, facts, now) !== condition.negate;
}

/** Whether the rule matches, and the conditions that decided it (for "why" on the timeline). */
export function evaluateRule(
  rule: SegmentRule,
  facts: ShopperFacts,
  now: Date,
): { matched: boolean; outcomes: ConditionOutcome[] } {
  const outcomes = rule.conditions.map((condition) => ({
    condition,
    held: conditionHolds(condition, facts, now),
  }));
  const matched = rule.match === "ALL" ? outcomes.every((o) => o.held) : outcomes.some((o) => o.held);
  return { matched, outcomes };
}

export interface SegmentForMatching {
  id: string;
  name: string;
  rule: SegmentRule;
}

export interface SegmentMatch {
  /** A Segment id, or DEFAULT_SEGMENT_ID when none matched. */
  segmentId: string;
  name: string;
  /** The conditions that held (ALL: every one; ANY: those that did). Empty for the default. */
  held: SegmentCondition[];
}

/** The first segment whose rule matches, else the catch-all. Exactly one answer for any list and facts. */
export function matchSegment(
  segments: readonly SegmentForMatching[],
  facts: ShopperFacts,
  now: Date,
  fallback: { id: string; name: string },
): SegmentMatch {
  for (const segment of segments) {
    const { matched, outcomes } = evaluateRule(segment.rule, facts, now);
    if (matched)
      return {
        segmentId: segment.id,
        name: segment.name,
        held: outcomes.filter((o) => o.held).map((o) => o.condition),
      };
  }
  return { segmentId: fallback.id, name: fallback.name, held: [] };
}

/** Which fact groups a list of segments reads, so the loader fetches only those (the Admin API above all). */
export function factNeeds(segments: readonly SegmentForMatching[]) {
  const kinds = new Set(segments.flatMap((segment) => segment.rule.conditions.map((c) => c.kind)));
  const shopifySegmentIds = [
    ...new Set(
      segments.flatMap((segment) =>
        segment.rule.conditions.flatMap((c) => (c.kind === "SHOPIFY_SEGMENT" ? [c.segmentId] : [])),
      ),
    ),
  ];
  return {
    customer: ["CUSTOMER_TYPE", "ORDER_COUNT", "TOTAL_SPENT", "DAYS_SINCE_LAST_ORDER", "VALUE_TIER"].some(
      (k) => kinds.has(k as ConditionKind),
    ),
    valueTiers: kinds.has("VALUE_TIER"),
    shopifySegmentIds,
    cartCatalog: ["CART_PRODUCT_TYPE", "CART_VENDOR", "CART_TAG", "CART_COLLECTION"].some((k) =>
      kinds.has(k as ConditionKind),
    ),
    favourites: kinds.has("FAVOURITE_PRODUCT_TYPE") || kinds.has("FAVOURITE_VENDOR"),
    behaviour: kinds.has("ABANDONED_BEFORE") || kinds.has("CLICKED_BEFORE") || kinds.has("RECOVERED_BEFORE"),
  };
}
export type FactNeeds = ReturnType<typeof factNeeds>;

const COMPARISON_WORDS: Record<Comparison, string> = { AT_LEAST: "at least", AT_MOST: "at most" };

function list(values: readonly string[]): string {
  return values.length <= 3
    ? values.join(", ")
    : `${values.slice(0, 3).join(", ")} and ${values.length - 3} more`;
}

/** One line a merchant reads: "Total spent at least $500.00", "Shipping country is not FR". */
export function describeCondition(condition: SegmentCondition, currency: string): string {
  const is = condition.negate ? "is not" : "is";
  const money = (minor: number) => formatMoney({ amountMinor: minor, currency });
  const not = condition.negate ? "not " : "";
  switch (condition.kind) {
    case "CUSTOMER_TYPE":
      return `Customer ${is} ${condition.value === "NEW" ? "new (no earlier order)" : "returning"}`;
    case "ORDER_COUNT":
      return `${not ? "Not: " : ""}Orders ${COMPARISON_WORDS[condition.comparison]} ${condition.value}`;
    case "TOTAL_SPENT":
      return `${not ? "Not: " : ""}Total spent ${COMPARISON_WORDS[condition.comparison]} ${money(condition.amountMinor)}`;
    case "DAYS_SINCE_LAST_ORDER":
      return `${not ? "Not: " : ""}Last order ${COMPARISON_WORDS[condition.comparison]} ${condition.days} days ago`;
    case "SHOPIFY_SEGMENT":
      return `Customer ${is} in the Shopify segment "${condition.name}"`;
    case "CART_SUBTOTAL":
      return `${not ? "Not: " : ""}Cart subtotal ${COMPARISON_WORDS[condition.comparison]} ${money(condition.amountMinor)}`;
    case "VALUE_TIER":
      return `Value tier ${is} ${list(condition.tiers.map((tier) => tier.toLowerCase()))}`;
    case "COUNTRY":
      return `${condition.address === "SHIPPING" ? "Shipping" : "Billing"} country ${is} ${list(condition.codes)}`;
    case "PROVINCE":
      return `${condition.address === "SHIPPING" ? "Shipping" : "Billing"} province ${is} ${list(condition.codes)}`;
    case "LOCALE":
      return `Language ${is} ${list(condition.codes)}`;
    case "CURRENCY":
      return `Currency ${is} ${list(condition.codes)}`;
    case "CART_PRODUCT_TYPE":
      return `Cart ${condition.negate ? "has no" : "has a"} product of type ${list(condition.values)}`;
    case "CART_VENDOR":
      return `Cart ${condition.negate ? "has no" : "has a"} product by ${list(condition.values)}`;
    case "CART_TAG":
      return `Cart ${condition.negate ? "has no" : "has a"} product tagged ${list(condition.values)}`;
    case "CART_COLLECTION":
      return `Cart ${condition.negate ? "has no" : "has a"} product from ${list(condition.values)}`;
    case "FAVOURITE_PRODUCT_TYPE":
      return `Most-bought product type ${is} ${list(condition.values)}`;
    case "FAVOURITE_VENDOR":
      return `Most-bought vendor ${is} ${list(condition.values)}`;
    case "ABANDONED_BEFORE":
      return `${condition.negate ? "Did not abandon" : "Abandoned"} a checkout in the ${condition.withinDays} days before`;
    case "CLICKED_BEFORE":
      return condition.negate ? "Never clicked a recovery email" : "Clicked a recovery email before";
    case "RECOVERED_BEFORE":
      return condition.negate
        ? "Never came back through a recovery email"
        : "Came back through a recovery email before";
  }
}
