import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type {
  CustomerSegmentMembershipQuery,
  CustomerSegmentMembershipQueryVariables,
} from "./generated/admin.generated";

/** Which of the given Shopify customer segments one customer belongs to (segment conditions). */

const CustomerSegmentMembershipSchema = z.object({
  customerSegmentMembership: z.object({
    memberships: z.array(z.object({ segmentId: z.string(), isMember: z.boolean() })),
  }),
});
export type CustomerSegmentMembershipData = z.infer<typeof CustomerSegmentMembershipSchema>;

export interface CustomerSegmentMembershipVariables extends Record<string, unknown> {
  customerId: string;
  segmentIds: string[];
}

export const CustomerSegmentMembership = defineOperation<
  CustomerSegmentMembershipVariables,
  CustomerSegmentMembershipData
>({
  name: "CustomerSegmentMembership",
  query: `#graphql
    query CustomerSegmentMembership($customerId: ID!, $segmentIds: [ID!]!) {
      customerSegmentMembership(customerId: $customerId, segmentIds: $segmentIds) {
        memberships { segmentId isMember }
      }
    }`,
  schema: CustomerSegmentMembershipSchema,
});

// Compile-time: the document accepts these variables, and every answer the schema allows fits the zod type.
type _FitsDocument = [
  Fits<CustomerSegmentMembershipVariables, CustomerSegmentMembershipQueryVariables>,
  Fits<SchemaAnswer<CustomerSegmentMembershipQuery>, CustomerSegmentMembershipData>,
];
