import { z } from "zod";
import type { WebhookHandler } from "~/lib/webhook-handler";
import { CATALOG_SYNC_STATUS, describeBulkOperationFailure } from "./catalog-sync";

const BulkOperationFinishPayloadSchema = z.object({
  admin_graphql_api_id: z
    .string()
    .regex(/^gid:\/\/shopify\/BulkOperation\/\d{1,30}$/, "must be a BulkOperation gid"),
  status: z.string().regex(/^[A-Za-z_]{1,32}$/, "must be a bulk operation status"),
  error_code: z.string().max(64).nullish(),
  type: z.string().max(32).nullish(),
});
type BulkOperationFinishPayload = z.infer<typeof BulkOperationFinishPayloadSchema>;

export type BulkOperationFinishOutcome = "READY" | "FAILED" | "ALREADY_RECORDED" | "UNKNOWN_OPERATION";

/**
 * bulk_operations/finish only records the outcome on the shop's sync that started this operation: the import
 * downloads and writes up to 100,000 products, which a webhook (5 seconds, no Admin API calls) cannot do, so
 * the next tick does it. Operations Cartback did not start for the catalog, or no longer waits for, are
 * acknowledged and ignored.
 */
export const recordBulkOperationFinish: WebhookHandler<BulkOperationFinishPayload> = {
  schema: BulkOperationFinishPayloadSchema,
  async handle({ shop, payload, tx, now, log }): Promise<BulkOperationFinishOutcome> {
    const bulkOperationId = payload.admin_graphql_api_id;
    const isCompleted = payload.status.toUpperCase() === "COMPLETED";
    const reason = isCompleted ? null : describeBulkOperationFailure(payload.status, payload.error_code);
    const { count } = await tx.catalogState.updateMany({
      where: { shop, bulkOperationId, syncStatus: CATALOG_SYNC_STATUS.RUNNING },
      data: isCompleted
        ? { syncStatus: CATALOG_SYNC_STATUS.READY, syncAttempts: 0, leaseUntil: null, syncError: null }
        : {
            syncStatus: CATALOG_SYNC_STATUS.FAILED,
            syncError: reason,
            syncFinishedAt: now,
            leaseUntil: null,
          },
    });
    if (count === 1) {
      if (reason) log.warn({ bulkOperationId, reason }, "catalog export failed");
      return isCompleted ? "READY" : "FAILED";
    }
    const known = await tx.catalogState.findFirst({
      where: { shop, bulkOperationId },
      select: { shop: true },
    });
    return known ? "ALREADY_RECORDED" : "UNKNOWN_OPERATION";
  },
};
