import { CreateWebPixel, GetWebPixel, UpdateWebPixel } from "~/graphql/web-pixel";
import { runAdminOperation, type AdminGraphql, type RunOptions } from "~/lib/admin-graphql.server";
import { logger } from "~/lib/logger.server";
import { webPixelSettingsFor } from "./pixel-account-key.server";

export type WebPixelOutcome = "CREATED" | "UPDATED" | "UNCHANGED" | "FAILED";

function sameSettings(stored: string | null, wanted: Record<string, string>): boolean {
  if (!stored) return false;
  try {
    const parsed = JSON.parse(stored) as Record<string, unknown>;
    return Object.entries(wanted).every(([key, value]) => parsed[key] === value);
  } catch {
    return false;
  }
}

/**
 * Makes the shop's Cartback pixel active with the right settings: created after install (webPixelCreate),
 * updated when the app's URL or key changed (webPixelUpdate), left alone otherwise. Runs on every
 * authentication, so a pixel the merchant's store lost comes back. Never throws: the pixel is an early signal,
 * not something the app needs to work, so a failure is logged with its reason and retried at the next auth.
 */
export async function ensureWebPixel(
  shop: string,
  { graphql, appUrl, retry }: { graphql: AdminGraphql; appUrl: string; retry?: RunOptions },
): Promise<WebPixelOutcome> {
  const log = logger.child({ shop, unit: "web-pixel" });
  const wanted = webPixelSettingsFor(shop, appUrl);
  const settings = JSON.stringify(wanted);
  const options = { logger: log, ...retry };
  const current = await runAdminOperation(graphql, GetWebPixel, undefined, options);
  // Shopify answers "No web pixel was found" (an error, or null) until the app creates one.
  const absent = current.ok
    ? current.data.webPixel === null
    : /no web pixel|not.?found/i.test(current.reason);
  if (!current.ok && !absent) {
    log.warn(
      { reason: current.reason },
      "web pixel state unavailable; trying again at the next authentication",
    );
    return "FAILED";
  }
  const existing = current.ok ? current.data.webPixel : null;
  if (existing && sameSettings(existing.settings, wanted)) return "UNCHANGED";
  const result = existing
    ? await runAdminOperation(graphql, UpdateWebPixel, { id: existing.id, settings }, options)
    : await runAdminOperation(graphql, CreateWebPixel, { settings }, options);
  const payload = result.ok
    ? "webPixelUpdate" in result.data
      ? result.data.webPixelUpdate
      : result.data.webPixelCreate
    : null;
  const problem = !result.ok
    ? result.reason
    : payload?.userErrors.map((error) => error.message).join("; ") || null;
  if (problem || !payload?.webPixel) {
    log.warn({ reason: problem ?? "no pixel returned" }, "web pixel not activated");
    return "FAILED";
  }
  log.info({ pixel: existing ? "updated" : "created" }, "web pixel active");
  return existing ? "UPDATED" : "CREATED";
}
