import type { RecoveryLine } from "~/domain/messages";
import type { CheckoutLine } from "./checkout-payload";

/**
 * The one mapping from stored lines (minor units) to priced lines, as a message carries them: for sends and
 * previews alike.
 */
export function priceCheckoutLines(lines: CheckoutLine[], currency: string): RecoveryLine[] {
  return lines.map((line) => ({
    productId: line.productId,
    variantId: line.variantId,
    title: line.title,
    variantTitle: line.variantTitle,
    quantity: line.quantity,
    unitPrice: { amountMinor: line.unitPriceMinor, currency },
    linePrice: { amountMinor: line.linePriceMinor, currency },
    imageUrl: line.imageUrl,
  }));
}
