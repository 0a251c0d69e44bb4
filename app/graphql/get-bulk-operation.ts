import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type { GetBulkOperationQuery, GetBulkOperationQueryVariables } from "./generated/admin.generated";

const GetBulkOperationSchema = z.object({
  bulkOperation: z
    .object({
      id: z.string(),
      /** CREATED | RUNNING | COMPLETED | CANCELING | CANCELED | FAILED | EXPIRED */
      status: z.string(),
      errorCode: z.string().nullish(),
      /** Expires seven days after completion; null when the export found nothing. */
      url: z.string().nullish(),
      partialDataUrl: z.string().nullish(),
      /** UnsignedInt64, as a string. */
      objectCount: z.union([z.string(), z.number()]).nullish(),
    })
    .nullable(),
});
export type BulkOperationDetails = NonNullable<z.infer<typeof GetBulkOperationSchema>["bulkOperation"]>;

export const GetBulkOperation = defineOperation<{ id: string }, z.infer<typeof GetBulkOperationSchema>>({
  name: "GetBulkOperation",
  query: `#graphql
    query GetBulkOperation($id: ID!) {
      bulkOperation(id: $id) {
        id
        status
        errorCode
        url
        partialDataUrl
        objectCount
      }
    }`,
  schema: GetBulkOperationSchema,
});

// Compile-time: the document accepts these variables, and every answer the schema allows fits the zod type.
type _FitsDocument = [
  Fits<{ id: string }, GetBulkOperationQueryVariables>,
  Fits<SchemaAnswer<GetBulkOperationQuery>, z.infer<typeof GetBulkOperationSchema>>,
];
