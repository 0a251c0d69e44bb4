import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type { FindAbandonmentQuery, FindAbandonmentQueryVariables } from "./generated/admin.generated";

/**
 * Shopify's abandonment record of an abandoned checkout (gid://shopify/AbandonedCheckout/<id>), the record
 * delivery statuses are written to. Null when Shopify has none for it (yet).
 */

const FindAbandonmentSchema = z.object({
  abandonmentByAbandonedCheckoutId: z
    .object({
      id: z.string(),
      /** What Shopify holds now: NOT_SENT | SCHEDULED | SENT, whoever reported it. */
      emailState: z.string().nullable(),
      emailSentAt: z.string().nullable(),
    })
    .nullable(),
});
export type FindAbandonmentData = z.infer<typeof FindAbandonmentSchema>;

export const FindAbandonment = defineOperation<{ abandonedCheckoutId: string }, FindAbandonmentData>({
  name: "FindAbandonment",
  query: `#graphql
    query FindAbandonment($abandonedCheckoutId: ID!) {
      abandonmentByAbandonedCheckoutId(abandonedCheckoutId: $abandonedCheckoutId) {
        id
        emailState
        emailSentAt
      }
    }`,
  schema: FindAbandonmentSchema,
});

// Compile-time: the document accepts these variables, and every answer the schema allows fits the zod type.
type _FitsDocument = [
  Fits<{ abandonedCheckoutId: string }, FindAbandonmentQueryVariables>,
  Fits<SchemaAnswer<FindAbandonmentQuery>, FindAbandonmentData>,
];
