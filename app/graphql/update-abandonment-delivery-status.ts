import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import { UserErrorSchema } from "./user-errors";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type {
  UpdateAbandonmentDeliveryStatusMutation,
  UpdateAbandonmentDeliveryStatusMutationVariables,
} from "./generated/admin.generated";

/** Writes what happened to one marketing activity's message for an abandonment (sent, when). */

const UpdateAbandonmentDeliveryStatusSchema = z.object({
  abandonmentUpdateActivitiesDeliveryStatuses: z
    .object({
      abandonment: z.object({ id: z.string() }).nullable(),
      userErrors: z.array(UserErrorSchema),
    })
    .nullable(),
});
export type UpdateAbandonmentDeliveryStatusData = z.infer<typeof UpdateAbandonmentDeliveryStatusSchema>;

export interface UpdateAbandonmentDeliveryStatusVariables extends Record<string, unknown> {
  abandonmentId: string;
  marketingActivityId: string;
  deliveryStatus: "SENT" | "NOT_SENT" | "SCHEDULED";
  deliveredAt: string | null;
  deliveryStatusChangeReason: string | null;
}

export const UpdateAbandonmentDeliveryStatus = defineOperation<
  UpdateAbandonmentDeliveryStatusVariables,
  UpdateAbandonmentDeliveryStatusData
>({
  name: "UpdateAbandonmentDeliveryStatus",
  query: `#graphql
    mutation UpdateAbandonmentDeliveryStatus(
      $abandonmentId: ID!
      $marketingActivityId: ID!
      $deliveryStatus: AbandonmentDeliveryState!
      $deliveredAt: DateTime
      $deliveryStatusChangeReason: String
    ) {
      abandonmentUpdateActivitiesDeliveryStatuses(
        abandonmentId: $abandonmentId
        marketingActivityId: $marketingActivityId
        deliveryStatus: $deliveryStatus
        deliveredAt: $deliveredAt
        deliveryStatusChangeReason: $deliveryStatusChangeReason
      ) {
        abandonment { id }
        userErrors { field message code }
      }
    }`,
  schema: UpdateAbandonmentDeliveryStatusSchema,
});

// Compile-time: the document accepts these variables, and every answer the schema allows fits the zod type.
type _FitsDocument = [
  Fits<UpdateAbandonmentDeliveryStatusVariables, UpdateAbandonmentDeliveryStatusMutationVariables>,
  Fits<SchemaAnswer<UpdateAbandonmentDeliveryStatusMutation>, UpdateAbandonmentDeliveryStatusData>,
];
