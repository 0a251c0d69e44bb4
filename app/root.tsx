import type { MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import { isDemoMode } from "~/lib/env.server";

export const meta: MetaFunction = () => [{ title: "Cartback" }];

export const loader = () => ({ isDemo: isDemoMode });

/**
 * Polaris's typeface, Inter, from Shopify's CDN as Shopify's app template loads it. The demo makes no call
 * off this machine, so it leaves the font out and Polaris falls back to the system's sans-serif.
 */
export function fontLinksOf(isDemo: boolean) {
  return isDemo
    ? []
    : [
        { rel: "preconnect", href: "https://cdn.shopify.com/" },
        { rel: "stylesheet", href: "https://cdn.shopify.com/static/fonts/inter/v4/styles.css" },
      ];
}

export default function App() {
  // Absent when the root loader itself failed: then the error page loads the font as usual.
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        {fontLinksOf(data?.isDemo ?? false).map((link) => (
          <link key={link.href} rel={link.rel} href={link.href} />
        ))}
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
