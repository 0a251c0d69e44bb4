import { flatRoutes } from "@remix-run/fs-routes";
import type { RouteConfig } from "@remix-run/route-config";

// One file per URL under app/routes; tests beside them are not routes.
export default flatRoutes({
  ignoredRouteFiles: ["**/*.test.ts", "**/*.test.tsx", "**/.*"],
}) satisfies RouteConfig;
