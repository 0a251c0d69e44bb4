import type { AdminGraphql } from "./admin-graphql.server";
import { authenticate } from "~/shopify.server";

/** What an admin page may act on: the session's shop, and that shop's Admin API. */
export interface AdminContext {
  shop: string;
  graphql: AdminGraphql;
}

/**
 * Every loader and action of the embedded admin starts here: `authenticate.admin` validates the session token
 * (or throws Shopify's redirect/401 response), and the page works only on the session's shop.
 */
export async function requireAdmin(request: Request): Promise<AdminContext> {
  const { session, admin } = await authenticate.admin(request);
  return { shop: session.shop, graphql: admin.graphql };
}
