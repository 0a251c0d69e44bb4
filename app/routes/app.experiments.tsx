import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { promoteVariant, undoDecision } from "~/domain/experiments";
import { requireAdmin } from "~/admin-context.server";
import { respond } from "~/lib/http.server";
import { currentTime } from "~/lib/clock.server";

const ExperimentFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("promote"), experimentKey: z.string().min(1), variant: z.string().min(1) }),
  z.object({ intent: z.literal("undo"), decisionId: z.string().min(1) }),
]);

// The home page's content experiments: "Promote" a variant for every checkout, or "Undo" a decision so the
// draw resumes. A stale page (the experiment's emails edited since) gets a 409 with the reason.
export const action = ({ request }: ActionFunctionArgs) =>
  respond(async () => {
    const { shop } = await requireAdmin(request);
    const form = await request.formData().catch(() => null);
    const parsed = ExperimentFormSchema.safeParse(form ? Object.fromEntries(form) : {});
    if (!parsed.success)
      return Response.json(
        {
          ok: false,
          reason: "Say whether to promote a variant (which experiment and variant) or undo a decision.",
        },
        { status: 400 },
      );
    const now = currentTime();
    const result =
      parsed.data.intent === "promote"
        ? await promoteVariant(shop, parsed.data.experimentKey, parsed.data.variant, { now })
        : await undoDecision(shop, parsed.data.decisionId, { now });
    return Response.json(result, { status: result.ok ? 200 : result.status });
  });
