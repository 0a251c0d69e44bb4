import type { ActionFunctionArgs } from "@remix-run/node";
import { runTick } from "~/domain/scheduler";
import { getMailer } from "~/domain/sending";
import { AppError, appErrorResponse } from "~/lib/app-error";
import { verifyCronRequest } from "~/lib/cron-auth.server";
import { env } from "~/lib/env.server";
import { respond } from "~/lib/http.server";
import { adminGraphqlFor } from "~/shopify.server";
import { currentTime } from "~/lib/clock.server";

export const action = ({ request }: ActionFunctionArgs) =>
  respond(async () => {
    verifyCronRequest(request);
    const report = await runTick({
      now: currentTime(),
      adminFor: adminGraphqlFor,
      mailer: getMailer(),
      appUrl: env.SHOPIFY_APP_URL,
    });
    return Response.json(report, { status: Object.keys(report.errors).length > 0 ? 500 : 200 });
  });

export const loader = () =>
  appErrorResponse(new AppError("METHOD_NOT_ALLOWED", "the tick is called with POST"));
