export { answerDataRequest } from "./answer-data-request.server";
export type { DataRequestOutcome } from "./answer-data-request.server";
export { redactCustomer } from "./redact-customer.server";
export type { CustomerRedactOutcome } from "./redact-customer.server";
export { redactShop } from "./redact-shop.server";
export type { ShopRedactOutcome } from "./redact-shop.server";
export { eraseShopBatch } from "./erase-shop-data.server";
export type { ErasedCounts, ShopErasureBatch } from "./erase-shop-data.server";
export { runCustomerRedactions } from "./run-customer-redactions.server";
export type { RunErasuresOptions } from "./run-customer-redactions.server";
export { runShopErasures } from "./run-shop-erasures.server";
export { collectCustomerData } from "./collect-customer-data.server";
export { redactCustomerData } from "./redact-customer-data.server";
export { resolveCustomerSubject } from "./resolve-customer-subject.server";
export type { CustomerIdentity } from "./resolve-customer-subject.server";
export { listPrivacyRequests } from "./list-privacy-requests.server";
export type { PrivacyRequestListItem } from "./list-privacy-requests.server";
export { getPrivacyExport } from "./get-privacy-export.server";
export type { PrivacyExport } from "./get-privacy-export.server";
export { PRIVACY_DATA_MAP, CUSTOMER_DATA_TABLES } from "./privacy-data-map.server";
export type { TablePrivacy, PrivacyModelName } from "./privacy-data-map.server";
export type { CustomerDataTable, CustomerSubject, NoCustomerData } from "./customer-data-table";
export {
  PRIVACY_REQUEST_KIND,
  CUSTOMER_DATA_EXPORT_FORMAT,
  CustomerDataExportSchema,
  PrivacySummarySchema,
} from "./privacy-request";
export type { PrivacyRequestKind, PrivacySummary, CustomerDataExport } from "./privacy-request";
export {
  DataRequestPayloadSchema,
  CustomerRedactPayloadSchema,
  ShopRedactPayloadSchema,
} from "./compliance-payloads";
export type { DataRequestPayload, CustomerRedactPayload, ShopRedactPayload } from "./compliance-payloads";
export { checkHashKey, checkKeyFingerprints } from "./check-key-fingerprints.server";
export type { KeyCheck } from "./check-key-fingerprints.server";
