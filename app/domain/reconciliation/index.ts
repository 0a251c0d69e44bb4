// Reconciliation: Shopify's own list of abandoned checkouts read on a schedule, so a checkout whose webhooks never
// came is still recovered, once.
export { getReconciliationStatus, requestReconciliation } from "./reconciliation-status.server";
export type { ReconciliationOutcome, ReconciliationStatus } from "./reconciliation-status.server";
export { reconcileShops, MISSING_ACCESS_FIX } from "./reconcile-shops.server";
export { RECONCILE_EVERY_MS, RETRY_FAILED_AFTER_MS } from "./reconciliation-schedule";
