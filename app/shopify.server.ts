import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { sealedSessionStorage } from "~/lib/sealed-session-storage.server";
import { prisma } from "./db.server";
import { ensureWebPixel } from "~/domain/pixel";
import { recordShopInstall } from "./domain/shops";
import { currentTime } from "./lib/clock.server";
import { env } from "./lib/env.server";
import { logger } from "./lib/logger.server";
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
 * Loading the session refreshes an expired token, and Shopify replaces the refresh token every time it is
 * used: concurrent callers for one shop (a batch sends 8 steps at once) share one load, so one refresh.
 */
export const adminGraphqlFor = singleFlight(
  async (shop: string) => (await shopify.unauthenticated.admin(shop)).admin.graphql,
);
