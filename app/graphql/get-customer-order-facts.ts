import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type {
  GetCustomerOrderFactsQuery,
  GetCustomerOrderFactsQueryVariables,
} from "./generated/admin.generated";

/**
 * Shopify's order count, lifetime spend and last order date of up to 50 customers in one call (segment
 * conditions, app/domain/segments/load-shopper-facts.server.ts). An id that is no longer a customer answers
 * null, or a node of another type, which has none of these fields.
 */

/** Shopify caps `nodes(ids:)` at 250; 50 keeps one call's cost small next to the recovery engine's. */
export const CUSTOMER_ORDER_FACTS_PAGE_SIZE = 50;

const CustomerOrderFactsSchema = z.object({
  id: z.string().optional(),
  numberOfOrders: z.string().optional(),
  amountSpent: z.object({ amount: z.string(), currencyCode: z.string() }).optional(),
  lastOrder: z.object({ createdAt: z.string() }).nullish(),
});

const GetCustomerOrderFactsSchema = z.object({
  nodes: z.array(CustomerOrderFactsSchema.nullable()),
});
export type GetCustomerOrderFactsData = z.infer<typeof GetCustomerOrderFactsSchema>;

export const GetCustomerOrderFacts = defineOperation<{ ids: string[] }, GetCustomerOrderFactsData>({
  name: "GetCustomerOrderFacts",
  query: `#graphql
    query GetCustomerOrderFacts($ids: [ID!]!) {
      nodes(ids: $ids) {
        ... on Customer {
          id
          numberOfOrders
          amountSpent { amount currencyCode }
          lastOrder { createdAt }
        }
      }
    }`,
  schema: GetCustomerOrderFactsSchema,
});

// Compile-time: the document accepts these variables, and every answer the schema allows fits the zod type.
type _FitsDocument = [
  Fits<{ ids: string[] }, GetCustomerOrderFactsQueryVariables>,
  Fits<SchemaAnswer<GetCustomerOrderFactsQuery>, GetCustomerOrderFactsData>,
];
