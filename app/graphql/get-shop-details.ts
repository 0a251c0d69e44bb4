import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type { GetShopDetailsQuery } from "./generated/admin.generated";

const GetShopDetailsSchema = z.object({
  shop: z.object({
    name: z.string(),
    email: z.string().nullable().optional(),
    contactEmail: z.string().nullable().optional(),
    currencyCode: z.string().length(3),
    ianaTimezone: z.string().min(1),
    myshopifyDomain: z.string(),
    primaryDomain: z.object({ url: z.string() }).nullable().optional(),
    billingAddress: z
      .object({ formatted: z.array(z.string()) })
      .nullable()
      .optional(),
  }),
});
export type ShopDetails = z.infer<typeof GetShopDetailsSchema>["shop"];

export const GetShopDetails = defineOperation<undefined, z.infer<typeof GetShopDetailsSchema>>({
  name: "GetShopDetails",
  query: `#graphql
    query GetShopDetails {
      shop {
        name
        email
        contactEmail
        currencyCode
        ianaTimezone
        myshopifyDomain
        primaryDomain { url }
        billingAddress { formatted }
      }
    }`,
  schema: GetShopDetailsSchema,
});

// Compile-time: every answer the schema allows for the document fits the zod type.
type _FitsDocument = Fits<SchemaAnswer<GetShopDetailsQuery>, z.infer<typeof GetShopDetailsSchema>>;
