import type express from "express";
import { AppError } from "../app/lib/app-error";
import { limitChunks } from "../app/lib/body-limit";

/**
 * Request bodies are bounded before a route can buffer them. No body Cartback accepts comes near
 * MAX_BODY_BYTES: a larger declared Content-Length is refused before anything reads it
 * (refuseDeclaredOversizedBodies), and a body sent without a length (chunked) is counted as the route reads
 * it and cut past the limit (countedBodyOf), so no reader ever holds more than the limit plus one chunk.
 *
 * Routes that need less cut their own bodies lower, with readBodyWithLimit: a pixel event at 8 KiB, an
 * unsubscribe at 1 KiB (after its token is verified), the login form at 4 KiB, Resend's events at 256 KiB.
 * Shopify's webhooks stop at 1 MiB (server/webhook-fast-path.ts and their routes).
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** 413 for a body declared larger than MAX_BODY_BYTES, before any route parses it. */
export function refuseDeclaredOversizedBodies(
  request: express.Request,
  response: express.Response,
  next: express.NextFunction,
) {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    refuseOversizedBody(request, response);
    return;
  }
  next();
}

/** The 413 for a body past MAX_BODY_BYTES, declared or counted, then a lingering close. */
export function refuseOversizedBody(request: express.Request, response: express.Response) {
  response
    .status(413)
    .json({ error: "PAYLOAD_TOO_LARGE", message: `request bodies are limited to ${MAX_BODY_BYTES} bytes` });
  lingerThenClose(request);
}

/**
 * The request's body for a Fetch Request: node's stream read only as the route reads it (so a body the route
 * never reads is never read), counted, and ended with a PAYLOAD_TOO_LARGE error at the first chunk past
 * MAX_BODY_BYTES. `wasCut` says whether that happened, so the server answers 413 whatever the route made of
 * the error. A reader that stops early (a route's own, lower limit) leaves node's stream intact, unread.
 */
export function countedBodyOf(request: express.Request): {
  body: ReadableStream<Uint8Array>;
  wasCut(): boolean;
} {
  let cut = false;
  async function* counted() {
    try {
      // Not destroyed when reading stops early: the answer still goes out on the request's socket.
      yield* limitChunks(request.iterator({ destroyOnReturn: false }), MAX_BODY_BYTES);
    } catch (error) {
      cut = error instanceof AppError && error.code === "PAYLOAD_TOO_LARGE";
      throw error;
    }
  }
  const chunks = counted();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await chunks.return();
      },
    },
    // Nothing read ahead of the route.
    { highWaterMark: 0 },
  );
  return { body, wasCut: () => cut };
}

/**
 * After an answer that left the body unread (a 401, a route's own 413), the rest is read and dropped and the
 * connection closed once the answer is sent, as after any 413; left alone, it would stall with the client
 * still sending.
 */
export function lingerAfterAnswer(request: express.Request, response: express.Response) {
  if (request.complete) return;
  response.once("finish", () => lingerThenClose(request));
}

/**
 * How long the rest of a refused body is read and dropped, as nginx's lingering close does by default: up to 5 s
 * waiting for more of it, 30 s in all. A client busy sending (a slow machine, a long upload) reads its answer
 * late; cutting it off sooner made it see a reset instead of its 413.
 */
const LINGER_IDLE_MS = 5_000;
const LINGER_TOTAL_MS = 30_000;

/**
 * A lingering close, as nginx does after a 413: the client is still sending its body. Closing the connection
 * at once makes this side's kernel answer the bytes still arriving with a reset, which can discard the answer
 * before the client has read it (seen as EPIPE or an empty answer). So the rest is read and dropped, nothing
 * kept, and the connection is closed once it is read (gracefully) or past the limits below (at once).
 */
function lingerThenClose(request: express.Request) {
  const close = () => request.socket.destroy();
  const idle = setTimeout(close, LINGER_IDLE_MS).unref();
  const giveUp = setTimeout(close, LINGER_TOTAL_MS).unref();
  request.on("data", () => idle.refresh());
  request.on("end", () => {
    clearTimeout(idle);
    clearTimeout(giveUp);
    request.socket.end();
  });
  request.resume();
}
