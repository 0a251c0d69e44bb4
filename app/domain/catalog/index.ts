export { CATALOG_SYNC_STATUS, MAX_SYNC_ATTEMPTS, describeBulkOperationFailure } from "./catalog-sync";
export type { CatalogSyncStatus } from "./catalog-sync";
export { CATALOG_STATUS_LABELS } from "./catalog-overview";
export type { CatalogOverview } from "./catalog-overview";
export { htmlToText } from "./html-to-text";
export type { ProductFacts } from "./product-facts";
export { ingestProduct, deleteProduct, upsertProduct } from "./ingest-product.server";
export type { ProductIngestOutcome } from "./ingest-product.server";
export { recordBulkOperationFinish } from "./record-bulk-operation-finish.server";
export type { BulkOperationFinishOutcome } from "./record-bulk-operation-finish.server";
export { startCatalogSync } from "./start-catalog-sync.server";
export type {
  CatalogSyncStart,
  CatalogSyncStartOutcome,
  StartCatalogSyncOptions,
} from "./start-catalog-sync.server";
export { advanceCatalogSyncs } from "./advance-catalog-syncs.server";
export type { AdvanceCatalogSyncsOptions, CatalogSyncStep } from "./advance-catalog-syncs.server";
export { getCatalogOverview } from "./get-catalog-overview.server";
export { bumpCatalogVersion } from "./catalog-version.server";
