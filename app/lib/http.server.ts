import { appErrorResponse, isAppError } from "./app-error";
import { logger } from "./logger.server";

/**
 * Runs a route's work and turns an AppError into its HTTP answer (status + JSON reason). Thrown Responses
 * (Remix redirects, Shopify auth) pass through; anything else is a bug and becomes a logged 500.
 */
export async function respond(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Response) throw error;
    if (isAppError(error)) return appErrorResponse(error);
    logger.error({ err: error }, "unhandled error in route");
    return Response.json(
      { error: "INTERNAL", message: "Something went wrong on our side." },
      { status: 500 },
    );
  }
}

/** The empty 200 that tells Shopify a webhook was received. */
export function acknowledged(): Response {
  return new Response(null, { status: 200 });
}

/**
 * For loaders and actions that return data rather than a Response: an AppError becomes a thrown Response with
 * its status (Remix renders it through the route's error boundary), so a 404 stays a 404, never a 500.
 */
export async function orHttpError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error)) throw appErrorResponse(error);
    throw error;
  }
}
