import { AppError } from "~/lib/app-error";
import type { MerchantConfirmedStepId } from "./setup-steps";
import { findActiveShop } from "./shop-lifecycle.server";
import { updateShopSettings } from "./shop-settings.server";

export type ConfirmSetupStepOutcome = "CONFIRMED" | "UNCONFIRMED";

/**
 * The merchant marks a step the app cannot check as done (`isDone`), or takes it back. Stored in the shop's
 * settings document with when it was said, so the app home lists it as done from then on.
 */
export async function confirmSetupStep(
  shop: string,
  step: MerchantConfirmedStepId,
  { isDone, now }: { isDone: boolean; now: Date },
): Promise<ConfirmSetupStepOutcome> {
  if (!(await findActiveShop(shop, { now })))
    throw new AppError("NOT_FOUND", `shop ${shop} is not installed`);
  switch (step) {
    case "SHOPIFY_EMAIL":
      await updateShopSettings(shop, (settings) => ({
        ...settings,
        setupChecks: {
          ...settings.setupChecks,
          // A second "done" keeps the first date: that is when the merchant acted.
          shopifyEmailResolvedAt: isDone
            ? (settings.setupChecks.shopifyEmailResolvedAt ?? now.toISOString())
            : null,
        },
      }));
  }
  return isDone ? "CONFIRMED" : "UNCONFIRMED";
}
