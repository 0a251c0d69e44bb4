import type http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { ActionFunctionArgs, ServerBuild } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { respond } from "~/lib/http.server";
import { readBodyWithLimit } from "~/lib/webhooks.server";
import { postChunked } from "../test/helpers/hostile";
import { handleWithRemix } from "./remix-handler";
import { MAX_BODY_BYTES } from "./request-body";

const KIB = 1024;
const MIB = 1024 * KIB;

/** What the route read of the body, and what the server had read off the socket when the route stopped. */
let routeRead = 0;
let socketReadWhenRouteStopped = 0;
let lastSocket: Socket | undefined;

/** A route that buffers whatever it is sent, and says how much it got even when reading failed. */
async function readEverything({ request }: ActionFunctionArgs) {
  try {
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>)
      routeRead += chunk.byteLength;
    return Response.json({ read: routeRead });
  } catch {
    return Response.json({ read: routeRead, failed: true });
  } finally {
    socketReadWhenRouteStopped = lastSocket?.bytesRead ?? 0;
  }
}

// Resource routes as the build lists them: one buffers its body whole, one has its own lower limit, one
// answers without reading, one has no action (Remix answers 405, as for /r/<token> or /healthz).
const build = {
  routes: {
    root: { id: "root", path: "", module: { default: () => null } },
    "routes/read-everything": {
      id: "routes/read-everything",
      parentId: "root",
      path: "read-everything",
      module: { action: readEverything },
    },
    "routes/own-limit": {
      id: "routes/own-limit",
      parentId: "root",
      path: "own-limit",
      module: {
        action: ({ request }: ActionFunctionArgs) =>
          respond(async () => Response.json({ read: (await readBodyWithLimit(request, 8 * KIB)).length })),
      },
    },
    "routes/refuses-first": {
      id: "routes/refuses-first",
      parentId: "root",
      path: "refuses-first",
      module: { action: () => Response.json({ error: "UNAUTHORIZED" }, { status: 401 }) },
    },
    "routes/loader-only": {
      id: "routes/loader-only",
      parentId: "root",
      path: "loader-only",
      module: { loader: () => new Response("ok") },
    },
  },
  // Remix reports a POST to a route without an action to handleError; nothing to see here.
  entry: { module: { default: () => new Response("document"), handleError: () => undefined } },
  assets: { routes: {}, entry: { module: "", imports: [] }, url: "", version: "1" },
  future: {},
  publicPath: "/",
  assetsBuildDirectory: "",
  isSpaMode: false,
} as unknown as ServerBuild;

let server: http.Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.all("*", handleWithRemix({ build, mode: "production", getLoadContext: () => ({}) }));
  server = app.listen(0, "127.0.0.1");
  server.on("connection", (socket) => (lastSocket = socket));
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

/** POSTs a chunked body of `bytes` (64 MiB unless said), after resetting what the routes record. */
function post(path: string, bytes = 64 * MIB) {
  routeRead = 0;
  socketReadWhenRouteStopped = 0;
  return postChunked(`${base}${path}`, { bytes });
}

describe("Remix behind the server: request bodies", () => {
  it("cuts a chunked body at MAX_BODY_BYTES with 413, even for a route that swallows the error", async () => {
    const answer = await post("/read-everything");
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: "PAYLOAD_TOO_LARGE" });
    expect(routeRead).toBeLessThanOrEqual(MAX_BODY_BYTES);
    // Off the socket: the limit, the request's head and framing, and what node reads ahead (64 KiB reads,
    // a 16 KiB stream buffer); nothing like the 64 MiB on offer.
    expect(socketReadWhenRouteStopped).toBeLessThanOrEqual(MAX_BODY_BYTES + 256 * KIB);
  });

  it("delivers a route's own 413 for a chunked body past its lower limit (not a reset)", async () => {
    const answer = await post("/own-limit");
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: "PAYLOAD_TOO_LARGE", message: /8192 bytes/ });
  });

  it("answers a route that refuses first, or has no action, without reading the body", async () => {
    expect((await post("/refuses-first")).status).toBe(401);
    expect((await post("/loader-only")).status).toBe(405);
  });

  it("passes a body within the limit through whole", async () => {
    const answer = await post("/read-everything", 512 * KIB);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ read: 512 * KIB });
  });
});
