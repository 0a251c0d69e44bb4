import type { ActionFunctionArgs } from "@remix-run/node";
import { applyOfferToSegment } from "~/domain/segments";
import { requireAdmin } from "~/admin-context.server";
import { respond } from "~/lib/http.server";
import { currentTime } from "~/lib/clock.server";

// "Apply" under an offer test's recommendation on the admin home: the segment keeps the chosen offer as its
// next sequence version. Nothing else ever ends a test.
export const action = ({ request }: ActionFunctionArgs) =>
  respond(async () => {
    const { shop } = await requireAdmin(request);
    const form = await request.formData().catch(() => null);
    const segmentId = form?.get("segmentId");
    const arm = form?.get("arm");
    if (typeof segmentId !== "string" || typeof arm !== "string" || !segmentId || !arm)
      return Response.json(
        { ok: false, reason: "Say which segment and which offer to apply." },
        { status: 400 },
      );
    const result = await applyOfferToSegment(shop, { segmentId, arm }, { now: currentTime() });
    return Response.json(result, { status: result.ok ? 200 : result.status });
  });
