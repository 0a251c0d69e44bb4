import type {
  DiscountCodeBasicInput,
  DiscountContextInput,
  DiscountMinimumRequirementInput,
} from "~/graphql/create-percentage-discount-code";
import type { DiscountCodeFreeShippingInput } from "~/graphql/create-free-shipping-discount-code";
import type { FoundDiscountCode } from "~/graphql/find-discount-code";
import { formatDecimal, parseMinorUnits } from "~/lib/money";
import { DISCOUNT_KIND } from "./discount-code";
import type { StoredDiscountCode } from "./offer-set";

/**
 * The Admin API input for a stored code, and the test of whether a discount Shopify already has under that
 * code is the one Cartback asked for. Everything comes from the stored row, so a retry sends the same terms.
 */

const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/\d+$/;

/** A customer id as Cartback stores it (exact digits) or as a gid; anything else is no customer. */
export function customerGid(customerId: string | null | undefined): string | null {
  if (!customerId) return null;
  if (/^\d+$/.test(customerId)) return `gid://shopify/Customer/${customerId}`;
  return CUSTOMER_GID.test(customerId) ? customerId : null;
}

/** Only that customer may use the code when Shopify knows them; a guest checkout's code is open to all. */
export function discountContext(customer: string | null): DiscountContextInput {
  return customer ? { customers: { add: [customer] } } : { all: "ALL" };
}

function minimumRequirement(code: StoredDiscountCode): {
  minimumRequirement?: DiscountMinimumRequirementInput;
} {
  // A zero threshold is no requirement at all, rather than "subtotal >= 0.00".
  if (code.minimumSubtotalMinor <= 0) return {};
  return {
    minimumRequirement: {
      subtotal: { greaterThanOrEqualToSubtotal: formatDecimal(code.minimumSubtotalMinor, code.currency) },
    },
  };
}

export interface DiscountTermsContext {
  customer: string | null;
  /** Whether the offer also has a code of the other kind, which this one must combine with. */
  hasSibling: boolean;
}

export function percentageDiscountInput(
  code: StoredDiscountCode,
  { customer, hasSibling }: DiscountTermsContext,
): DiscountCodeBasicInput {
  const percentOff = code.percentOff ?? 0;
  return {
    title: `Cartback recovery: ${percentOff}% off (${code.code})`,
    code: code.code,
    startsAt: code.startsAt.toISOString(),
    endsAt: code.expiresAt.toISOString(),
    context: discountContext(customer),
    // Integer percent / 100 prints exactly (10 -> 0.1, 29 -> 0.29), which is what Shopify expects.
    customerGets: { value: { percentage: percentOff / 100 }, items: { all: true } },
    ...minimumRequirement(code),
    usageLimit: 1,
    appliesOncePerCustomer: true,
    // A percentage on all items is an order discount; it must allow the free-shipping code beside it.
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: hasSibling },
  };
}

export function freeShippingDiscountInput(
  code: StoredDiscountCode,
  { customer, hasSibling }: DiscountTermsContext,
): DiscountCodeFreeShippingInput {
  return {
    title: `Cartback recovery: free shipping (${code.code})`,
    code: code.code,
    startsAt: code.startsAt.toISOString(),
    endsAt: code.expiresAt.toISOString(),
    context: discountContext(customer),
    destination: { all: true },
    ...minimumRequirement(code),
    usageLimit: 1,
    appliesOncePerCustomer: true,
    // Both discounts must allow the combination: the percentage code (an order discount) with this one.
    combinesWith: { orderDiscounts: hasSibling, productDiscounts: false, shippingDiscounts: false },
  };
}

/**
 * Whether the discount Shopify holds under our code is ours: same kind, same percentage, same threshold.
 * Shopify answers TAKEN when an earlier attempt did create the code but its answer was lost; the random code
 * makes anything else (a merchant's code with the same 8 random characters) practically impossible, and
 * comparing the terms keeps that case from being adopted.
 */
export function isOurDiscount(found: FoundDiscountCode, code: StoredDiscountCode): boolean {
  const discount = found.codeDiscount;
  const expectedType =
    code.kind === DISCOUNT_KIND.PERCENTAGE ? "DiscountCodeBasic" : "DiscountCodeFreeShipping";
  if (discount.__typename !== expectedType) return false;
  if (code.kind === DISCOUNT_KIND.PERCENTAGE) {
    const percentage = discount.customerGets?.value?.percentage;
    if (typeof percentage !== "number" || Math.round(percentage * 100) !== code.percentOff) return false;
  }
  const subtotal = discount.minimumRequirement?.greaterThanOrEqualToSubtotal?.amount;
  const minimum = subtotal === undefined || subtotal === null ? 0 : parseMinorUnits(subtotal, code.currency);
  return minimum === code.minimumSubtotalMinor;
}
