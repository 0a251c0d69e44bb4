import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import type { DashboardPageData } from "~/components/dashboard-page";
import Home from "../../app/routes/app._index";

/**
 * The app home rendered on the server, as Remix does it (a static data router, no browser), from loader data.
 * @remix-run/testing's createRemixStub is not installed; the static router is what RemixServer itself renders
 * with. The test setup fails on any console.error, so a React or Polaris warning fails the test.
 */
export async function renderHome(data: DashboardPageData, path = "/app?period=30"): Promise<string> {
  const handler = createStaticHandler([
    { id: "routes/app._index", path: "/app", loader: () => data, Component: Home },
  ]);
  const context = await handler.query(new Request(`https://cartback.test${path}`));
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(
    <AppProvider i18n={en}>
      <StaticRouterProvider router={router} context={context} hydrate={false} />
    </AppProvider>,
  );
}

/** The text a reader gets: tags dropped, entities decoded, spaces collapsed. */
export const textOf = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
