import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import { DiscountUserErrorSchema } from "./create-percentage-discount-code";

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
