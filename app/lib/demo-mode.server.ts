import { DEMO_SHOP } from "./demo-shop";
import { AppError } from "./app-error";
import { isDemoMode } from "./env.server";

/**
 * Guards of demo mode (`npm run demo`). Demo-only routes answer 404 anywhere else, and in demo mode nothing
 * but the demo shop is served: the server has no authentication then, so it must not hold anyone's data.
 */

export function requireDemoMode() {
  if (!isDemoMode) throw new AppError("NOT_FOUND", "not found");
}

/** Demo mode: a request naming any shop but the demo shop is refused. Elsewhere: nothing to check. */
export function assertDemoShopOnly(shop: string | null | undefined) {
  if (!isDemoMode || shop === null || shop === undefined || shop === DEMO_SHOP) return;
  throw new AppError("FORBIDDEN", `demo mode serves only ${DEMO_SHOP}`);
}
