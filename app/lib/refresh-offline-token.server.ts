import { z } from "zod";

/**
 * Shopify's token endpoint for expiring offline tokens (POST https://{shop}/admin/oauth/access_token,
 * grant_type=refresh_token). The Remix library refreshes too, but turns every failure into a bare HTTP 500:
 * background work must tell "Shopify refused the refresh token" (the merchant has to open the app again)
 * from "Shopify could not be reached" (try again next tick), so the app refreshes here first.
 */

/** What Shopify answers a refresh with; it replaces the refresh token every time one is used. */
const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  scope: z.string(),
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1),
  refresh_token_expires_in: z.number().positive(),
});

const TokenErrorSchema = z.object({ error: z.string() }).passthrough();

export interface OfflineTokens {
  accessToken: string;
  scope: string;
  expires: Date;
  refreshToken: string;
  refreshTokenExpires: Date;
}

export type TokenRefreshResult =
  | { ok: true; tokens: OfflineTokens }
  /** `rejected`: Shopify refused the refresh token (used, revoked or expired); asking again will not help. */
  | { ok: false; rejected: boolean; reason: string };

export interface TokenRefreshRequest {
  shop: string;
  refreshToken: string;
  apiKey: string;
  apiSecret: string;
  now: Date;
  /** How long Shopify has to answer. */
  timeoutMs?: number;
}

/**
 * Only an OAuth error code (invalid_grant, invalid_request…) is kept from Shopify's answer, and only when it
 * is one: the reason is stored and shown as it is, and must never carry anything a token could hide in.
 */
const errorCodeOf = (body: unknown) => {
  const parsed = TokenErrorSchema.safeParse(body);
  return parsed.success && /^[a-z_]{1,40}$/.test(parsed.data.error) ? parsed.data.error : null;
};

export async function refreshOfflineToken(request: TokenRefreshRequest): Promise<TokenRefreshResult> {
  const { shop, refreshToken, apiKey, apiSecret, now, timeoutMs = 10_000 } = request;
  let response: Response;
  try {
    response = await fetch(`https://${shop}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        client_id: apiKey,
        client_secret: apiSecret,
        grant_type: "refresh_token",
        refresh_token: refreshToken,
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const name = (error as { name?: string })?.name;
    return { ok: false, rejected: false, reason: `token refresh: ${name ?? "network error"}` };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 429 || response.status >= 500) {
    return { ok: false, rejected: false, reason: `token refresh: Shopify answered HTTP ${response.status}` };
  }
  if (!response.ok) {
    const code = errorCodeOf(body);
    return {
      ok: false,
      rejected: true,
      reason: `Shopify refused to renew the app's access (HTTP ${response.status}${code ? `, ${code}` : ""})`,
    };
  }
  const parsed = TokenResponseSchema.safeParse(body);
  if (!parsed.success) return { ok: false, rejected: false, reason: "token refresh: unexpected answer" };
  const after = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  return {
    ok: true,
    tokens: {
      accessToken: parsed.data.access_token,
      scope: parsed.data.scope,
      expires: after(parsed.data.expires_in),
      refreshToken: parsed.data.refresh_token,
      refreshTokenExpires: after(parsed.data.refresh_token_expires_in),
    },
  };
}
