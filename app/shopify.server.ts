import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { Session } from "@shopify/shopify-api";
import { sealedSessionStorage } from "~/lib/sealed-session-storage.server";
import { prisma } from "./db.server";
import { ensureWebPixel } from "~/domain/pixel";
import { clearShopReauth, findReauthNeed, markShopNeedsReauth, recordShopInstall } from "./domain/shops";
import type { AdminGraphql } from "./lib/admin-graphql.server";
import { currentTime, machineTime } from "./lib/clock.server";
import { env } from "./lib/env.server";
import { logger } from "./lib/logger.server";
import { refreshOfflineToken, type OfflineTokens } from "./lib/refresh-offline-token.server";
import { OfflineAccessUnavailableError, ShopReauthRequiredError } from "./lib/shop-reauth-required";
import { singleFlight } from "./lib/single-flight";

export const API_VERSION = ApiVersion.October26;

const shopifyLogger = logger.child({ unit: "shopify-library" });
const LOG_METHODS = {
  [LogSeverity.Error]: "error",
  [LogSeverity.Warning]: "warn",
  [LogSeverity.Info]: "debug",
  [LogSeverity.Debug]: "trace",
} as const;

// The Prisma session storage is typed against the default `@prisma/client`; Cartback's client is generated
// into app/generated with the same Session model, so it is passed through unchanged.
type SessionStoragePrisma = ConstructorParameters<typeof PrismaSessionStorage>[0];

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: env.SCOPES,
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  // Access and refresh tokens are sealed at rest, like shoppers' personal data.
  sessionStorage: sealedSessionStorage(
    new PrismaSessionStorage(prisma as unknown as SessionStoragePrisma, { connectionRetries: 1 }),
  ),
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  logger: {
    level: LogSeverity.Info,
    // The library's info lines are per-request chatter; they go to debug. Its messages can carry session
    // tokens, so only the message and the shop are kept, and the logger masks both.
    log: async (severity, message) => {
      shopifyLogger[LOG_METHODS[severity]](message);
    },
  },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      // The merchant is back and the library holds a new offline session: background work goes on.
      await clearShopReauth(session.shop);
      await recordShopInstall(session.shop, { now: currentTime(), graphql: admin.graphql });
      await ensureWebPixel(session.shop, { graphql: admin.graphql, appUrl: env.SHOPIFY_APP_URL });
    },
  },
  isEmbeddedApp: true,
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;

/**
 * The Admin GraphQL function of a shop's offline session, for background work (throws if it has none).
 * An expired token is refreshed first (ensureOfflineAccess), and Shopify replaces the refresh token every
 * time it is used: concurrent callers for one shop (a batch sends 8 steps at once) share one load, so one
 * refresh. Throws ShopReauthRequiredError when access cannot be renewed without the merchant.
 */
export const adminGraphqlFor = singleFlight(async (shop: string): Promise<AdminGraphql> => {
  await ensureOfflineAccess(shop, { now: currentTime(), tokenTime: machineTime() });
  const { admin, session } = await shopify.unauthenticated.admin(shop);
  return watchForRefusedToken(session, admin.graphql);
});

/**
 * A token Shopify answers HTTP 401 to is dead: revoked, or a non-expiring token once Shopify stops honouring
 * them (a session without an expiry is never refreshed). The shop is marked and, as the library does inside
 * the admin, the token dropped, so the merchant's next visit exchanges a new one (and afterAuth clears the
 * mark). The call still fails as it did; the caller's own handling of it is unchanged.
 */
function watchForRefusedToken(session: Session, graphql: AdminGraphql): AdminGraphql {
  return async (query, options) => {
    try {
      return await graphql(query, options);
    } catch (error) {
      if ((error as { response?: { code?: unknown } })?.response?.code === 401)
        await dropRefusedToken(session);
      throw error;
    }
  };
}

async function dropRefusedToken(refused: Session): Promise<void> {
  const reason = "Shopify refused the app's access token (HTTP 401)";
  if (await markShopNeedsReauth(refused.shop, reason, currentTime())) {
    logger.child({ shop: refused.shop, unit: "offline-token" }).warn({ reason }, "offline access lost");
  }
  const stored = await shopify.sessionStorage.loadSession(refused.id);
  // Only the token that was refused: another process may have stored a new one meanwhile.
  if (stored && stored.accessToken === refused.accessToken) {
    stored.accessToken = undefined;
    await shopify.sessionStorage.storeSession(stored);
  }
}

const offlineSessionId = (shop: string) => `offline_${shop}`;

// Further ahead than the library's own five minutes, so that once this code has looked at a session the
// library (unauthenticated.admin, just after) never refreshes it a second time.
const REFRESH_AHEAD_MS = 10 * 60_000;

const expiresSoon = (session: Session, tokenTime: Date) =>
  session.expires !== undefined && session.expires.getTime() - REFRESH_AHEAD_MS < tokenTime.getTime();

type RenewFailure = { rejected: boolean; reason: string };

interface AccessClock {
  /** The app's time (the demo's simulated clock included): when the shop was marked. */
  now: Date;
  /**
   * The machine's: tokens expire in Shopify's real time, and the library checks them against the machine's
   * clock, so expiries are computed and compared on it whatever the app's clock says.
   */
  tokenTime: Date;
}

/**
 * Makes sure the shop's stored offline session can be used: a shop already marked waits for the merchant
 * (no call to Shopify); an expiring token is refreshed and the rotated session stored; a refusal marks the
 * shop. A session without an expiry (a non-expiring token from before expiring tokens) is used as it is,
 * and a missing session is left to the library to report.
 */
async function ensureOfflineAccess(shop: string, { now, tokenTime }: AccessClock): Promise<void> {
  const need = await findReauthNeed(shop);
  if (need) throw new ShopReauthRequiredError(shop, need.reason);
  const session = await shopify.sessionStorage.loadSession(offlineSessionId(shop));
  if (!session || !expiresSoon(session, tokenTime)) return;
  const failure = await renewOfflineSession(session, tokenTime);
  if (!failure) return;
  const log = logger.child({ shop, unit: "offline-token" });
  if (!failure.rejected) {
    log.warn({ reason: failure.reason }, "offline token not refreshed; background work retries later");
    throw new OfflineAccessUnavailableError(shop, failure.reason);
  }
  if (await markShopNeedsReauth(shop, failure.reason, now)) {
    log.warn({ reason: failure.reason }, "offline access lost; the merchant must open the app again");
  }
  throw new ShopReauthRequiredError(shop, failure.reason);
}

async function renewOfflineSession(session: Session, tokenTime: Date): Promise<RenewFailure | null> {
  const first = await refreshWith(session, tokenTime);
  if (first === null || !first.rejected) return first;
  // Two processes (a tick on two machines, a tick and a page load) may use the same refresh token at once:
  // Shopify honours the first and refuses the second, whose session the first has already replaced.
  const stored = await shopify.sessionStorage.loadSession(offlineSessionId(session.shop));
  if (!stored?.refreshToken || stored.refreshToken === session.refreshToken) return first;
  return expiresSoon(stored, tokenTime) ? refreshWith(stored, tokenTime) : null;
}

async function refreshWith(session: Session, tokenTime: Date): Promise<RenewFailure | null> {
  if (!session.refreshToken) {
    return { rejected: true, reason: "the app's access to the shop expired and it holds no refresh token" };
  }
  if (session.refreshTokenExpires && session.refreshTokenExpires.getTime() <= tokenTime.getTime()) {
    return {
      rejected: true,
      reason: `the app's refresh token expired on ${session.refreshTokenExpires.toISOString().slice(0, 10)}`,
    };
  }
  const result = await refreshOfflineToken({
    shop: session.shop,
    refreshToken: session.refreshToken,
    apiKey: env.SHOPIFY_API_KEY,
    apiSecret: env.SHOPIFY_API_SECRET,
    now: tokenTime,
  });
  if (!result.ok) return result;
  await shopify.sessionStorage.storeSession(offlineSessionOf(session.shop, result.tokens));
  return null;
}

const offlineSessionOf = (shop: string, tokens: OfflineTokens) =>
  new Session({
    id: offlineSessionId(shop),
    shop,
    // As the library stores a refreshed session: its Session table requires a state.
    state: "",
    isOnline: false,
    ...tokens,
  });
