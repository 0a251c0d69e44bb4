import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import { UserErrorSchema } from "./user-errors";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type {
  UpdateCustomerMarketingConsentMutation,
  UpdateCustomerMarketingConsentMutationVariables,
} from "./generated/admin.generated";

const UpdateCustomerMarketingConsentSchema = z.object({
  customerEmailMarketingConsentUpdate: z
    .object({
      customer: z.object({ id: z.string() }).nullable(),
      userErrors: z.array(UserErrorSchema),
    })
    .nullable(),
});

type UpdateCustomerMarketingConsentVariables = {
  input: {
    customerId: string;
    emailMarketingConsent: { marketingState: "UNSUBSCRIBED"; consentUpdatedAt: string };
  };
};

export const UpdateCustomerMarketingConsent = defineOperation<
  UpdateCustomerMarketingConsentVariables,
  z.infer<typeof UpdateCustomerMarketingConsentSchema>
>({
  name: "UpdateCustomerMarketingConsent",
  query: `#graphql
    mutation UpdateCustomerMarketingConsent($input: CustomerEmailMarketingConsentUpdateInput!) {
      customerEmailMarketingConsentUpdate(input: $input) {
        customer { id }
        userErrors { field message code }
      }
    }`,
  schema: UpdateCustomerMarketingConsentSchema,
});

// Compile-time: the document accepts these variables, and every answer the schema allows fits the zod type.
type _FitsDocument = [
  Fits<UpdateCustomerMarketingConsentVariables, UpdateCustomerMarketingConsentMutationVariables>,
  Fits<
    SchemaAnswer<UpdateCustomerMarketingConsentMutation>,
    z.infer<typeof UpdateCustomerMarketingConsentSchema>
  >,
];
