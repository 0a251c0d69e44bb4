import type { ActionFunctionArgs } from "@remix-run/node";
import { recordDeliveryEvent, ResendEventSchema } from "~/domain/sequences";
import { AppError } from "~/lib/app-error";
import { acknowledged, respond } from "~/lib/http.server";
import { receiveResendWebhook } from "~/lib/resend-webhook.server";
import { describeZodError } from "~/lib/webhook-handler";
import { parseJsonExact } from "~/lib/webhooks.server";
import { currentTime } from "~/lib/clock.server";

// Resend's delivery events (not a Shopify topic, so not in shopify.app.toml): configure it in Resend.
export const action = ({ request }: ActionFunctionArgs) =>
  respond(async () => {
    const { svixId, body } = await receiveResendWebhook(request);
    const event = ResendEventSchema.safeParse(parseJsonExact(body));
    if (!event.success)
      throw new AppError("BAD_REQUEST", `not a Resend event: ${describeZodError(event.error)}`);
    await recordDeliveryEvent(event.data, { svixId, now: currentTime() });
    return acknowledged();
  });
