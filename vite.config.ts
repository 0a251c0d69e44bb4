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
  optimizeDeps: { include: ["@shopify/app-bridge-react", "@shopify/polaris"] },
}) satisfies UserConfig;
