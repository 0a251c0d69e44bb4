import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import { UserErrorSchema } from "./user-errors";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type {
  UpsertMarketingActivityMutation,
  UpsertMarketingActivityMutationVariables,
} from "./generated/admin.generated";

/**
 * The external marketing activity Cartback's recovery emails are reported under. An upsert keyed by our
 * `remoteId`, not marketingActivityCreateExternal (deprecated in 2026-10): two workers making it at once get
 * the same activity, never two.
 */

const UpsertMarketingActivitySchema = z.object({
  marketingActivityUpsertExternal: z
    .object({
      marketingActivity: z.object({ id: z.string() }).nullable(),
      userErrors: z.array(UserErrorSchema),
    })
    .nullable(),
});
export type UpsertMarketingActivityData = z.infer<typeof UpsertMarketingActivitySchema>;

export interface UpsertMarketingActivityVariables extends Record<string, unknown> {
  input: {
    remoteId: string;
    title: string;
    remoteUrl: string;
    status: "ACTIVE" | "PAUSED" | "INACTIVE";
    tactic: "ABANDONED_CART";
    marketingChannelType: "EMAIL";
    utm: { source: string; medium: string; campaign: string };
  };
}

export const UpsertMarketingActivity = defineOperation<
  UpsertMarketingActivityVariables,
  UpsertMarketingActivityData
>({
  name: "UpsertMarketingActivity",
  query: `#graphql
    mutation UpsertMarketingActivity($input: MarketingActivityUpsertExternalInput!) {
      marketingActivityUpsertExternal(input: $input) {
        marketingActivity { id }
        userErrors { field message code }
      }
    }`,
  schema: UpsertMarketingActivitySchema,
});

// Compile-time: the document accepts these variables, and every answer the schema allows fits the zod type.
type _FitsDocument = [
  Fits<UpsertMarketingActivityVariables, UpsertMarketingActivityMutationVariables>,
  Fits<SchemaAnswer<UpsertMarketingActivityMutation>, UpsertMarketingActivityData>,
];
