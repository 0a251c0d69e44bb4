import type { DbTransaction } from "~/db.server";

/**
 * Whose data a customer request is about, resolved to this shop's rows before anything is read or changed,
 * so an export and a redaction of the same request always cover the same rows.
 */
export interface CustomerSubject {
  customerId: string | null;
  /** hashEmail(shop, normalizeEmail(email)), or null when the request named no usable address. */
  emailHash: string | null;
  /** Order.id of the shopper's orders: by customer id, by email hash, or listed in the request. */
  orderRowIds: string[];
  /** Checkout.id of the shopper's checkouts: by customer id, email hash, or completed by their order. */
  checkoutRowIds: string[];
  /**
   * Enrollment.id of the recovery sequences about them: those of their checkouts, and any still carrying their
   * email hash (an enrolment carries the hash it was made with, which its checkout may no longer carry).
   * Sends, discount codes and timeline entries are found through these and the checkouts.
   */
  enrollmentRowIds: string[];
}

/**
 * A table holding data about shoppers, as customer privacy requests see it. Each one is listed in
 * PRIVACY_DATA_MAP (privacy-data-map.server.ts); a table added there is exported and redacted with the rest.
 */
export interface CustomerDataTable {
  /** Key of this table's rows in an export, and of its count in a request's summary. */
  key: string;
  /** The subject's rows as the shopper is shown them: personal fields decrypted, JSON columns parsed. */
  collect(tx: DbTransaction, shop: string, subject: CustomerSubject): Promise<unknown[]>;
  /** Deletes the subject's rows, or anonymises them irreversibly; returns how many rows it changed. */
  redact(tx: DbTransaction, shop: string, subject: CustomerSubject, now: Date): Promise<number>;
}

/** The `OR` of a query for rows naming the subject directly (email hash or customer id); empty if neither. */
export function identityMatches(subject: Pick<CustomerSubject, "customerId" | "emailHash">) {
  return [
    ...(subject.emailHash ? [{ emailHash: subject.emailHash }] : []),
    ...(subject.customerId ? [{ customerId: subject.customerId }] : []),
  ];
}

/** A table that holds nothing about shoppers, and why: the reason is read by whoever adds a column to it. */
export interface NoCustomerData {
  holdsNoCustomerData: string;
}

export function isCustomerDataTable(value: CustomerDataTable | NoCustomerData): value is CustomerDataTable {
  return "collect" in value;
}

/**
 * The query for a table's rows that name a checkout: those of the subject's checkouts and of their enrolments'
 * checkouts (an enrolment found by its email hash may belong to a checkout that no longer carries that hash),
 * or null when the subject has none.
 */
export async function subjectCheckoutsWhere(
  tx: DbTransaction,
  shop: string,
  subject: Pick<CustomerSubject, "checkoutRowIds" | "enrollmentRowIds">,
): Promise<{ shop: string; checkoutId: { in: string[] } } | null> {
  const enrollments =
    subject.enrollmentRowIds.length === 0
      ? []
      : await tx.enrollment.findMany({
          where: { shop, id: { in: subject.enrollmentRowIds } },
          select: { checkoutId: true },
        });
  const checkoutIds = [...new Set([...subject.checkoutRowIds, ...enrollments.map((row) => row.checkoutId)])];
  return checkoutIds.length > 0 ? { shop, checkoutId: { in: checkoutIds } } : null;
}
