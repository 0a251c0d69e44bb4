import type { DbTransaction, Prisma } from "~/db.server";
import { isCustomerDataTable, type CustomerDataTable, type NoCustomerData } from "./customer-data-table";
import { checkoutData } from "./tables/checkout-data.server";
import { discountCodeData } from "./tables/discount-code-data.server";
import { enrollmentData } from "./tables/enrollment-data.server";
import { flowTriggerData } from "./tables/flow-trigger-data.server";
import { marketingConsentData } from "./tables/marketing-consent-data.server";
import { orderData } from "./tables/order-data.server";
import { privacyRequestData } from "./tables/privacy-request-data.server";
import { recoveryEventData } from "./tables/recovery-event-data.server";
import { recoverySendData } from "./tables/recovery-send-data.server";
import { suppressionData } from "./tables/suppression-data.server";

export interface TablePrivacy {
  /** How customer data requests and redactions treat the table, or why it holds nothing about shoppers. */
  customer: CustomerDataTable | NoCustomerData;
  /** shop/redact: deletes every row of the shop. */
  eraseShop(tx: DbTransaction, shop: string): Promise<{ count: number }>;
}

/**
 * Every table, and what each privacy request does to it: the one place to edit when a table is added.
 * Keyed by Prisma's model names, so a new model does not compile until it is listed here (and a test checks
 * the list against the database). A table about shoppers (emails sent, pending sends, events, suppressions)
 * gets a CustomerDataTable in ./tables; pending sends are deleted by its redact, so nothing goes out to a
 * shopper who asked to be forgotten.
 *
 * Shops are erased in this order, so a table that references another comes before it.
 */
export const PRIVACY_DATA_MAP = {
  Session: {
    customer: { holdsNoCustomerData: "sessions of the merchant's staff; shoppers never sign in to Cartback" },
    eraseShop: (tx, shop) => tx.session.deleteMany({ where: { shop } }),
  },
  ShopSettings: {
    customer: { holdsNoCustomerData: "the merchant's configuration" },
    eraseShop: (tx, shop) => tx.shopSettings.deleteMany({ where: { shop } }),
  },
  Shop: {
    customer: { holdsNoCustomerData: "the merchant's shop: name, contact email, currency, time zone" },
    eraseShop: (tx, shop) => tx.shop.deleteMany({ where: { domain: shop } }),
  },
  WebhookDelivery: {
    customer: { holdsNoCustomerData: "delivery ids and topics for deduplication; payloads are not kept" },
    eraseShop: (tx, shop) => tx.webhookDelivery.deleteMany({ where: { shop } }),
  },
  // The recovery engine's tables reference enrolments, and enrolments reference checkouts.
  RecoveryEvent: {
    customer: recoveryEventData,
    eraseShop: (tx, shop) => tx.recoveryEvent.deleteMany({ where: { shop } }),
  },
  FlowTrigger: {
    customer: flowTriggerData,
    eraseShop: (tx, shop) => tx.flowTrigger.deleteMany({ where: { shop } }),
  },
  RecoverySend: {
    customer: recoverySendData,
    eraseShop: (tx, shop) => tx.recoverySend.deleteMany({ where: { shop } }),
  },
  DiscountCode: {
    customer: discountCodeData,
    eraseShop: (tx, shop) => tx.discountCode.deleteMany({ where: { shop } }),
  },
  Enrollment: {
    customer: enrollmentData,
    eraseShop: (tx, shop) => tx.enrollment.deleteMany({ where: { shop } }),
  },
  Suppression: {
    customer: suppressionData,
    eraseShop: (tx, shop) => tx.suppression.deleteMany({ where: { shop } }),
  },
  Checkout: {
    customer: checkoutData,
    eraseShop: (tx, shop) => tx.checkout.deleteMany({ where: { shop } }),
  },
  Order: {
    customer: orderData,
    eraseShop: (tx, shop) => tx.order.deleteMany({ where: { shop } }),
  },
  MarketingConsent: {
    customer: marketingConsentData,
    eraseShop: (tx, shop) => tx.marketingConsent.deleteMany({ where: { shop } }),
  },
  Product: {
    customer: { holdsNoCustomerData: "the merchant's catalog" },
    eraseShop: (tx, shop) => tx.product.deleteMany({ where: { shop } }),
  },
  CatalogState: {
    customer: { holdsNoCustomerData: "the state of the catalog sync" },
    eraseShop: (tx, shop) => tx.catalogState.deleteMany({ where: { shop } }),
  },
  PrivacyRequest: {
    customer: privacyRequestData,
    eraseShop: (tx, shop) => tx.privacyRequest.deleteMany({ where: { shop } }),
  },
  // Report rollups: counters that triggers keep as the tables above change (their deletions above already took
  // the shop's counts back to zero), so they come last; EmailCredit feeds EmailRollup, so it comes first.
  EmailCredit: {
    customer: { holdsNoCustomerData: "which sent emails preceded a recovery: ids, steps and times only" },
    eraseShop: (tx, shop) => tx.emailCredit.deleteMany({ where: { shop } }),
  },
  CheckoutRollup: {
    customer: { holdsNoCustomerData: "counts of checkouts per quarter-hour and day, for the dashboard" },
    eraseShop: (tx, shop) => tx.checkoutRollup.deleteMany({ where: { shop } }),
  },
  RecoveryRollup: {
    customer: { holdsNoCustomerData: "counts and totals of recovered orders per quarter-hour and day" },
    eraseShop: (tx, shop) => tx.recoveryRollup.deleteMany({ where: { shop } }),
  },
  EmailRollup: {
    customer: { holdsNoCustomerData: "counts of recovery emails per quarter-hour and day, step and subject" },
    eraseShop: (tx, shop) => tx.emailRollup.deleteMany({ where: { shop } }),
  },
  SeriesRollup: {
    customer: { holdsNoCustomerData: "counts for the dashboard's daily chart per quarter-hour" },
    eraseShop: (tx, shop) => tx.seriesRollup.deleteMany({ where: { shop } }),
  },
} satisfies Record<Prisma.ModelName, TablePrivacy>;

export type PrivacyModelName = keyof typeof PRIVACY_DATA_MAP;

/** The tables customer requests export and redact, in map order. */
export const CUSTOMER_DATA_TABLES: CustomerDataTable[] = Object.values(PRIVACY_DATA_MAP)
  .map((table: TablePrivacy) => table.customer)
  .filter(isCustomerDataTable);
