import { z } from "zod";
import { defineOperation } from "~/lib/admin-graphql.server";
import type { Fits, SchemaAnswer } from "./schema/fits-document";
import type {
  CreateWebPixelMutation,
  CreateWebPixelMutationVariables,
  GetWebPixelQuery,
  UpdateWebPixelMutation,
  UpdateWebPixelMutationVariables,
} from "./generated/admin.generated";

const WebPixelSchema = z.object({ id: z.string(), settings: z.string().nullable() });
const WebPixelUserErrorSchema = z.object({
  code: z.string().nullish(),
  field: z.array(z.string()).nullish(),
  message: z.string(),
});

/** The app's web pixel on this shop, or null when it has none yet. */
export const GetWebPixel = defineOperation<undefined, { webPixel: z.infer<typeof WebPixelSchema> | null }>({
  name: "GetWebPixel",
  query: `#graphql
    query GetWebPixel {
      webPixel { id settings }
    }`,
  schema: z.object({ webPixel: WebPixelSchema.nullable() }),
});

const CreateWebPixelSchema = z.object({
  webPixelCreate: z
    .object({ webPixel: WebPixelSchema.nullable(), userErrors: z.array(WebPixelUserErrorSchema) })
    .nullable(),
});

/** Activates the app's pixel extension on the shop, with its settings (a JSON string). */
export const CreateWebPixel = defineOperation<{ settings: string }, z.infer<typeof CreateWebPixelSchema>>({
  name: "CreateWebPixel",
  query: `#graphql
    mutation CreateWebPixel($settings: JSON!) {
      webPixelCreate(webPixel: { settings: $settings }) {
        webPixel { id settings }
        userErrors { code field message }
      }
    }`,
  schema: CreateWebPixelSchema,
});

const UpdateWebPixelSchema = z.object({
  webPixelUpdate: z
    .object({ webPixel: WebPixelSchema.nullable(), userErrors: z.array(WebPixelUserErrorSchema) })
    .nullable(),
});

/** Changes the settings of the app's pixel on the shop. */
export const UpdateWebPixel = defineOperation<
  { id: string; settings: string },
  z.infer<typeof UpdateWebPixelSchema>
>({
  name: "UpdateWebPixel",
  query: `#graphql
    mutation UpdateWebPixel($id: ID!, $settings: JSON!) {
      webPixelUpdate(id: $id, webPixel: { settings: $settings }) {
        webPixel { id settings }
        userErrors { code field message }
      }
    }`,
  schema: UpdateWebPixelSchema,
});

// Compile-time: the document accepts these variables, and every answer the schema allows fits the zod type.
type _FitsDocuments = [
  Fits<SchemaAnswer<GetWebPixelQuery>, { webPixel: z.infer<typeof WebPixelSchema> | null }>,
  Fits<{ settings: string }, CreateWebPixelMutationVariables>,
  Fits<SchemaAnswer<CreateWebPixelMutation>, z.infer<typeof CreateWebPixelSchema>>,
  Fits<{ id: string; settings: string }, UpdateWebPixelMutationVariables>,
  Fits<SchemaAnswer<UpdateWebPixelMutation>, z.infer<typeof UpdateWebPixelSchema>>,
];
