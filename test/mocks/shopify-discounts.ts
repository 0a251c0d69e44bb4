import type { AdminCall } from "./shopify-admin";

/**
 * Shopify's code discounts, mocked with state: created discounts are kept per shop, so a second create of a
 * code answers TAKEN, a lookup finds what was created, and a delete of an unknown id fails the way Shopify
 * does. These are the default answers (test/mocks/shopify-admin.ts) for the demo and every test; a test
 * overrides an operation with mockAdminOperation and may call these resolvers from its own.
 */

export interface MockDiscount {
  id: string;
  shop: string;
  code: string;
  type: "DiscountCodeBasic" | "DiscountCodeFreeShipping";
  input: Record<string, unknown>;
}

const discounts = new Map<string, MockDiscount>();
let sequence = 1000;

const keyOf = (shop: string, code: string) => `${shop}:${code.toUpperCase()}`;

export function resetShopifyDiscounts() {
  discounts.clear();
}

/** What the mocked shop holds, oldest first. */
export function shopifyDiscounts(shop?: string): MockDiscount[] {
  return [...discounts.values()].filter((discount) => !shop || discount.shop === shop);
}

/** As if the merchant deleted the discount in the admin. */
export function removeShopifyDiscount(shop: string, code: string) {
  discounts.delete(keyOf(shop, code));
}

export const discountUserError = (code: string, message: string, field: string[] = ["code"]) => ({
  field,
  code,
  message,
});

/** Shopify's validation of the inputs Cartback sends, as far as it shows in userErrors. */
function validate(input: Record<string, unknown>, type: MockDiscount["type"]) {
  const errors: Array<ReturnType<typeof discountUserError>> = [];
  if (typeof input.code !== "string" || input.code.trim() === "") {
    errors.push(discountUserError("BLANK", "Code can't be blank"));
  }
  if (typeof input.title !== "string" || input.title.trim() === "") {
    errors.push(discountUserError("BLANK", "Title can't be blank", ["title"]));
  }
  if (!input.context) errors.push(discountUserError("BLANK", "Context can't be blank", ["context"]));
  if (input.customerSelection) {
    errors.push(
      discountUserError("INVALID", "customerSelection is deprecated; use context", ["customerSelection"]),
    );
  }
  if (
    typeof input.endsAt === "string" &&
    typeof input.startsAt === "string" &&
    input.endsAt <= input.startsAt
  ) {
    errors.push(
      discountUserError("END_DATE_BEFORE_START_DATE", "Ends at needs to be after starts_at", ["endsAt"]),
    );
  }
  if (type === "DiscountCodeBasic") {
    const percentage = (input.customerGets as { value?: { percentage?: number } } | undefined)?.value
      ?.percentage;
    if (typeof percentage !== "number" || percentage <= 0 || percentage > 1) {
      errors.push(
        discountUserError("VALUE_OUTSIDE_RANGE", "Value must be between 0.0 and 1.0", [
          "customerGets",
          "value",
          "percentage",
        ]),
      );
    }
  }
  return errors;
}

function createDiscount(type: MockDiscount["type"], mutation: string) {
  return ({ shop, variables }: AdminCall) => {
    const input = (variables.input ?? {}) as Record<string, unknown>;
    const errors = validate(input, type);
    const code = String(input.code ?? "");
    if (errors.length === 0 && discounts.has(keyOf(shop, code))) {
      errors.push(discountUserError("TAKEN", "Code must be unique. Please try a different code."));
    }
    if (errors.length > 0) {
      const field = type === "DiscountCodeBasic" ? "basicCodeDiscount" : "freeShippingCodeDiscount";
      return {
        data: {
          [mutation]: {
            codeDiscountNode: null,
            userErrors: errors.map((error) => ({ ...error, field: [field, ...error.field] })),
          },
        },
      };
    }
    const discount: MockDiscount = {
      id: `gid://shopify/DiscountCodeNode/${++sequence}`,
      shop,
      code,
      type,
      input,
    };
    discounts.set(keyOf(shop, code), discount);
    return { data: { [mutation]: { codeDiscountNode: { id: discount.id }, userErrors: [] } } };
  };
}

export const createPercentageDiscountCode = createDiscount("DiscountCodeBasic", "discountCodeBasicCreate");
export const createFreeShippingDiscountCode = createDiscount(
  "DiscountCodeFreeShipping",
  "discountCodeFreeShippingCreate",
);

/** Shopify writes decimals without trailing zeros, but with one digit after the point: "100.00" -> "100.0". */
function shopifyDecimal(value: string): string {
  const [whole, fraction = ""] = value.split(".");
  return `${whole}.${fraction.replace(/0+$/, "") || "0"}`;
}

/** The DiscountCodeNode of a mocked discount, in the shape FindDiscountCode asks for. */
export function discountCodeNode(discount: MockDiscount) {
  const input = discount.input as {
    startsAt?: string;
    endsAt?: string;
    usageLimit?: number;
    customerGets?: { value?: { percentage?: number } };
    minimumRequirement?: { subtotal?: { greaterThanOrEqualToSubtotal?: string } };
  };
  const subtotal = input.minimumRequirement?.subtotal?.greaterThanOrEqualToSubtotal;
  return {
    id: discount.id,
    codeDiscount: {
      __typename: discount.type,
      startsAt: input.startsAt ?? null,
      endsAt: input.endsAt ?? null,
      usageLimit: input.usageLimit ?? null,
      ...(discount.type === "DiscountCodeBasic"
        ? {
            customerGets: {
              value: { __typename: "DiscountPercentage", percentage: input.customerGets?.value?.percentage },
            },
          }
        : {}),
      minimumRequirement: subtotal
        ? {
            __typename: "DiscountMinimumSubtotal",
            greaterThanOrEqualToSubtotal: { amount: shopifyDecimal(subtotal) },
          }
        : null,
    },
  };
}

export function findDiscountCode({ shop, variables }: AdminCall) {
  const discount = discounts.get(keyOf(shop, String(variables.code ?? "")));
  return { data: { codeDiscountNodeByCode: discount ? discountCodeNode(discount) : null } };
}

export function deleteDiscountCode({ shop, variables }: AdminCall) {
  const discount = [...discounts.values()].find((item) => item.shop === shop && item.id === variables.id);
  if (!discount) {
    return {
      data: {
        discountCodeDelete: {
          deletedCodeDiscountId: null,
          userErrors: [{ field: ["id"], code: null, message: "Discount does not exist" }],
        },
      },
    };
  }
  discounts.delete(keyOf(shop, discount.code));
  return { data: { discountCodeDelete: { deletedCodeDiscountId: discount.id, userErrors: [] } } };
}
