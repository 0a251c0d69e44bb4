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
  /**
   * shop/redact: deletes up to `limit` of the shop's rows (a few more where rows go by group, as rollups do by
   * slot) and returns how many; called until it finds none (erase-shop-data.server.ts).
   */
  eraseShop(tx: DbTransaction, shop: string, limit: number): Promise<{ count: number }>;
}

/**
 * Every table, and what each privacy request does to it: the one place to edit when a table is added.
 * Keyed by Prisma's model names, so a new model does not compile until it is listed here (and a test checks
 * the list against the database). A table about shoppers (emails sent, pending sends, events, suppressions)
 * gets a CustomerDataTable in ./tables; pending sends are deleted by its redact, so nothing goes out to a
 * shopper who asked to be forgotten.
 *
 * Shops are erased in this order, a bounded batch at a time, so a table that references another comes
 * before it.
 */
export const PRIVACY_DATA_MAP = {
  WebhookDelivery: {
    customer: { holdsNoCustomerData: "delivery ids and topics for deduplication; payloads are not kept" },
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.webhookDelivery.findMany({
        where: { shop },
        select: { webhookId: true },
        take: limit,
      });
      return tx.webhookDelivery.deleteMany({
        where: { shop, webhookId: { in: rows.map((row) => row.webhookId) } },
      });
    },
  },
  ErasedIdentifier: {
    customer: {
      holdsNoCustomerData:
        "keyed hashes of the tokens and ids of erased checkouts and orders, kept so a late delivery cannot store " +
        "them again: nothing in it can be read back, or matched without the identifier and the key. A customer " +
        "redaction adds to it and must not remove from it",
    },
    // The shop is gone: its tombstones go with it (a reinstall starts afresh, and Shopify stopped retrying the
    // old deliveries long before shop/redact, which comes 48 hours after the uninstall).
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.erasedIdentifier.findMany({
        where: { shop },
        select: { hash: true },
        take: limit,
      });
      return tx.erasedIdentifier.deleteMany({ where: { shop, hash: { in: rows.map((row) => row.hash) } } });
    },
  },
  // The recovery engine's tables reference enrolments, and enrolments reference checkouts.
  RecoveryEvent: {
    customer: recoveryEventData,
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.recoveryEvent.findMany({ where: { shop }, select: { id: true }, take: limit });
      return tx.recoveryEvent.deleteMany({ where: { shop, id: { in: rows.map((row) => row.id) } } });
    },
  },
  FlowTrigger: {
    customer: flowTriggerData,
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.flowTrigger.findMany({ where: { shop }, select: { id: true }, take: limit });
      return tx.flowTrigger.deleteMany({ where: { shop, id: { in: rows.map((row) => row.id) } } });
    },
  },
  RecoverySend: {
    customer: recoverySendData,
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.recoverySend.findMany({ where: { shop }, select: { id: true }, take: limit });
      return tx.recoverySend.deleteMany({ where: { shop, id: { in: rows.map((row) => row.id) } } });
    },
  },
  DiscountCode: {
    customer: discountCodeData,
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.discountCode.findMany({ where: { shop }, select: { id: true }, take: limit });
      return tx.discountCode.deleteMany({ where: { shop, id: { in: rows.map((row) => row.id) } } });
    },
  },
  Enrollment: {
    customer: enrollmentData,
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.enrollment.findMany({ where: { shop }, select: { id: true }, take: limit });
      return tx.enrollment.deleteMany({ where: { shop, id: { in: rows.map((row) => row.id) } } });
    },
  },
  Suppression: {
    customer: suppressionData,
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.suppression.findMany({
        where: { shop },
        select: { emailHash: true },
        take: limit,
      });
      return tx.suppression.deleteMany({
        where: { shop, emailHash: { in: rows.map((row) => row.emailHash) } },
      });
    },
  },
  Checkout: {
    customer: checkoutData,
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.checkout.findMany({ where: { shop }, select: { id: true }, take: limit });
      return tx.checkout.deleteMany({ where: { shop, id: { in: rows.map((row) => row.id) } } });
    },
  },
  Order: {
    customer: orderData,
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.order.findMany({ where: { shop }, select: { id: true }, take: limit });
      return tx.order.deleteMany({ where: { shop, id: { in: rows.map((row) => row.id) } } });
    },
  },
  MarketingConsent: {
    customer: marketingConsentData,
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.marketingConsent.findMany({
        where: { shop },
        select: { emailHash: true },
        take: limit,
      });
      return tx.marketingConsent.deleteMany({
        where: { shop, emailHash: { in: rows.map((row) => row.emailHash) } },
      });
    },
  },
  Product: {
    customer: { holdsNoCustomerData: "the merchant's catalog" },
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.product.findMany({ where: { shop }, select: { id: true }, take: limit });
      return tx.product.deleteMany({ where: { shop, id: { in: rows.map((row) => row.id) } } });
    },
  },
  ExperimentDecision: {
    customer: { holdsNoCustomerData: "the content experiments' decisions and the counts they were made on" },
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.experimentDecision.findMany({
        where: { shop },
        select: { id: true },
        take: limit,
      });
      return tx.experimentDecision.deleteMany({ where: { shop, id: { in: rows.map((row) => row.id) } } });
    },
  },
  VariantCost: {
    customer: { holdsNoCustomerData: "the merchant's product costs" },
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.variantCost.findMany({
        where: { shop },
        select: { variantId: true },
        take: limit,
      });
      return tx.variantCost.deleteMany({
        where: { shop, variantId: { in: rows.map((row) => row.variantId) } },
      });
    },
  },
  Segment: {
    customer: {
      holdsNoCustomerData:
        "the merchant's segment definitions (conditions on counts, amounts, countries, product facts) and strategies",
    },
    eraseShop: (tx, shop) => tx.segment.deleteMany({ where: { shop } }),
  },
  SequenceVersion: {
    customer: { holdsNoCustomerData: "immutable copies of the merchant's sequences: steps, offers, holdout" },
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.sequenceVersion.findMany({ where: { shop }, select: { id: true }, take: limit });
      return tx.sequenceVersion.deleteMany({ where: { shop, id: { in: rows.map((row) => row.id) } } });
    },
  },
  CatalogState: {
    customer: { holdsNoCustomerData: "the state of the catalog sync" },
    eraseShop: (tx, shop) => tx.catalogState.deleteMany({ where: { shop } }),
  },
  PrivacyRequest: {
    customer: privacyRequestData,
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.privacyRequest.findMany({ where: { shop }, select: { id: true }, take: limit });
      return tx.privacyRequest.deleteMany({ where: { shop, id: { in: rows.map((row) => row.id) } } });
    },
  },
  // Report rollups: counters that triggers keep as the tables above change (their deletions above already took
  // the shop's counts back to zero), so they come last; EmailCredit feeds EmailRollup, so it comes first.
  EmailCredit: {
    customer: { holdsNoCustomerData: "which sent emails preceded a recovery: ids, steps and times only" },
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.emailCredit.findMany({ where: { shop }, select: { sendId: true }, take: limit });
      return tx.emailCredit.deleteMany({ where: { shop, sendId: { in: rows.map((row) => row.sendId) } } });
    },
  },
  CheckoutRollup: {
    customer: { holdsNoCustomerData: "counts of checkouts per quarter-hour and day, for the dashboard" },
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.checkoutRollup.findMany({ where: { shop }, select: { slot: true }, take: limit });
      return tx.checkoutRollup.deleteMany({ where: { shop, slot: { in: rows.map((row) => row.slot) } } });
    },
  },
  RecoveryRollup: {
    customer: { holdsNoCustomerData: "counts and totals of recovered orders per quarter-hour and day" },
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.recoveryRollup.findMany({ where: { shop }, select: { slot: true }, take: limit });
      return tx.recoveryRollup.deleteMany({ where: { shop, slot: { in: rows.map((row) => row.slot) } } });
    },
  },
  EmailRollup: {
    customer: { holdsNoCustomerData: "counts of recovery emails per quarter-hour and day, step and subject" },
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.emailRollup.findMany({ where: { shop }, select: { slot: true }, take: limit });
      return tx.emailRollup.deleteMany({ where: { shop, slot: { in: rows.map((row) => row.slot) } } });
    },
  },
  CreditRollup: {
    customer: {
      holdsNoCustomerData: "counts of credited recovery emails per quarter-hour and day, and step",
    },
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.creditRollup.findMany({ where: { shop }, select: { slot: true }, take: limit });
      return tx.creditRollup.deleteMany({ where: { shop, slot: { in: rows.map((row) => row.slot) } } });
    },
  },
  SeriesRollup: {
    customer: { holdsNoCustomerData: "counts for the dashboard's daily chart per quarter-hour" },
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.seriesRollup.findMany({ where: { shop }, select: { slot: true }, take: limit });
      return tx.seriesRollup.deleteMany({ where: { shop, slot: { in: rows.map((row) => row.slot) } } });
    },
  },
  KeyFingerprint: {
    customer: { holdsNoCustomerData: "fingerprints of the app's keys: app-wide, nothing about a shop" },
    eraseShop: async () => ({ count: 0 }),
  },
  JobHeartbeat: {
    customer: { holdsNoCustomerData: "when scheduled work last ran: app-wide, nothing about a shop" },
    eraseShop: async () => ({ count: 0 }),
  },
  ReconciliationState: {
    customer: { holdsNoCustomerData: "where the shop's reconciliation with Shopify stands, and counts" },
    eraseShop: (tx, shop) => tx.reconciliationState.deleteMany({ where: { shop } }),
  },
  AbandonmentReport: {
    customer: {
      holdsNoCustomerData: "ids of sends and checkouts, and what was reported to Shopify about them",
    },
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.abandonmentReport.findMany({
        where: { shop },
        select: { id: true },
        take: limit,
      });
      return tx.abandonmentReport.deleteMany({ where: { shop, id: { in: rows.map((row) => row.id) } } });
    },
  },
  // The shop's own rows go last: until its erasure ends the shop is known (isShopKnown), and a reinstall during
  // it can be told apart (run-shop-erasures.server.ts).
  Session: {
    customer: { holdsNoCustomerData: "sessions of the merchant's staff; shoppers never sign in to Cartback" },
    eraseShop: async (tx, shop, limit) => {
      const rows = await tx.session.findMany({ where: { shop }, select: { id: true }, take: limit });
      return tx.session.deleteMany({ where: { shop, id: { in: rows.map((row) => row.id) } } });
    },
  },
  ShopSettings: {
    customer: { holdsNoCustomerData: "the merchant's configuration" },
    eraseShop: (tx, shop) => tx.shopSettings.deleteMany({ where: { shop } }),
  },
  Shop: {
    customer: { holdsNoCustomerData: "the merchant's shop: name, contact email, currency, time zone" },
    eraseShop: (tx, shop) => tx.shop.deleteMany({ where: { domain: shop } }),
  },
  ShopErasure: {
    customer: { holdsNoCustomerData: "the progress of a shop/redact: counts of rows deleted so far" },
    // The erasure's own record: deleted by the erasure itself, in the transaction that removes the shop's last
    // rows (run-shop-erasures.server.ts), never before.
    eraseShop: async () => ({ count: 0 }),
  },
} satisfies Record<Prisma.ModelName, TablePrivacy>;

export type PrivacyModelName = keyof typeof PRIVACY_DATA_MAP;

/** The tables customer requests export and redact, in map order. */
export const CUSTOMER_DATA_TABLES: CustomerDataTable[] = Object.values(PRIVACY_DATA_MAP)
  .map((table: TablePrivacy) => table.customer)
  .filter(isCustomerDataTable);
