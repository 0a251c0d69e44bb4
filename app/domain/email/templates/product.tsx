import type { RecoveryEmailModel } from "../recovery-email-model";
import { CartLedEmail, CartRows } from "./parts";

/** Product-led, the first design and the default: the cart's rows with small pictures lead, the offer above. */
export function ProductEmail({ model }: { model: RecoveryEmailModel }) {
  return (
    <CartLedEmail model={model}>
      <CartRows lines={model.lines} />
    </CartLedEmail>
  );
}
