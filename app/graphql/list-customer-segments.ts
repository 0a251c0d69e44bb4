import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type { ListCustomerSegmentsQuery } from "./generated/admin.generated";

/**
 * The shop's Shopify customer segments, for the segment editor's picker. 250 is one page's most; a shop with
 * more sees its first 250 (Shopify's own admin lists them the same way, by default order).
 */
const ListCustomerSegmentsSchema = z.object({
  segments: z.object({ nodes: z.array(z.object({ id: z.string(), name: z.string() })) }),
});
export type ListCustomerSegmentsData = z.infer<typeof ListCustomerSegmentsSchema>;

export const ListCustomerSegments = defineOperation<undefined, ListCustomerSegmentsData>({
  name: "ListCustomerSegments",
  query: `#graphql
    query ListCustomerSegments {
      segments(first: 250) {
        nodes { id name }
      }
    }`,
  schema: ListCustomerSegmentsSchema,
});

// Compile-time: every answer the schema allows for the document fits the zod type.
type _FitsDocument = Fits<SchemaAnswer<ListCustomerSegmentsQuery>, ListCustomerSegmentsData>;
