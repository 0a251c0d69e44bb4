import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPrivacyExport } from "~/domain/privacy";
import { requireAdmin } from "~/admin-context.server";

/** The export of one data request, as a file; 404 for another shop's request or one without an export. */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const found = await getPrivacyExport(shop, params.id ?? "");
  if (!found) return new Response("Not found", { status: 404 });
  return new Response(`${JSON.stringify(found.export, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="customer-data-${found.id}.json"`,
      "Cache-Control": "no-store",
    },
  });
};
