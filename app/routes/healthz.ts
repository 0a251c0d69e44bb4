import type { LoaderFunctionArgs } from "@remix-run/node";
import { prisma } from "~/db.server";
import { getDeploymentHealth } from "~/domain/scheduler";
import { currentTime, machineTime } from "~/lib/clock.server";
import { verifyCronSecret } from "~/lib/cron-auth.server";
import { checkHealth } from "~/lib/health.server";
import { respond } from "~/lib/http.server";

const NO_STORE = { "Cache-Control": "no-store" };

// Plain: is the database reachable (load balancers, unauthenticated). `?deep=1`: is the work keeping up, for
// monitoring, behind the cron secret; 503 when the tick has stopped (TICK_LAG_LIMIT_SECONDS).
export const loader = async ({ request }: LoaderFunctionArgs) => {
  if (new URL(request.url).searchParams.get("deep") === "1") return deepHealth(request);
  const health = await checkHealth(prisma);
  return Response.json(health, { status: health.ok ? 200 : 503, headers: NO_STORE });
};

const deepHealth = (request: Request) =>
  respond(async () => {
    verifyCronSecret(request);
    const database = await checkHealth(prisma);
    if (!database.ok) return Response.json(database, { status: 503, headers: NO_STORE });
    const health = await getDeploymentHealth({ now: currentTime(), stampsNow: machineTime() });
    return Response.json(
      { ...health, database: database.database },
      { status: health.ok ? 200 : 503, headers: NO_STORE },
    );
  });
