import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";

const UpdateCustomerMarketingConsentSchema = z.object({
  customerEmailMarketingConsentUpdate: z
    .object({
      customer: z.object({ id: z.string() }).nullable(),
      userErrors: z.array(
        z.object({
          field: z.array(z.string()).nullable().optional(),
          message: z.string(),
          code: z.string().nullable().optional(),
        }),
      ),
    })
    .nullable(),
});

export const UpdateCustomerMarketingConsent = defineOperation<
  {
    input: {
      customerId: string;
      emailMarketingConsent: { marketingState: "UNSUBSCRIBED"; consentUpdatedAt: string };
    };
  },
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
