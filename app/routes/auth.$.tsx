import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isDemoMode } from "~/lib/env.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  // Demo mode has no OAuth: its one shop is installed by the demo itself.
  if (isDemoMode) throw redirect("/app");
  await authenticate.admin(request);
  return null;
};
