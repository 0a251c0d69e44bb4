import { setupServer } from "msw/node";
import { geminiHandlers } from "./gemini";
import { resendHandlers } from "./resend";
import { shopifyAdminHandlers } from "./shopify-admin";

export const mockServer = setupServer(...shopifyAdminHandlers, ...geminiHandlers, ...resendHandlers);

// msw hands its event listeners a clone of every mocked response. A clone nobody reads keeps each chunk the
// app reads from the original, so a streamed download (a bulk export of 100,000 products) would sit whole
// in memory because of the mock; cancelling the unread clone lets the stream flow through.
mockServer.events.on("response:mocked", ({ response }) => {
  if (!response.bodyUsed) void response.body?.cancel().catch(() => {});
});

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** Requests to servers the test itself started on this machine pass; anything else unmocked is an error. */
export function isLoopback(url: string): boolean {
  return LOOPBACK.has(new URL(url).hostname);
}
