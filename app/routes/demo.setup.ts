import type { ActionFunctionArgs } from "@remix-run/node";
import { installDemoShop } from "~/domain/demo";
import { currentTime } from "~/lib/clock.server";
import { verifyCronRequest } from "~/lib/cron-auth.server";
import { requireDemoMode } from "~/lib/demo-mode.server";
import { respond } from "~/lib/http.server";
import { adminGraphqlFor } from "~/shopify.server";

// Demo mode only (404 elsewhere), with the tick's bearer secret: installs the demo shop at the demo clock's time.
export const action = ({ request }: ActionFunctionArgs) =>
  respond(async () => {
    requireDemoMode();
    verifyCronRequest(request);
    return Response.json(await installDemoShop({ now: currentTime(), adminFor: adminGraphqlFor }));
  });
