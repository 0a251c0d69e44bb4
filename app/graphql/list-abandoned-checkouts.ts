import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type {
  ListAbandonedCheckoutsQuery,
  ListAbandonedCheckoutsQueryVariables,
} from "./generated/admin.generated";

/**
 * One page of the shop's abandoned checkouts (Shopify's own list, the one its admin shows), filtered by
 * `updated_at`. Needs the read_orders scope and, for the staff member whose token it is, the
 * manage_abandoned_checkouts permission; customer fields need read_customers.
 *
 * Sorted by ID, not by update time (there is no UPDATED_AT sort key): the order of a checkout never changes
 * while a run pages through, so a saved page cursor resumes where it stopped.
 */

const MoneySchema = z.object({ shopMoney: z.object({ amount: z.string(), currencyCode: z.string() }) });
const PresentmentMoneySchema = MoneySchema.extend({
  presentmentMoney: z.object({ currencyCode: z.string() }),
});

const AbandonedCheckoutLineSchema = z.object({
  title: z.string().nullable(),
  variantTitle: z.string().nullable(),
  sku: z.string().nullable(),
  quantity: z.number().int(),
  product: z.object({ id: z.string() }).nullable(),
  variant: z.object({ id: z.string() }).nullable(),
  originalUnitPriceSet: z.object({ shopMoney: z.object({ amount: z.string() }) }),
});

export const AbandonedCheckoutNodeSchema = z.object({
  id: z.string(),
  abandonedCheckoutUrl: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  customer: z
    .object({
      id: z.string(),
      firstName: z.string().nullable(),
      locale: z.string(),
      defaultEmailAddress: z.object({ emailAddress: z.string(), marketingState: z.string() }).nullable(),
    })
    .nullable(),
  shippingAddress: z
    .object({
      countryCodeV2: z.string().nullable(),
      provinceCode: z.string().nullish(),
      firstName: z.string().nullable(),
    })
    .nullable(),
  // Codes only (segment conditions read them); nullish so answers recorded before it was asked still parse.
  billingAddress: z
    .object({ countryCodeV2: z.string().nullable(), provinceCode: z.string().nullable() })
    .nullish(),
  subtotalPriceSet: PresentmentMoneySchema,
  totalPriceSet: MoneySchema,
  lineItems: z.object({ nodes: z.array(AbandonedCheckoutLineSchema) }),
});
export type AbandonedCheckoutNode = z.infer<typeof AbandonedCheckoutNodeSchema>;

const ListAbandonedCheckoutsSchema = z.object({
  abandonedCheckouts: z.object({
    nodes: z.array(AbandonedCheckoutNodeSchema),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
  }),
});
export type ListAbandonedCheckoutsData = z.infer<typeof ListAbandonedCheckoutsSchema>;

export interface ListAbandonedCheckoutsVariables extends Record<string, unknown> {
  first: number;
  after: string | null;
  query: string;
}

/**
 * Shopify prices a query before running it: one point per object, times `first` for a connection. A line
 * costs 5 (itself, product, variant, price bag and money), a checkout about 111 with 20 lines, so 8
 * checkouts a page stay under the 1,000-point ceiling of a single query. A checkout of more lines is stored
 * with its first 20 (the email shows fewer).
 */
export const ABANDONED_CHECKOUTS_PAGE_SIZE = 8;

export const ListAbandonedCheckouts = defineOperation<
  ListAbandonedCheckoutsVariables,
  ListAbandonedCheckoutsData
>({
  name: "ListAbandonedCheckouts",
  query: `#graphql
    query ListAbandonedCheckouts($first: Int!, $after: String, $query: String!) {
      abandonedCheckouts(first: $first, after: $after, query: $query, sortKey: ID) {
        nodes {
          id
          abandonedCheckoutUrl
          createdAt
          updatedAt
          completedAt
          customer {
            id
            firstName
            locale
            defaultEmailAddress { emailAddress marketingState }
          }
          shippingAddress { countryCodeV2 provinceCode firstName }
          billingAddress { countryCodeV2 provinceCode }
          subtotalPriceSet { shopMoney { amount currencyCode } presentmentMoney { currencyCode } }
          totalPriceSet { shopMoney { amount currencyCode } }
          lineItems(first: 20) {
            nodes {
              title
              variantTitle
              sku
              quantity
              product { id }
              variant { id }
              originalUnitPriceSet { shopMoney { amount } }
            }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }`,
  schema: ListAbandonedCheckoutsSchema,
});

// Compile-time: the document accepts these variables, and every answer the schema allows fits the zod type.
type _FitsDocument = [
  Fits<ListAbandonedCheckoutsVariables, ListAbandonedCheckoutsQueryVariables>,
  Fits<SchemaAnswer<ListAbandonedCheckoutsQuery>, ListAbandonedCheckoutsData>,
];
