import { CreateFreeShippingDiscountCode } from "~/graphql/create-free-shipping-discount-code";
import {
  CreatePercentageDiscountCode,
  type DiscountUserError,
} from "~/graphql/create-percentage-discount-code";
import { FindDiscountCode } from "~/graphql/find-discount-code";
import {
  runAdminOperation,
  type AdminGraphql,
  type AdminResult,
  type RunOptions,
} from "~/lib/admin-graphql.server";
import { DISCOUNT_KIND } from "./discount-code";
import type { StoredDiscountCode } from "./offer-set";
import {
  freeShippingDiscountInput,
  isOurDiscount,
  percentageDiscountInput,
  type DiscountTermsContext,
} from "./shopify-discount-terms";

/**
 * Asks Shopify for one stored code. Named outcomes, never a throw:
 * - CREATED: Shopify made it now; ADOPTED: it already had it (TAKEN) and the lookup shows it is ours;
 * - RETRY: throttled, Shopify down, or an answer that proves nothing: the row stays PENDING and the next
 *   attempt asks again with the same code (a TAKEN then tells us it was made);
 * - REFUSED: Shopify will never accept it (user errors, a foreign discount under the code, a bad request).
 */
export type CreateDiscountOutcome =
  | { outcome: "CREATED"; shopifyId: string }
  | { outcome: "ADOPTED"; shopifyId: string }
  | { outcome: "RETRY"; reason: string }
  | { outcome: "REFUSED"; reason: string };

export function describeUserErrors(errors: DiscountUserError[]): string {
  return errors.map((error) => (error.code ? `${error.code}: ${error.message}` : error.message)).join("; ");
}

export async function createShopifyDiscount(
  graphql: AdminGraphql,
  code: StoredDiscountCode,
  context: DiscountTermsContext,
  retry: RunOptions,
): Promise<CreateDiscountOutcome> {
  const answer = await sendCreate(graphql, code, context, retry);
  if (!answer.ok) return failed(answer);
  const userErrors = answer.data?.userErrors ?? [];
  const created = answer.data?.codeDiscountNode?.id;
  if (userErrors.length === 0 && created) return { outcome: "CREATED", shopifyId: created };
  if (userErrors.length > 0 && userErrors.every((error) => error.code === "TAKEN")) {
    return adoptTakenCode(graphql, code, retry);
  }
  if (userErrors.length > 0) return { outcome: "REFUSED", reason: describeUserErrors(userErrors) };
  // Neither a discount nor an error: whether it exists is unknown, so the next attempt asks again.
  return { outcome: "RETRY", reason: "Shopify answered without a discount or an error" };
}

function failed({ retryable, reason }: { retryable: boolean; reason: string }): CreateDiscountOutcome {
  return retryable ? { outcome: "RETRY", reason } : { outcome: "REFUSED", reason };
}

type CreatePayload = { codeDiscountNode: { id: string } | null; userErrors: DiscountUserError[] } | null;

async function sendCreate(
  graphql: AdminGraphql,
  code: StoredDiscountCode,
  context: DiscountTermsContext,
  retry: RunOptions,
): Promise<AdminResult<CreatePayload>> {
  if (code.kind === DISCOUNT_KIND.PERCENTAGE) {
    const input = percentageDiscountInput(code, context);
    const result = await runAdminOperation(graphql, CreatePercentageDiscountCode, { input }, retry);
    return result.ok ? { ok: true, data: result.data.discountCodeBasicCreate } : result;
  }
  const input = freeShippingDiscountInput(code, context);
  const result = await runAdminOperation(graphql, CreateFreeShippingDiscountCode, { input }, retry);
  return result.ok ? { ok: true, data: result.data.discountCodeFreeShippingCreate } : result;
}

async function adoptTakenCode(
  graphql: AdminGraphql,
  code: StoredDiscountCode,
  retry: RunOptions,
): Promise<CreateDiscountOutcome> {
  const lookup = await runAdminOperation(graphql, FindDiscountCode, { code: code.code }, retry);
  if (!lookup.ok) return failed(lookup);
  const found = lookup.data.codeDiscountNodeByCode;
  // Deleted between the two calls: creating it again may well succeed.
  if (!found) return { outcome: "RETRY", reason: `code ${code.code} was taken but is gone now` };
  if (!isOurDiscount(found, code)) {
    return {
      outcome: "REFUSED",
      reason: `code ${code.code} already belongs to another discount in the shop`,
    };
  }
  return { outcome: "ADOPTED", shopifyId: found.id };
}
