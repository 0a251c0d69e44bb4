/**
 * A value that takes the place of an identifier which must stay unique per shop (a checkout token, an
 * order id): random, so nothing links it back to the shopper or to another redacted row.
 */
export function redactedPlaceholder(): string {
  return `${REDACTED_PREFIX}${crypto.randomUUID()}`;
}

export const REDACTED_PREFIX = "redacted-";
