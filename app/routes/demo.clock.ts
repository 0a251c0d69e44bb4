import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "~/lib/app-error";
import { currentTime, setDemoClock } from "~/lib/clock.server";
import { verifyCronRequest } from "~/lib/cron-auth.server";
import { requireDemoMode } from "~/lib/demo-mode.server";
import { respond } from "~/lib/http.server";

const ClockSchema = z.object({ now: z.iso.datetime({ offset: true }) });

// Demo mode only (404 elsewhere), with the tick's bearer secret: moves the simulated month's clock.
export const action = ({ request }: ActionFunctionArgs) =>
  respond(async () => {
    requireDemoMode();
    verifyCronRequest(request);
    const body = ClockSchema.safeParse(await request.json().catch(() => null));
    if (!body.success) throw new AppError("BAD_REQUEST", 'expected {"now": "<ISO 8601 timestamp>"}');
    setDemoClock(new Date(body.data.now));
    return Response.json({ now: currentTime().toISOString() });
  });
