import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import { UserErrorSchema, type UserError } from "./user-errors";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type {
  CreatePercentageDiscountCodeMutation,
  CreatePercentageDiscountCodeMutationVariables,
} from "./generated/admin.generated";

/**
 * A percentage-off code discount (`discountCodeBasicCreate`), in the 2026-10 input shape: `context` says who
 * may use it (the deprecated `customerSelection` is never sent).
 */

export type DiscountContextInput = { all: "ALL" } | { customers: { add: string[] } };

export interface DiscountMinimumRequirementInput {
  /** A decimal string in the shop's currency, e.g. "100.00" (JPY "5000"). */
  subtotal: { greaterThanOrEqualToSubtotal: string };
}

export interface DiscountCombinesWithInput {
  orderDiscounts: boolean;
  productDiscounts: boolean;
  shippingDiscounts: boolean;
}

export interface DiscountCodeBasicInput {
  title: string;
  code: string;
  startsAt: string;
  endsAt: string;
  context: DiscountContextInput;
  customerGets: {
    /** 0 to 1: 10% is 0.1. */
    value: { percentage: number };
    items: { all: true };
  };
  minimumRequirement?: DiscountMinimumRequirementInput;
  usageLimit: number;
  appliesOncePerCustomer: boolean;
  combinesWith: DiscountCombinesWithInput;
}

/** DiscountErrorCode: TAKEN, INVALID, VALUE_OUTSIDE_RANGE, BLANK, … */
export const DiscountUserErrorSchema = UserErrorSchema;
export type DiscountUserError = UserError;

const CreatePercentageDiscountCodeSchema = z.object({
  discountCodeBasicCreate: z
    .object({
      codeDiscountNode: z.object({ id: z.string() }).nullable(),
      userErrors: z.array(DiscountUserErrorSchema),
    })
    .nullable(),
});
export type CreatePercentageDiscountCodeData = z.infer<typeof CreatePercentageDiscountCodeSchema>;

export const CreatePercentageDiscountCode = defineOperation<
  { input: DiscountCodeBasicInput },
  CreatePercentageDiscountCodeData
>({
  name: "CreatePercentageDiscountCode",
  query: `#graphql
    mutation CreatePercentageDiscountCode($input: DiscountCodeBasicInput!) {
      discountCodeBasicCreate(basicCodeDiscount: $input) {
        codeDiscountNode { id }
        userErrors { field code message }
      }
    }`,
  schema: CreatePercentageDiscountCodeSchema,
});

// Compile-time: the document accepts these variables, and every answer the schema allows fits the zod type.
type _FitsDocument = [
  Fits<{ input: DiscountCodeBasicInput }, CreatePercentageDiscountCodeMutationVariables>,
  Fits<SchemaAnswer<CreatePercentageDiscountCodeMutation>, CreatePercentageDiscountCodeData>,
];
