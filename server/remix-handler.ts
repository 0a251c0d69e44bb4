import {
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type express from "express";
import { countedBodyOf, lingerAfterAnswer, refuseOversizedBody } from "./request-body";

/**
 * Remix behind Express, as @remix-run/express's adapter does it, with one change: the route reads the
 * request's body counted and cut at MAX_BODY_BYTES (server/request-body.ts). That adapter hands a route
 * node's stream as it comes, so a chunked body had no bound: 600 MiB posted to a public form was buffered whole.
 */
export function handleWithRemix({
  build,
  mode,
  getLoadContext,
}: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  getLoadContext: (request: express.Request) => AppLoadContext;
}): express.RequestHandler {
  const handleRequest = createRequestHandler(build, mode);
  return async (request, response, next) => {
    try {
      const { body, wasCut } = countedBodyOf(request);
      const answer = await handleRequest(fetchRequestOf(request, response, body), getLoadContext(request));
      if (wasCut()) {
        await answer.body?.cancel();
        refuseOversizedBody(request, response);
        return;
      }
      lingerAfterAnswer(request, response);
      await sendAnswer(response, answer);
    } catch (error) {
      next(error);
    }
  };
}

/** The Fetch Request a route sees: the URL as the client addressed it, its headers, and the counted body. */
function fetchRequestOf(
  request: express.Request,
  response: express.Response,
  body: ReadableStream<Uint8Array>,
): Request {
  // Loaders and actions are aborted once the answer can no longer be written (the client has gone).
  const controller = new AbortController();
  response.on("close", () => {
    if (!response.writableFinished) controller.abort();
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    for (const one of Array.isArray(value) ? value : value ? [value] : []) headers.append(name, one);
  }
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return new Request(urlOf(request), {
    method: request.method,
    headers,
    signal: controller.signal,
    ...(hasBody ? { body, duplex: "half" } : {}),
  } as RequestInit);
}

/**
 * request.hostname honours "trust proxy" (X-Forwarded-Host from the load balancer) but drops the port, which
 * is taken from the same header, else from Host.
 */
function urlOf(request: express.Request): string {
  const portOf = (host: string | undefined) => Number.parseInt(host?.split(":")[1] ?? "", 10);
  const port = [portOf(request.get("X-Forwarded-Host")), portOf(request.get("Host"))].find(
    Number.isSafeInteger,
  );
  return `${request.protocol}://${request.hostname}${port ? `:${port}` : ""}${request.originalUrl}`;
}

async function sendAnswer(response: express.Response, answer: Response) {
  response.statusMessage = answer.statusText;
  response.status(answer.status);
  for (const [name, value] of answer.headers.entries()) response.append(name, value);
  if (/text\/event-stream/i.test(answer.headers.get("Content-Type") ?? "")) response.flushHeaders();
  if (answer.body) await writeReadableStreamToWritable(answer.body, response);
  else response.end();
}
