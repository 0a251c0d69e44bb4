import { Prisma, type DbTransaction } from "~/db.server";

/**
 * Orders that end a checkout, whatever order Shopify delivered them in: an order for the checkout itself (its
 * checkout token or cart token), or any order of the same shopper (email or customer) placed since the checkout
 * began. `orders/create` marks the checkouts it ends when it arrives (attribution's ingest); these statements
 * catch the other way round: a checkout stored, enrolled or about to be emailed after the order that ends it.
 *
 * The predicate reads the enclosing statement's "Checkout" row. Each of its four terms has an index on Order
 * ((shop, checkoutToken), (shop, cartToken), (shop, emailHash), (shop, customerId)).
 */
const endingOrder = Prisma.sql`
  o."shop" = "Checkout"."shop" AND (
    o."checkoutToken" = "Checkout"."token"
    OR o."cartToken" = "Checkout"."cartToken"
    OR (o."emailHash" = "Checkout"."emailHash" AND o."shopifyCreatedAt" >= "Checkout"."shopifyCreatedAt")
    OR (o."customerId" = "Checkout"."customerId" AND o."shopifyCreatedAt" >= "Checkout"."shopifyCreatedAt")
  )`;

/** SQL that is true when an order ends the statement's "Checkout" row. */
export const hasEndingOrder = Prisma.sql`EXISTS (SELECT 1 FROM "Order" o WHERE ${endingOrder})`;

type Which = { token: string } | { ids: string[] };

/**
 * Marks the shop's checkouts (one by token, or several by id) that an order already ends as ordered, with that
 * order (the earliest), and returns their ids. A checkout already marked is left as it is.
 */
export async function endCheckoutsAlreadyOrdered(
  db: Pick<DbTransaction, "$queryRaw">,
  shop: string,
  which: Which,
): Promise<string[]> {
  if ("ids" in which && which.ids.length === 0) return [];
  const filter =
    "token" in which ? Prisma.sql`"token" = ${which.token}` : Prisma.sql`"id" IN (${Prisma.join(which.ids)})`;
  const ended = await db.$queryRaw<Array<{ id: string }>>`
    UPDATE "Checkout" SET ("orderedAt", "orderId") = (
      SELECT o."shopifyCreatedAt", o."orderId" FROM "Order" o WHERE ${endingOrder}
      ORDER BY o."shopifyCreatedAt" LIMIT 1
    )
    WHERE "shop" = ${shop} AND ${filter} AND "orderedAt" IS NULL AND ${hasEndingOrder}
    RETURNING "id"`;
  return ended.map((row) => row.id);
}
