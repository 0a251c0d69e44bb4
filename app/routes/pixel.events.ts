import type { ActionFunctionArgs } from "@remix-run/node";
import { receivePixelEvent } from "~/domain/pixel";
import { AppError, appErrorResponse } from "~/lib/app-error";
import { currentTime } from "~/lib/clock.server";
import { respond } from "~/lib/http.server";
import { clientIpOf, rateLimitedResponse } from "~/lib/rate-limit.server";

/**
 * The web pixel's endpoint (extensions/cartback-pixel). Public and unauthenticated by nature: every event is
 * checked (size, type, schema, installed shop, its pixel's key, rate) before anything is read from or written
 * to the database; receivePixelEvent says what it may then do. CORS: credential-free requests from any https
 * page (storefronts, custom domains, checkout) or a sandboxed one (origin "null") may read the answer.
 */
export const action = async ({ request, context }: ActionFunctionArgs) => {
  const cors = corsHeaders(request.headers.get("origin"));
  if (request.method === "OPTIONS") {
    return new Response(null, {
      status: 204,
      headers: {
        ...cors,
        "Access-Control-Allow-Methods": "POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": "86400",
      },
    });
  }
  const response = await respond(async () => {
    if (request.method !== "POST") throw new AppError("METHOD_NOT_ALLOWED", "pixel events are POST requests");
    try {
      const outcome = await receivePixelEvent(request, { clientIp: clientIpOf(context), now: currentTime() });
      return Response.json({ outcome }, { status: 202 });
    } catch (error) {
      return rateLimitedResponse(error);
    }
  });
  for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
  return response;
};

export const loader = () =>
  appErrorResponse(new AppError("METHOD_NOT_ALLOWED", "pixel events are POST requests"));

function corsHeaders(origin: string | null): Record<string, string> {
  const allowed = origin !== null && (origin === "null" || /^https:\/\/[^/\s]+$/.test(origin));
  return allowed ? { "Access-Control-Allow-Origin": origin, Vary: "Origin" } : { Vary: "Origin" };
}
