import { z } from "zod";
import type { DbTransaction } from "~/db.server";
import { ERASURE_REASON, recordErasedIdentifiers } from "~/lib/erased-identifiers.server";
import { PrivacySummarySchema, type PrivacySummary } from "./privacy-request";
import { redactCustomerData } from "./redact-customer-data.server";
import { findCustomerRows } from "./resolve-customer-subject.server";

/** A customers/redact under way: its PrivacyRequest row, which holds who it is about until it completes. */
export interface PendingRedaction {
  id: string;
  customerId: string | null;
  emailHash: string | null;
  /** JSON array of the order ids Shopify listed. */
  orderIds: string | null;
  summary: string | null;
}

export const PENDING_REDACTION_SELECT = {
  id: true,
  customerId: true,
  emailHash: true,
  orderIds: true,
  summary: true,
} as const;

const OrderIdsSchema = z.array(z.string());

function addSummaries(total: PrivacySummary, batch: PrivacySummary): PrivacySummary {
  const sum: PrivacySummary = { ...total };
  for (const [key, count] of Object.entries(batch)) sum[key] = (sum[key] ?? 0) + count;
  return sum;
}

/**
 * One batch of a customer redaction: at most about `limit` of the shopper's rows of each kind are erased (the
 * redaction itself is the same as ever, table by table), and the counts are added to the request's summary.
 * The batch that finds the last of them completes the request: its completion time is set, and who it was
 * about is cleared. Rows already erased carry none of the shopper's keys, so a batch never finds one twice,
 * and a batch that fails rolls back whole: nothing is counted twice or skipped.
 */
export async function redactCustomerBatch(
  tx: DbTransaction,
  shop: string,
  request: PendingRedaction,
  { now, limit }: { now: Date; limit: number },
): Promise<{ isComplete: boolean; summary: PrivacySummary }> {
  const orderIds = OrderIdsSchema.parse(JSON.parse(request.orderIds ?? "[]"));
  const { subject, isPartial } = await findCustomerRows(
    tx,
    shop,
    { customerId: request.customerId, emailHash: request.emailHash, orderIds },
    { limit },
  );
  const batch = await redactCustomerData(tx, shop, subject, now);
  // Orders Shopify lists that never reached Cartback (a delivery still being retried) stay out too.
  await recordErasedIdentifiers(tx, shop, { orderIds }, { reason: ERASURE_REASON.REDACTED, now });
  const summary = addSummaries(PrivacySummarySchema.parse(JSON.parse(request.summary ?? "{}")), batch);
  await tx.privacyRequest.update({
    where: { id: request.id, shop },
    data: isPartial
      ? { summary: JSON.stringify(summary) }
      : {
          summary: JSON.stringify(summary),
          completedAt: now,
          customerId: null,
          emailHash: null,
          orderIds: null,
          leaseUntil: null,
        },
  });
  return { isComplete: !isPartial, summary };
}
