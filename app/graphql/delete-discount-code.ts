import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import { DiscountUserErrorSchema } from "./create-percentage-discount-code";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type {
  DeleteDiscountCodeMutation,
  DeleteDiscountCodeMutationVariables,
} from "./generated/admin.generated";

const DeleteDiscountCodeSchema = z.object({
  discountCodeDelete: z
    .object({
      deletedCodeDiscountId: z.string().nullish(),
      userErrors: z.array(DiscountUserErrorSchema),
    })
    .nullable(),
});
export type DeleteDiscountCodeData = z.infer<typeof DeleteDiscountCodeSchema>;

/** Deletes a code discount (a DiscountCodeNode gid) for good. */
export const DeleteDiscountCode = defineOperation<{ id: string }, DeleteDiscountCodeData>({
  name: "DeleteDiscountCode",
  query: `#graphql
    mutation DeleteDiscountCode($id: ID!) {
      discountCodeDelete(id: $id) {
        deletedCodeDiscountId
        userErrors { field code message }
      }
    }`,
  schema: DeleteDiscountCodeSchema,
});

// Compile-time: the document accepts these variables, and every answer the schema allows fits the zod type.
type _FitsDocument = [
  Fits<{ id: string }, DeleteDiscountCodeMutationVariables>,
  Fits<SchemaAnswer<DeleteDiscountCodeMutation>, DeleteDiscountCodeData>,
];
