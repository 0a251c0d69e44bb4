import { DEMO_APP_BRIDGE_SCRIPT } from "~/domain/demo";
import { requireDemoMode } from "~/lib/demo-mode.server";
import { respond } from "~/lib/http.server";

// Demo mode's stand-in for App Bridge (app.tsx loads it instead of Shopify's CDN script); 404 elsewhere.
export const loader = () =>
  respond(async () => {
    requireDemoMode();
    return new Response(DEMO_APP_BRIDGE_SCRIPT, {
      headers: { "Content-Type": "application/javascript; charset=utf-8", "Cache-Control": "no-store" },
    });
  });
