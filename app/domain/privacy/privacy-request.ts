import { z } from "zod";

/**
 * The kinds of PrivacyRequest rows. A shop redaction leaves no row: it erases everything of the shop,
 * its own trace included (see redact-shop.server.ts).
 */
export const PRIVACY_REQUEST_KIND = {
  DATA_REQUEST: "DATA_REQUEST",
  CUSTOMER_REDACT: "CUSTOMER_REDACT",
} as const;
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KIND)[keyof typeof PRIVACY_REQUEST_KIND];

/** Rows exported or erased, per table key ("checkouts": 2). */
export const PrivacySummarySchema = z.record(z.string(), z.number().int().nonnegative());
export type PrivacySummary = z.infer<typeof PrivacySummarySchema>;

export const CUSTOMER_DATA_EXPORT_FORMAT = "cartback.customer-data/1";

/**
 * What a data request's export holds: who it is about (as Shopify named them) and every stored row about
 * them, per table, with personal fields decrypted. The merchant hands it to the shopper.
 */
export const CustomerDataExportSchema = z.object({
  format: z.literal(CUSTOMER_DATA_EXPORT_FORMAT),
  shop: z.string(),
  shopifyRequestId: z.string().nullable(),
  generatedAt: z.string(),
  subject: z.object({ customerId: z.string().nullable(), email: z.string().nullable() }),
  data: z.record(z.string(), z.array(z.unknown())),
});
export type CustomerDataExport = z.infer<typeof CustomerDataExportSchema>;
