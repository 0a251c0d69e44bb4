import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type {
  CustomerSegmentMembershipQuery,
  CustomerSegmentMembershipQueryVariables,
} from "./generated/admin.generated";

/**
 * Which of the given Shopify customer segments each of up to 10 customers belongs to (segment conditions).
 * Shopify's field takes one customer, so the document asks it 10 times under aliases c0..c9: a batch of
 * checkouts costs a tenth of the round trips. A shorter list repeats its last customer.
 */
export const MEMBERSHIP_BATCH_SIZE = 10;
const ALIASES = Array.from({ length: MEMBERSHIP_BATCH_SIZE }, (_, index) => `c${index}`);

const MembershipsSchema = z.object({
  memberships: z.array(z.object({ segmentId: z.string(), isMember: z.boolean() })),
});
const CustomerSegmentMembershipSchema = z.object(
  Object.fromEntries(ALIASES.map((alias) => [alias, MembershipsSchema])) as Record<
    `c${number}`,
    typeof MembershipsSchema
  >,
);
export type CustomerSegmentMembershipData = Record<string, z.infer<typeof MembershipsSchema>>;

type Alias = "c0" | "c1" | "c2" | "c3" | "c4" | "c5" | "c6" | "c7" | "c8" | "c9";
export type CustomerSegmentMembershipVariables = { segmentIds: string[] } & Record<Alias, string>;

/** The variables for up to MEMBERSHIP_BATCH_SIZE customer gids, and which alias answers for which. */
export function membershipVariables(
  customerGids: readonly string[],
  segmentIds: string[],
): CustomerSegmentMembershipVariables {
  if (customerGids.length === 0 || customerGids.length > MEMBERSHIP_BATCH_SIZE)
    throw new Error(`a membership batch takes 1 to ${MEMBERSHIP_BATCH_SIZE} customers`);
  const last = customerGids[customerGids.length - 1] as string;
  return {
    segmentIds,
    ...(Object.fromEntries(ALIASES.map((alias, index) => [alias, customerGids[index] ?? last])) as Record<
      Alias,
      string
    >),
  };
}

export const CustomerSegmentMembership = defineOperation<
  CustomerSegmentMembershipVariables,
  CustomerSegmentMembershipData
>({
  name: "CustomerSegmentMembership",
  query: `#graphql
    query CustomerSegmentMembership($segmentIds: [ID!]!, $c0: ID!, $c1: ID!, $c2: ID!, $c3: ID!, $c4: ID!, $c5: ID!, $c6: ID!, $c7: ID!, $c8: ID!, $c9: ID!) {
      c0: customerSegmentMembership(customerId: $c0, segmentIds: $segmentIds) { ...Memberships }
      c1: customerSegmentMembership(customerId: $c1, segmentIds: $segmentIds) { ...Memberships }
      c2: customerSegmentMembership(customerId: $c2, segmentIds: $segmentIds) { ...Memberships }
      c3: customerSegmentMembership(customerId: $c3, segmentIds: $segmentIds) { ...Memberships }
      c4: customerSegmentMembership(customerId: $c4, segmentIds: $segmentIds) { ...Memberships }
      c5: customerSegmentMembership(customerId: $c5, segmentIds: $segmentIds) { ...Memberships }
      c6: customerSegmentMembership(customerId: $c6, segmentIds: $segmentIds) { ...Memberships }
      c7: customerSegmentMembership(customerId: $c7, segmentIds: $segmentIds) { ...Memberships }
      c8: customerSegmentMembership(customerId: $c8, segmentIds: $segmentIds) { ...Memberships }
      c9: customerSegmentMembership(customerId: $c9, segmentIds: $segmentIds) { ...Memberships }
    }
    fragment Memberships on SegmentMembershipResponse {
      memberships { segmentId isMember }
    }`,
  schema: CustomerSegmentMembershipSchema,
});

// Compile-time: the document accepts these variables, and every answer the schema allows fits the zod type.
type _FitsDocument = [
  Fits<CustomerSegmentMembershipVariables, CustomerSegmentMembershipQueryVariables>,
  Fits<SchemaAnswer<CustomerSegmentMembershipQuery>, z.infer<typeof CustomerSegmentMembershipSchema>>,
];
