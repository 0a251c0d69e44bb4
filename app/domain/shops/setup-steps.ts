import type { CatalogOverview } from "~/domain/catalog";
import type { ShopSettings } from "./settings";

/**
 * What is left to set up before recovery emails work as the merchant wants, as the app home lists it. Each
 * step is judged from stored facts only, so the list never claims a step the app cannot check; a step the app
 * cannot check at all (Shopify's own abandoned checkout email) is one the merchant marks done. The web pixel
 * is not a step yet: nothing records whether it is connected.
 */

export type SetupStepId =
  "SENDER" | "DISCOUNT_TIERS" | "CATALOG" | "SHOPIFY_EMAIL" | "MARKETING_EVENTS_PERMISSION";

/** Steps the app cannot check, so the merchant marks them done (and may undo it). */
export const MERCHANT_CONFIRMED_STEPS = ["SHOPIFY_EMAIL"] as const;
export type MerchantConfirmedStepId = (typeof MERCHANT_CONFIRMED_STEPS)[number];

/** Where the admin posts `intent=done` or `intent=undo` for a merchant-confirmed step. */
export const confirmStepUrl = (id: MerchantConfirmedStepId) => `/app/setup/${id}`;

export interface SetupStep {
  id: SetupStepId;
  title: string;
  isDone: boolean;
  /** One sentence: what was found, or what to do. */
  detail: string;
  /** Where the merchant does it; null when it is done on the home page itself (the catalog's Sync now). */
  action: { label: string; url: string } | null;
  /**
   * Set on a step only the merchant can confirm: a form posting `intent=done` (or `undo`) to `url` marks it.
   * Absent on steps the app judges itself.
   */
  confirm?: { url: string; isConfirmed: boolean };
}

/**
 * Whether the app may report sent emails to Shopify's abandonment records: the scope is missing from the
 * shop's grant (NOT_GRANTED), or granted on paper but Shopify refused a report (REFUSED).
 */
export type MarketingEventsAccess = "GRANTED" | "NOT_GRANTED" | "REFUSED";

export interface SetupFacts {
  sender: ShopSettings["sender"];
  tierCount: number;
  /** Whether the app has its own sending address (EMAIL_FROM), so emails go out with the shop's name. */
  hasAppSender: boolean;
  catalog: Pick<CatalogOverview, "status" | "productCount" | "lastSyncedAt" | "isSyncing">;
  /** When the merchant confirmed Shopify's own abandoned checkout email is off (or Cartback's is), if ever. */
  shopifyEmailResolvedAt: string | null;
  marketingEventsAccess: MarketingEventsAccess;
}

const SETTINGS = { label: "Open Settings", url: "/app/settings" };

function senderStep({ sender, hasAppSender }: SetupFacts): SetupStep {
  const base = { id: "SENDER" as const, title: "Sender", action: SETTINGS };
  if (sender.displayName !== null || sender.replyTo !== null)
    return { ...base, isDone: true, detail: "Your display name or reply-to address is set." };
  if (hasAppSender)
    return {
      ...base,
      isDone: true,
      detail:
        "Emails go out with your shop's name, and replies go to your store's contact email. You can change both.",
    };
  return {
    ...base,
    isDone: false,
    detail:
      "No sending address is configured for this app yet. Set the name your emails come from or a reply-to address.",
  };
}

function tierStep({ tierCount }: SetupFacts): SetupStep {
  const base = { id: "DISCOUNT_TIERS" as const, title: "Discount tiers", action: SETTINGS };
  return tierCount > 0
    ? { ...base, isDone: true, detail: `${tierCount} ${tierCount === 1 ? "tier is" : "tiers are"} set.` }
    : { ...base, isDone: false, detail: "No tiers: the emails carry no offer. Add tiers if you want one." };
}

function catalogStep({ catalog }: SetupFacts): SetupStep {
  const base = { id: "CATALOG" as const, title: "Product catalog", action: null };
  // A shop that synced once keeps its catalog while a new sync runs, so a re-sync does not undo the step.
  if (catalog.productCount > 0 && (catalog.status === "COMPLETED" || catalog.lastSyncedAt !== null))
    return {
      ...base,
      isDone: true,
      detail: `${catalog.productCount.toLocaleString("en")} products synced for recommendations.`,
    };
  if (catalog.isSyncing)
    return { ...base, isDone: false, detail: "The first sync is under way; this takes a few minutes." };
  if (catalog.status === "COMPLETED")
    return {
      ...base,
      isDone: false,
      detail: "The last sync found no products, so the emails recommend nothing.",
    };
  return {
    ...base,
    isDone: false,
    detail: "Sync your products (Sync now, below) so the emails can recommend them.",
  };
}

// The Admin API does not say whether Shopify's own abandoned checkout email is on, so the merchant is asked
// (docs/decisions/0011-shopify-own-abandoned-checkout-email.md): two recovery emails per checkout annoy shoppers.
function shopifyEmailStep({ shopifyEmailResolvedAt }: SetupFacts): SetupStep {
  const isDone = shopifyEmailResolvedAt !== null;
  return {
    id: "SHOPIFY_EMAIL",
    title: "Shopify's own abandoned checkout email",
    isDone,
    detail: isDone
      ? "You confirmed that shoppers get abandoned checkout emails from only one of Shopify and Cartback."
      : "Shopify can email abandoned checkouts too, and the app cannot see whether it does: with both on, " +
        "shoppers get two emails. In Shopify admin, go to Marketing > Automations, open Abandoned checkout " +
        "and turn it off (older stores: Settings > Checkout > Abandoned checkouts), or keep it and pause " +
        "Cartback in Settings. Then mark this step done.",
    action: { label: "Open Shopify automations", url: "shopify://admin/marketing/automations" },
    confirm: { url: confirmStepUrl("SHOPIFY_EMAIL"), isConfirmed: isDone },
  };
}

function marketingEventsStep({ marketingEventsAccess }: SetupFacts): SetupStep {
  const base = {
    id: "MARKETING_EVENTS_PERMISSION" as const,
    title: "Report emails to Shopify",
    action: null,
  };
  if (marketingEventsAccess === "GRANTED")
    return {
      ...base,
      isDone: true,
      detail: "Each recovery email is reported on the checkout's abandonment record in Shopify.",
    };
  const approve =
    "Open Cartback from Shopify admin > Apps and approve the updated permissions (marketing events) when " +
    "Shopify asks. Emails go out as usual meanwhile; the reports wait and are sent once you approve.";
  return {
    ...base,
    isDone: false,
    detail:
      marketingEventsAccess === "REFUSED"
        ? `Shopify refused to record the emails Cartback sent: the app lacks the marketing events permission. ${approve}`
        : `Cartback reports each email it sends to the checkout's record in Shopify, which needs a new permission. ${approve}`,
  };
}

export function listSetupSteps(facts: SetupFacts): SetupStep[] {
  return [
    senderStep(facts),
    tierStep(facts),
    catalogStep(facts),
    shopifyEmailStep(facts),
    marketingEventsStep(facts),
  ];
}
