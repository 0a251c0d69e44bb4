import { PassThrough } from "node:stream";
import { type EntryContext, createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { prisma } from "./db.server";
import { checkKeyFingerprints, type KeyCheck } from "./domain/privacy";
import { startIntervalScheduler, runTick } from "~/domain/scheduler";
import { getMailer } from "~/domain/sending";
import { env, isDemoMode } from "./lib/env.server";
import { logger } from "./lib/logger.server";
import { closeRedis } from "./lib/redis.server";
import { addDocumentResponseHeaders, adminGraphqlFor } from "./shopify.server";
import { currentTime } from "./lib/clock.server";
import { allowLoopbackImageUrls } from "./lib/public-url";

/** What server/index.ts needs from the app: where to listen and the background work to start and stop. */
export interface ServerRuntime {
  port: number;
  host: string;
  log(message: string): void;
  /** Before listening: a key configuration that would forget opt-outs or break links already sent refuses. */
  checkKeys(): Promise<KeyCheck>;
  start(): void;
  stop(): Promise<void>;
}

let scheduler: { stop(): Promise<void> } | undefined;

if (isDemoMode) allowLoopbackImageUrls();

export const serverRuntime: ServerRuntime = {
  port: env.PORT,
  // Demo mode has no authentication: it is reachable from this machine only.
  host: isDemoMode ? "127.0.0.1" : "0.0.0.0",
  log: (message) => logger.info(message),
  checkKeys: () => checkKeyFingerprints(),
  start() {
    if (env.SCHEDULER !== "interval" || scheduler) return;
    const log = logger.child({ unit: "scheduler" });
    scheduler = startIntervalScheduler({
      everyMs: 60_000,
      log,
      work: () =>
        runTick({
          now: currentTime(),
          adminFor: adminGraphqlFor,
          mailer: getMailer(),
          appUrl: env.SHOPIFY_APP_URL,
        }),
    });
    log.info("running the tick in this process every minute (SCHEDULER=interval)");
  },
  async stop() {
    await scheduler?.stop();
    await Promise.all([prisma.$disconnect(), closeRedis()]);
  },
};

export const streamTimeout = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  // Bots get the whole document at once; browsers get it streamed as soon as the shell is ready.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [readyEvent]() {
        const body = new PassThrough();
        responseHeaders.set("Content-Type", "text/html");
        resolve(
          new Response(createReadableStreamFromReadable(body), {
            headers: responseHeaders,
            status: responseStatusCode,
          }),
        );
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        logger.error({ err: error }, "render error");
      },
    });
    setTimeout(abort, streamTimeout + 1_000);
  });
}
