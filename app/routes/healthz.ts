import { prisma } from "~/db.server";
import { checkHealth } from "~/lib/health.server";

export const loader = async () => {
  const health = await checkHealth(prisma);
  return Response.json(health, { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
};
