/**
 * Thrown by a shop's Admin API adapter (app/shopify.server.ts adminGraphqlFor) when the shop's offline access
 * cannot be renewed without the merchant: background work for it waits, counted under
 * SKIPPED_REAUTH_REQUIRED, instead of failing (and giving up) every tick.
 */
export class ShopReauthRequiredError extends Error {
  readonly shop: string;
  readonly reason: string;

  constructor(shop: string, reason: string) {
    super(`${shop} must be re-authorised: ${reason}`);
    this.name = "ShopReauthRequiredError";
    this.shop = shop;
    this.reason = reason;
  }
}

export const isShopReauthRequired = (error: unknown): error is ShopReauthRequiredError =>
  error instanceof ShopReauthRequiredError;

/** The outcome background tasks count work under while their shop waits for re-authorisation. */
export const SKIPPED_REAUTH_REQUIRED = "SKIPPED_REAUTH_REQUIRED";

/** Work waiting for re-authorisation is looked at again this often (the mark is cleared when the merchant returns). */
export const REAUTH_RECHECK_MS = 60 * 60_000;

/** The shop's offline token could not be refreshed for a reason that may pass (Shopify unreachable, 5xx). */
export class OfflineAccessUnavailableError extends Error {
  readonly shop: string;

  constructor(shop: string, reason: string) {
    super(`${shop}: ${reason}`);
    this.name = "OfflineAccessUnavailableError";
    this.shop = shop;
  }
}
