import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import {
  DiscountUserErrorSchema,
  type DiscountCombinesWithInput,
  type DiscountContextInput,
  type DiscountMinimumRequirementInput,
} from "./create-percentage-discount-code";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type {
  CreateFreeShippingDiscountCodeMutation,
  CreateFreeShippingDiscountCodeMutationVariables,
} from "./generated/admin.generated";

/** A free-shipping code discount (`discountCodeFreeShippingCreate`), 2026-10 input shape (`context`). */

export interface DiscountCodeFreeShippingInput {
  title: string;
  code: string;
  startsAt: string;
  endsAt: string;
  context: DiscountContextInput;
  destination: { all: true };
  minimumRequirement?: DiscountMinimumRequirementInput;
  usageLimit: number;
  appliesOncePerCustomer: boolean;
  combinesWith: DiscountCombinesWithInput;
}

const CreateFreeShippingDiscountCodeSchema = z.object({
  discountCodeFreeShippingCreate: z
    .object({
      codeDiscountNode: z.object({ id: z.string() }).nullable(),
      userErrors: z.array(DiscountUserErrorSchema),
    })
    .nullable(),
});
export type CreateFreeShippingDiscountCodeData = z.infer<typeof CreateFreeShippingDiscountCodeSchema>;

export const CreateFreeShippingDiscountCode = defineOperation<
  { input: DiscountCodeFreeShippingInput },
  CreateFreeShippingDiscountCodeData
>({
  name: "CreateFreeShippingDiscountCode",
  query: `#graphql
    mutation CreateFreeShippingDiscountCode($input: DiscountCodeFreeShippingInput!) {
      discountCodeFreeShippingCreate(freeShippingCodeDiscount: $input) {
        codeDiscountNode { id }
        userErrors { field code message }
      }
    }`,
  schema: CreateFreeShippingDiscountCodeSchema,
});

// Compile-time: the document accepts these variables, and every answer the schema allows fits the zod type.
type _FitsDocument = [
  Fits<{ input: DiscountCodeFreeShippingInput }, CreateFreeShippingDiscountCodeMutationVariables>,
  Fits<SchemaAnswer<CreateFreeShippingDiscountCodeMutation>, CreateFreeShippingDiscountCodeData>,
];
