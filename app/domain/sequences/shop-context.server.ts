import { prisma } from "~/db.server";
import { CONTENT_VARIANTS, type ContentVariant } from "~/domain/messages";
import { getShopSettings, INSTALL_STATE, type ShopSettings } from "~/domain/shops";

/** What every step of the engine needs to know about the shop it works for. */
export interface ShopContext {
  shop: string;
  name: string;
  address: string | null;
  contactEmail: string | null;
  /** The storefront's origin, e.g. https://shop.example.com. */
  storefrontUrl: string;
  currency: string;
  timezone: string;
  installed: boolean;
  settings: ShopSettings;
  /** The content experiments decided (and not undone): every checkout gets the promoted variant. */
  winners: ReadonlyMap<string, ContentVariant>;
}

const isContentVariant = (value: string): value is ContentVariant =>
  (CONTENT_VARIANTS as readonly string[]).includes(value);

/** The shop's standing experiment decisions, by experiment key. */
export async function loadExperimentWinners(shop: string): Promise<Map<string, ContentVariant>> {
  const decisions = await prisma.experimentDecision.findMany({
    where: { shop, reversedAt: null },
    select: { experimentKey: true, winner: true },
    orderBy: { decidedAt: "asc" },
  });
  return new Map(
    decisions.flatMap((decision) =>
      isContentVariant(decision.winner) ? [[decision.experimentKey, decision.winner] as const] : [],
    ),
  );
}

function storefrontOrigin(primaryDomain: string | null, shop: string): string {
  try {
    if (primaryDomain) return new URL(primaryDomain).origin;
  } catch {
    // a malformed domain falls back to the myshopify domain
  }
  return `https://${shop}`;
}

/**
 * Shops with an offline session that are not marked uninstalled: the only ones the engine works for. One
 * statement, not a list of every session's shop passed back in (SQLite caps a statement's parameters).
 */
export async function findInstalledShops(): Promise<string[]> {
  const rows = await prisma.$queryRaw<Array<{ domain: string }>>`
    SELECT sh."domain" FROM "Shop" sh
    WHERE sh."installState" = ${INSTALL_STATE.INSTALLED}
      AND EXISTS (SELECT 1 FROM "Session" s WHERE s."shop" = sh."domain" AND s."isOnline" = FALSE)
    ORDER BY sh."domain"`;
  return rows.map((row) => row.domain);
}

export async function loadShopContext(shop: string): Promise<ShopContext | null> {
  const row = await prisma.shop.findUnique({
    where: { domain: shop },
    select: {
      name: true,
      address: true,
      contactEmail: true,
      primaryDomain: true,
      currency: true,
      timezone: true,
      installState: true,
    },
  });
  if (!row) return null;
  const session = await prisma.session.findFirst({ where: { shop, isOnline: false }, select: { id: true } });
  return {
    shop,
    name: row.name ?? shop.replace(/\.myshopify\.com$/, ""),
    address: row.address,
    contactEmail: row.contactEmail,
    storefrontUrl: storefrontOrigin(row.primaryDomain, shop),
    currency: row.currency,
    timezone: row.timezone,
    installed: row.installState === "INSTALLED" && session !== null,
    settings: await getShopSettings(shop),
    winners: await loadExperimentWinners(shop),
  };
}
