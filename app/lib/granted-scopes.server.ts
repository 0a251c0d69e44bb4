import { prisma } from "~/db.server";

/**
 * The access scopes the shop granted, as its offline session records them (set at install and kept current
 * by app/scopes_update). Empty when the app has no offline session for the shop. A scope added to the app
 * after a shop installed is missing here until the merchant approves it.
 *
 * In lib, not in a domain folder: the session is the Shopify library's, and both the shop's setup (shops) and
 * the catalog (whether it may ask for product costs) read it, and neither may import the other's way.
 */
export async function findGrantedScopes(shop: string): Promise<string[]> {
  const session = await prisma.session.findFirst({
    where: { shop, isOnline: false },
    select: { scope: true },
  });
  return (session?.scope ?? "")
    .split(",")
    .map((scope) => scope.trim())
    .filter(Boolean);
}
