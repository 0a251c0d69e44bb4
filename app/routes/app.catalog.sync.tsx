import type { ActionFunctionArgs } from "@remix-run/node";
import { startCatalogSync } from "~/domain/catalog";
import { requireAdmin } from "~/admin-context.server";
import { respond } from "~/lib/http.server";
import { currentTime } from "~/lib/clock.server";

// "Sync now" on the admin home: a full catalog sync for the session's shop, started with its admin client.
export const action = ({ request }: ActionFunctionArgs) =>
  respond(async () => {
    const { shop, graphql } = await requireAdmin(request);
    const start = await startCatalogSync(shop, { graphql, now: currentTime() });
    return Response.json(start);
  });
