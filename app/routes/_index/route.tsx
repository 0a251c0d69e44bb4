import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { isDemoMode } from "~/lib/env.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  // Demo mode has no Shopify admin to open the app from: its home is the demo shop's admin.
  if (isDemoMode) throw redirect("/app");
  const url = new URL(request.url);
  // Shopify opens the app with ?shop=...; the embedded app lives under /app.
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
};

export default function Landing() {
  return (
    <main
      style={{
        fontFamily: "Inter, system-ui, sans-serif",
        maxWidth: 640,
        margin: "64px auto",
        padding: "0 24px",
      }}
    >
      <h1>Cartback</h1>
      <p>Wins back abandoned Shopify checkouts with honest, well-timed recovery emails.</p>
      <Form method="post" action="/auth/login">
        <label htmlFor="shop">Shop domain</label>{" "}
        <input id="shop" type="text" name="shop" placeholder="my-shop.myshopify.com" autoComplete="on" />{" "}
        <button type="submit">Log in</button>
      </Form>
    </main>
  );
}
