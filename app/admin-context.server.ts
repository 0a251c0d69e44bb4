import { DEMO_SHOP } from "~/lib/demo-shop";
import { adminGraphqlFor, authenticate } from "~/shopify.server";
import type { AdminGraphql } from "~/lib/admin-graphql.server";
import { appErrorResponse, isAppError } from "~/lib/app-error";
import { assertDemoShopOnly } from "~/lib/demo-mode.server";
import { isDemoMode } from "~/lib/env.server";

/** What an admin page may act on: the session's shop, and that shop's Admin API. */
export interface AdminContext {
  shop: string;
  graphql: AdminGraphql;
}

/**
 * Every loader and action of the embedded admin starts here: `authenticate.admin` validates the session token
 * (or throws Shopify's redirect/401 response), and the page works only on the session's shop. In demo mode
 * (loopback, never production) there is no Shopify admin to issue tokens: every page is the demo shop's, and
 * a request naming another shop is refused.
 */
export async function requireAdmin(request: Request): Promise<AdminContext> {
  if (isDemoMode) return demoAdmin(request);
  const { session, admin } = await authenticate.admin(request);
  return { shop: session.shop, graphql: admin.graphql };
}

async function demoAdmin(request: Request): Promise<AdminContext> {
  try {
    assertDemoShopOnly(new URL(request.url).searchParams.get("shop"));
  } catch (error) {
    if (isAppError(error)) throw appErrorResponse(error);
    throw error;
  }
  return { shop: DEMO_SHOP, graphql: await adminGraphqlFor(DEMO_SHOP) };
}
