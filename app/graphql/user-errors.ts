import { z } from "zod";

/**
 * A mutation's userErrors, as every Admin API mutation answers them: the input field at fault, Shopify's words,
 * and its error code (each mutation has its own code enum; callers compare the ones they handle).
 */
export const UserErrorSchema = z.object({
  field: z.array(z.string()).nullish(),
  code: z.string().nullish(),
  message: z.string(),
});
export type UserError = z.infer<typeof UserErrorSchema>;
