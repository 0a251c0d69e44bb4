import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

type RouteFunction<Args> = (args: Args) => unknown;

/** Calls a route's action the way Remix does, and returns the Response (thrown or returned). */
export async function callAction(
  action: RouteFunction<ActionFunctionArgs>,
  request: Request,
  params = {},
  context: Record<string, unknown> = {},
): Promise<Response> {
  return asResponse(() => action({ request, params, context }));
}

/** Calls a route's loader; a returned plain object becomes a JSON response with status 200. */
export async function callLoader(
  loader: RouteFunction<LoaderFunctionArgs>,
  request: Request,
  params = {},
  context: Record<string, unknown> = {},
): Promise<Response> {
  return asResponse(() => loader({ request, params, context }));
}

async function asResponse(run: () => unknown): Promise<Response> {
  try {
    const result = await run();
    return result instanceof Response ? result : Response.json(result);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
