import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { updateShopScopes } from "~/domain/shops";
import { AppError } from "~/lib/app-error";
import { acknowledged, respond } from "~/lib/http.server";
import { parseJsonExact, receiveWebhook } from "~/lib/webhooks.server";

const ScopesUpdateSchema = z.object({ current: z.array(z.string().min(1).max(100)).max(100) });

export const action = ({ request }: ActionFunctionArgs) =>
  respond(async () => {
    const webhook = await receiveWebhook(request, "app/scopes_update");
    const payload = ScopesUpdateSchema.safeParse(parseJsonExact(webhook.rawBody));
    if (!payload.success) throw new AppError("BAD_REQUEST", "payload needs `current`, a list of scopes");
    await updateShopScopes(webhook.shop, payload.data.current);
    return acknowledged();
  });
