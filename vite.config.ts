import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, type UserConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// `shopify app dev` serves the app through a tunnel and passes its URL as APP_URL (and HOST), not as
// SHOPIFY_APP_URL. Vite must accept that host. Hot reload runs on the app server's own port (server/index.ts);
// through the tunnel the browser reaches it with wss on 443.
const appUrl = new URL(process.env.SHOPIFY_APP_URL || process.env.APP_URL || "http://localhost");
const isLocalhost = appUrl.hostname === "localhost" || appUrl.hostname === "127.0.0.1";
const hmr = isLocalhost ? {} : { protocol: "wss", clientPort: 443 };

export default defineConfig({
  server: {
    allowedHosts: [appUrl.hostname],
    cors: { preflightContinue: true },
    port: Number(process.env.PORT || 3000),
    hmr,
    fs: { allow: ["app", "node_modules"] },
  },
  plugins: [
    remix({
      ignoredRouteFiles: ["**/.*"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
  ],
  build: { assetsInlineLimit: 0, target: "es2022" },
  // Development only: every dependency the browser needs, bundled before the first page. Found one by one
  // instead, each find re-bundles and reloads the page, and a page half loaded across two bundles gets two
  // copies of React ("Invalid hook call").
  optimizeDeps: {
    include: [
      "@shopify/app-bridge-react",
      "@shopify/polaris",
      "@shopify/polaris-viz",
      "@shopify/shopify-app-remix/react",
      "@shopify/shopify-app-remix/server",
      // Reached only through server modules, but found by the scan of route files all the same.
      "@shopify/shopify-app-remix/adapters/node",
      "@shopify/shopify-app-session-storage-prisma",
      "@prisma/adapter-better-sqlite3",
      "@prisma/adapter-pg",
      "@prisma/client/runtime/client",
      "pino",
      "pino-pretty",
      "zod",
      // Reached through email rendering, sending, AI copy and catalog text: found only on the first visit to a
      // page that uses them (the demo's checkouts and email preview), too late for a page already open.
      "entities",
      "resend",
      "@react-email/render",
      "@react-email/components",
      "@google/genai",
      // Resend's webhook signatures, reached through the recovery engine's index (its delivery events).
      "svix",
      // The Session class app/shopify.server.ts builds for a refreshed offline token (reached through auth routes).
      "@shopify/shopify-api",
      // The shared rate limits and the email pacer (app/lib/rate-limit.server.ts, send-pacer.server.ts).
      "rate-limiter-flexible",
      "ioredis",
    ],
  },
}) satisfies UserConfig;
