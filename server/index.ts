import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { ServerRuntime } from "../app/entry.server";
import { exitUnlessSupportedNode } from "../scripts/supported-node.mjs";
import { handleWithRemix } from "./remix-handler";
import { refuseDeclaredOversizedBodies } from "./request-body";
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

async function loadViteServer(httpServer: http.Server) {
  const vite = await import("vite");
  const isDemo = process.env.DEMO_MODE === "1";
  // Hot reload shares the app's own server and port: under `shopify app dev` the browser reaches it through the
  // tunnel, whose proxy forwards WebSocket upgrades to that port only (vite.config.ts). The demo too: with
  // `hmr: false` Vite's client still dialled its default port 24678, and when another development server held
  // it (CI runs several at once) the demo's pages logged WebSocket errors.
  const hmr = { hmr: { server: httpServer } };
  // The demo keeps Vite's dependency bundles with its data, so a fresh demo starts as on a fresh clone (what
  // demo/demo.test.ts checks) and never shares bundles with a development server running beside it.
  const cacheDir = isDemo ? process.env.DEMO_VITE_CACHE_DIR : undefined;
  return vite.createServer({ cacheDir, server: { middlewareMode: true, ...hmr } });
}

export async function startServer() {
  const httpServer = http.createServer();
  const viteServer = isProduction ? undefined : await loadViteServer(httpServer);
  const loadBuild = async (): Promise<ServerBuild> =>
    viteServer
      ? ((await viteServer.ssrLoadModule("virtual:remix/server-build")) as ServerBuild)
      : ((await import(/* @vite-ignore */ path.join(buildDir, "server", "index.js"))) as ServerBuild);

  const build = await loadBuild();
  const runtime = (build.entry.module as unknown as { serverRuntime: ServerRuntime }).serverRuntime;
  const keys = await runtime.checkKeys();
  if (!keys.ok) {
    process.stderr.write(`${keys.reason}\n`);
    await runtime.stop();
    await viteServer?.close();
    process.exit(1);
  }

  const app = express();
  app.disable("x-powered-by");
  // Behind a load balancer on a private network, the client's address is the first X-Forwarded-For hop it
  // added; public endpoints rate-limit by it (app/lib/rate-limit.server.ts). A header from anywhere else is
  // not believed.
  app.set("trust proxy", "loopback, linklocal, uniquelocal");
  app.use(refuseDeclaredOversizedBodies);
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
    handleWithRemix({
      build: viteServer ? loadBuild : build,
      mode: isProduction ? "production" : "development",
      getLoadContext: (request) => ({ clientIp: request.ip ?? request.socket.remoteAddress ?? "unknown" }),
    }),
  );

  const server = httpServer.on("request", app).listen(runtime.port, runtime.host, () => {
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
