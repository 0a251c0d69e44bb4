import type { ServerBuild } from "@remix-run/node";
import type express from "express";
import { lingerAfterAnswer } from "./request-body";
import type { WebhookAction } from "../app/ingestion";

/**
 * Webhooks without Remix in the way. A POST to a webhook route's path is answered here by that route's own
 * action's `answer` (the same verification, parsing and storage as its action), without converting the Node
 * request into a Fetch Request, matching it against every route, and converting the answer back: under a
 * burst those conversions cost more CPU than storing the delivery. The table is read from the build's route
 * modules, so a route is the one place that says which path handles which topic; any other method or path,
 * or a route whose action is not a webhookAction, goes on to Remix as before.
 */

type RouteEntry = ServerBuild["routes"][string];

function isWebhookAction(value: unknown): value is WebhookAction {
  return (
    typeof value === "function" &&
    typeof (value as WebhookAction).topic === "string" &&
    typeof (value as WebhookAction).answer === "function"
  );
}

/** "/webhooks/checkouts/update" for a route without dynamic segments, or null. */
function staticPathOf(routes: ServerBuild["routes"], route: RouteEntry): string | null {
  const segments: string[] = [];
  for (let current: RouteEntry | undefined = route; current;) {
    if (current.path) segments.unshift(current.path);
    current = current.parentId ? routes[current.parentId] : undefined;
  }
  const path = `/${segments.join("/")}`.replace(/\/+/g, "/");
  return /[:*?]/.test(path) ? null : path;
}

/** Path -> the route's action, for every route whose action is a webhookAction. */
export function findWebhookActions(build: ServerBuild): Map<string, WebhookAction> {
  const table = new Map<string, WebhookAction>();
  for (const route of Object.values(build.routes)) {
    const webhook: unknown = route?.module.action;
    if (!route || !isWebhookAction(webhook)) continue;
    const path = staticPathOf(build.routes, route);
    if (path) table.set(path, webhook);
  }
  return table;
}

function headerOf(request: express.Request, name: string): string | null {
  const value = request.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

async function answer(route: WebhookAction, request: express.Request, response: express.Response) {
  const answered = await route.answer({
    header: (name) => headerOf(request, name),
    // Over the limit, reading stops but the stream is not destroyed, so the 413 can still be sent.
    body: request.iterator({ destroyOnReturn: false }),
  });
  response.status(answered.status);
  answered.headers.forEach((value, name) => response.setHeader(name, value));
  // A body the answer did not read (refused for its size) is read and dropped after the answer, then the
  // connection closed: closing it at once would answer the bytes still coming with a reset, which clients
  // see as EPIPE instead of the 413.
  lingerAfterAnswer(request, response);
  response.end(answered.body ? Buffer.from(await answered.arrayBuffer()) : undefined);
}

/** Express middleware answering POSTs to webhook routes directly; everything else goes on. */
export function answerWebhooksDirectly(routes: Map<string, WebhookAction>): express.RequestHandler {
  return (request, response, next) => {
    const route = request.method === "POST" ? routes.get(request.path) : undefined;
    if (!route) {
      next();
      return;
    }
    answer(route, request, response).catch(next);
  };
}
