import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/admin-context.server";
import { CustomerValuePage } from "~/components/customer-value-page";
import { getRepeatCohorts } from "~/domain/analytics";
import { currentTime } from "~/lib/clock.server";
import { orHttpError } from "~/lib/http.server";

// What recovered customers are worth later: repeat purchases by month of first order, against the holdout.
export const loader = ({ request }: LoaderFunctionArgs) =>
  orHttpError(async () => {
    const { shop } = await requireAdmin(request);
    const cohorts = await getRepeatCohorts(shop, { now: currentTime() });
    if (!cohorts) throw new Response("Cartback is not installed on this shop.", { status: 404 });
    return cohorts;
  });

export default function CustomerValue() {
  return <CustomerValuePage data={useLoaderData<typeof loader>()} />;
}
