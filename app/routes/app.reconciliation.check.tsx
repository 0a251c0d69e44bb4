import type { ActionFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "~/admin-context.server";
import { requestReconciliation } from "~/domain/reconciliation";
import { currentTime } from "~/lib/clock.server";
import { respond } from "~/lib/http.server";

// "Check now" on the admin home: the next tick reads Shopify's abandoned checkouts for the session's shop.
export const action = ({ request }: ActionFunctionArgs) =>
  respond(async () => {
    const { shop } = await requireAdmin(request);
    const requestedAt = currentTime();
    await requestReconciliation(shop, requestedAt);
    return Response.json({ outcome: "REQUESTED", requestedAt: requestedAt.toISOString() });
  });
