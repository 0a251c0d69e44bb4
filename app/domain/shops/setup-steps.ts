import type { CatalogOverview } from "~/domain/catalog";
import type { ShopSettings } from "./settings";

/**
 * What is left to set up before recovery emails work as the merchant wants, as the app home lists it. Each
 * step is judged from stored facts only, so the list never claims a step the app cannot check. The web pixel
 * is not a step yet: nothing records whether it is connected.
 */

export type SetupStepId = "SENDER" | "DISCOUNT_TIERS" | "CATALOG";

export interface SetupStep {
  id: SetupStepId;
  title: string;
  isDone: boolean;
  /** One sentence: what was found, or what to do. */
  detail: string;
  /** Where the merchant does it; null when it is done on the home page itself (the catalog's Sync now). */
  action: { label: string; url: string } | null;
}

export interface SetupFacts {
  sender: ShopSettings["sender"];
  tierCount: number;
  /** Whether the app has its own sending address (EMAIL_FROM), so emails go out with the shop's name. */
  hasAppSender: boolean;
  catalog: Pick<CatalogOverview, "status" | "productCount" | "lastSyncedAt" | "isSyncing">;
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

export function listSetupSteps(facts: SetupFacts): SetupStep[] {
  return [senderStep(facts), tierStep(facts), catalogStep(facts)];
}
