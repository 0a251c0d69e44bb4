import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type {
  FlowTriggerReceiveMutation,
  FlowTriggerReceiveMutationVariables,
} from "./generated/admin.generated";

const FlowTriggerReceiveSchema = z.object({
  flowTriggerReceive: z
    .object({ userErrors: z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string() })) })
    .nullable(),
});
export type FlowTriggerReceiveData = z.infer<typeof FlowTriggerReceiveSchema>;

/** Fires one of the app's Flow trigger extensions for the shop (`payload` is the trigger's fields as JSON). */
export const FlowTriggerReceive = defineOperation<
  { handle: string; payload: unknown },
  FlowTriggerReceiveData
>({
  name: "FlowTriggerReceive",
  query: `#graphql
    mutation FlowTriggerReceive($handle: String, $payload: JSON) {
      flowTriggerReceive(handle: $handle, payload: $payload) {
        userErrors { field message }
      }
    }`,
  schema: FlowTriggerReceiveSchema,
});

// Compile-time: the document accepts these variables, and every answer the schema allows fits the zod type.
type _FitsDocument = [
  Fits<{ handle: string; payload: unknown }, FlowTriggerReceiveMutationVariables>,
  Fits<SchemaAnswer<FlowTriggerReceiveMutation>, FlowTriggerReceiveData>,
];
