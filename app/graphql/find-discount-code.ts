import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type { FindDiscountCodeQuery, FindDiscountCodeQueryVariables } from "./generated/admin.generated";

/**
 * The code discount that owns a code (codes are unique per shop, case-insensitively), with the terms needed
 * to tell whether it is the one Cartback asked for.
 */

const MinimumRequirementSchema = z
  .object({
    __typename: z.string(),
    greaterThanOrEqualToSubtotal: z.object({ amount: z.string() }).nullish(),
  })
  .nullish();

const FindDiscountCodeSchema = z.object({
  codeDiscountNodeByCode: z
    .object({
      id: z.string(),
      codeDiscount: z.object({
        /** DiscountCodeBasic | DiscountCodeFreeShipping | DiscountCodeBxgy | DiscountCodeApp */
        __typename: z.string(),
        startsAt: z.string().nullish(),
        endsAt: z.string().nullish(),
        usageLimit: z.number().nullish(),
        customerGets: z
          .object({
            value: z.object({ __typename: z.string(), percentage: z.number().nullish() }).nullish(),
          })
          .nullish(),
        minimumRequirement: MinimumRequirementSchema,
      }),
    })
    .nullable(),
});
export type FindDiscountCodeData = z.infer<typeof FindDiscountCodeSchema>;
export type FoundDiscountCode = NonNullable<FindDiscountCodeData["codeDiscountNodeByCode"]>;

export const FindDiscountCode = defineOperation<{ code: string }, FindDiscountCodeData>({
  name: "FindDiscountCode",
  query: `#graphql
    query FindDiscountCode($code: String!) {
      codeDiscountNodeByCode(code: $code) {
        id
        codeDiscount {
          __typename
          ... on DiscountCodeBasic {
            startsAt
            endsAt
            usageLimit
            customerGets {
              value {
                __typename
                ... on DiscountPercentage { percentage }
              }
            }
            minimumRequirement {
              __typename
              ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } }
            }
          }
          ... on DiscountCodeFreeShipping {
            startsAt
            endsAt
            usageLimit
            minimumRequirement {
              __typename
              ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } }
            }
          }
        }
      }
    }`,
  schema: FindDiscountCodeSchema,
});

// Compile-time: the document accepts these variables, and every answer the schema allows fits the zod type.
type _FitsDocument = [
  Fits<{ code: string }, FindDiscountCodeQueryVariables>,
  Fits<SchemaAnswer<FindDiscountCodeQuery>, FindDiscountCodeData>,
];
