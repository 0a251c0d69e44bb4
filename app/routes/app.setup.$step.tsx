import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireAdmin } from "~/admin-context.server";
import { confirmSetupStep, MERCHANT_CONFIRMED_STEPS } from "~/domain/shops";
import { AppError } from "~/lib/app-error";
import { currentTime } from "~/lib/clock.server";
import { respond } from "~/lib/http.server";

const StepSchema = z.enum(MERCHANT_CONFIRMED_STEPS);
const IntentSchema = z.enum(["done", "undo"]);

// A setup step only the merchant can confirm (Shopify's own abandoned checkout email): POST intent=done|undo.
export const action = ({ request, params }: ActionFunctionArgs) =>
  respond(async () => {
    const { shop } = await requireAdmin(request);
    const step = StepSchema.safeParse(params.step);
    if (!step.success) throw new AppError("NOT_FOUND", "no such setup step");
    const intent = IntentSchema.safeParse((await request.formData()).get("intent"));
    if (!intent.success) throw new AppError("BAD_REQUEST", "intent must be done or undo");
    const outcome = await confirmSetupStep(shop, step.data, {
      isDone: intent.data === "done",
      now: currentTime(),
    });
    return Response.json({ outcome });
  });
