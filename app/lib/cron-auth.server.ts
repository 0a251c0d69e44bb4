import crypto from "node:crypto";
import { AppError } from "./app-error";
import { env } from "./env.server";

/** Constant-time comparison of two secrets of any length (hashing first removes the length leak). */
export function secretsMatch(given: string, expected: string): boolean {
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/**
 * Scheduled-job requests carry `Authorization: Bearer <CRON_SECRET>`. Anything else is refused before any
 * work starts: 405 for another method, 401 for a missing or wrong secret, 503 when no secret is configured
 * (development without CRON_SECRET; production refuses to boot without one).
 */
export function verifyCronRequest(
  request: Request,
  secret: string | null | undefined = env.CRON_SECRET,
): void {
  if (request.method !== "POST") throw new AppError("METHOD_NOT_ALLOWED", "scheduled jobs are POST requests");
  verifyCronSecret(request, secret);
}

/** The bearer check alone, for monitoring reads (GET /healthz?deep=1): 401 wrong or missing, 503 unset. */
export function verifyCronSecret(
  request: Request,
  secret: string | null | undefined = env.CRON_SECRET,
): void {
  if (!secret)
    throw new AppError(
      "NOT_CONFIGURED",
      "CRON_SECRET is not set, so scheduled jobs cannot be called over HTTP",
    );
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer (.+)$/.exec(header);
  if (!match || !secretsMatch(match[1] as string, secret))
    throw new AppError("UNAUTHORIZED", "missing or wrong bearer secret");
}
