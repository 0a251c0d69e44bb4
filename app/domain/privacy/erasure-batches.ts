/**
 * How erasures are cut into transactions. shop/redact and a large customers/redact cannot be done in one:
 * report triggers fire for every deleted or changed row, and a transaction over a whole shop outlived
 * PostgreSQL's interactive transaction timeout, so every retry of the webhook failed the same way and nothing
 * was ever erased. The tick erases in batches instead, each its own short transaction.
 */

/** Rows per batch in the tick (per kind of row, for a customer redaction). */
export const ERASURE_BATCH_SIZE = 500;

/**
 * Rows per kind a customers/redact erases while its webhook is answered, inside the delivery's transaction (shared
 * with other deliveries): enough for any ordinary shopper, whose erasure is then done at once; a larger one is
 * left to the tick.
 */
export const INLINE_REDACTION_BATCH_SIZE = 50;

/** A tick working on an erasure holds it this long; a worker that died lets another take over after it. */
export const ERASURE_LEASE_MS = 5 * 60 * 1000;

/** One batch's transaction: it may wait for the webhooks' group commits on SQLite. */
export const ERASURE_TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 60_000 };

/** Rows no worker holds: never claimed, released, or with a lease that lapsed. */
export const unleased = (now: Date) => ({ OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] });
