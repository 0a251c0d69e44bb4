import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, type UserConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// `shopify app dev` serves the app through a tunnel and passes its URL as SHOPIFY_APP_URL. Hot reload has
// to use that host too, or the browser inside Shopify admin tries to reach localhost.
const appUrl = new URL(process.env.SHOPIFY_APP_URL || "http://localhost");
const isLocalhost = appUrl.hostname === "localhost" || appUrl.hostname === "127.0.0.1";
const hmr = isLocalhost
  ? { protocol: "ws", host: "localhost", port: 64999, clientPort: 64999 }
  : {
      protocol: "wss",
      host: appUrl.hostname,
      port: Number(process.env.FRONTEND_PORT) || 8002,
      clientPort: 443,
    };

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
    ],
  },
}) satisfies UserConfig;
