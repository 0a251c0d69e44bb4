import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { ServerRuntime } from "../app/entry.server";
import { exitUnlessSupportedNode } from "../scripts/supported-node.mjs";
import { answerWebhooksDirectly, findWebhookActions } from "./webhook-fast-path";

/**
 * Cartback's HTTP server: Remix behind Express. Development runs Vite as middleware (with hot reload);
 * production serves the build from `npm run build`. Configuration and background work (the in-process
 * scheduler) come from the app's entry module, so environment handling stays in app/lib/env.server.ts.
 */

// Before anything is configured or loaded from the app: on an older Node it would start and then misbehave.
exitUnlessSupportedNode();

const isProduction = process.env.NODE_ENV === "production";
const buildDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), isProduction ? "." : "../build");

async function loadViteServer() {
  const vite = await import("vite");
  // The demo is not for editing code: no hot-reload socket (a second demo or `npm run dev` may hold its port).
  const hmr = process.env.DEMO_MODE === "1" ? { hmr: false } : {};
  return vite.createServer({ server: { middlewareMode: true, ...hmr } });
}

/** No request body Cartback accepts comes near this; larger ones are refused before anything reads them. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * 413 for a body declared larger than MAX_BODY_BYTES, before any route parses it. Bodies sent without a
 * length (chunked) are bounded where they are read: webhooks, the pixel and Resend's events stop reading at
 * their own limits (readBodyWithLimit).
 */
function refuseOversizedBodies(
  request: express.Request,
  response: express.Response,
  next: express.NextFunction,
) {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    response
      .status(413)
      .json({ error: "PAYLOAD_TOO_LARGE", message: `request bodies are limited to ${MAX_BODY_BYTES} bytes` });
    lingerThenClose(request);
    return;
  }
  next();
}

/** How long the rest of a refused body is read and dropped before its connection is closed. */
const LINGER_MS = 2_000;

/**
 * A lingering close, as nginx does after a 413: the client is still sending the body it declared. Closing the
 * connection at once makes this side's kernel answer the bytes still arriving with a reset, which can discard
 * the 413 before the client has read it (seen as EPIPE or an empty answer). So the rest is read and dropped,
 * nothing kept, and the connection is closed once it is read (gracefully) or after LINGER_MS (at once).
 */
function lingerThenClose(request: express.Request) {
  const giveUp = setTimeout(() => request.socket.destroy(), LINGER_MS);
  giveUp.unref();
  request.on("end", () => {
    clearTimeout(giveUp);
    request.socket.end();
  });
  request.resume();
}

export async function startServer() {
  const viteServer = isProduction ? undefined : await loadViteServer();
  const loadBuild = async (): Promise<ServerBuild> =>
    viteServer
      ? ((await viteServer.ssrLoadModule("virtual:remix/server-build")) as ServerBuild)
      : ((await import(/* @vite-ignore */ path.join(buildDir, "server", "index.js"))) as ServerBuild);

  const build = await loadBuild();
  const runtime = (build.entry.module as unknown as { serverRuntime: ServerRuntime }).serverRuntime;

  const app = express();
  app.disable("x-powered-by");
  // Behind a load balancer on a private network, the client's address is the first X-Forwarded-For hop it
  // added; public endpoints rate-limit by it (app/lib/rate-limit.server.ts). A header from anywhere else is
  // not believed.
  app.set("trust proxy", "loopback, linklocal, uniquelocal");
  app.use(refuseOversizedBodies);
  if (viteServer) {
    app.use(viteServer.middlewares);
  } else {
    // Webhooks first: they are most of the traffic and need neither static files nor Remix's routing. In
    // development Remix answers them, so edited routes are picked up without a restart.
    app.use(answerWebhooksDirectly(findWebhookActions(build)));
    // Fingerprinted assets never change; everything else in public/ may.
    app.use(
      "/assets",
      express.static(path.join(buildDir, "client", "assets"), { immutable: true, maxAge: "1y" }),
    );
    app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  }
  app.all(
    "*",
    createRequestHandler({
      build: viteServer ? loadBuild : build,
      mode: isProduction ? "production" : "development",
      getLoadContext: (request) => ({ clientIp: request.ip ?? request.socket.remoteAddress ?? "unknown" }),
    }),
  );

  const server = app.listen(runtime.port, runtime.host, () => {
    runtime.log(`Cartback listening on http://${runtime.host}:${runtime.port}`);
  });
  server.keepAliveTimeout = 65_000;
  runtime.start();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.log(`${signal} received; finishing in-flight work`);
    server.close();
    await runtime.stop();
    await viteServer?.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  return server;
}

await startServer();
