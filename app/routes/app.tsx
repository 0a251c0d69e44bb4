import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { Banner } from "@shopify/polaris";
import { requireAdmin } from "~/admin-context.server";
import { env, isDemoMode } from "~/lib/env.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  return { apiKey: env.SHOPIFY_API_KEY, isDemo: isDemoMode };
};

/** Demo mode runs outside Shopify admin: a local stand-in provides what App Bridge would (demo.app-bridge.js). */
export const DEMO_APP_BRIDGE_URL = "/demo/app-bridge.js";

export default function AppFrame() {
  const { apiKey, isDemo } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} {...(isDemo ? { __APP_BRIDGE_URL: DEMO_APP_BRIDGE_URL } : {})}>
      {isDemo ? (
        <Banner tone="info" title="Demo mode">
          An invented shop and a simulated month, served only on this machine. Emails are in .demo/outbox.
        </Banner>
      ) : null}
      <NavMenu>
        <Link to="/app" rel="home">
          Home
        </Link>
        <Link to="/app/checkouts">Checkouts</Link>
        <Link to="/app/segments">Segments</Link>
        <Link to="/app/customer-value">Customer value</Link>
        <Link to="/app/settings">Settings</Link>
        <Link to="/app/preview">Email preview</Link>
        <Link to="/app/privacy">Privacy requests</Link>
      </NavMenu>
      <main>
        <Outlet />
      </main>
    </AppProvider>
  );
}

// Shopify's auth answers with thrown responses; these keep their headers intact inside the admin iframe.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
