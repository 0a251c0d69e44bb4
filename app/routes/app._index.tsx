import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { DashboardPage } from "~/components/dashboard-page";
import { getDashboard, parseDashboardRange } from "~/domain/analytics";
import { getExperimentCards } from "~/domain/experiments";
import { requireAdmin } from "~/admin-context.server";
import { currentTime } from "~/lib/clock.server";

// The charts' stylesheet is small (about 20 kB); loading it with the page avoids a restyle when they mount.
export const links = () => [{ rel: "stylesheet", href: vizStyles }];

// The app home: is sending working, what is left to set up, and what recovery earned in the chosen period.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const { range, notice } = parseDashboardRange(new URL(request.url).searchParams);
  const dashboard = await getDashboard(shop, { range, now: currentTime() });
  if (!dashboard) throw new Response("Cartback is not installed on this shop.", { status: 404 });
  // The experiments' period is the dashboard's, which needs the shop's time zone: read after it.
  const period = { from: new Date(dashboard.period.from), to: new Date(dashboard.period.to) };
  const experiments = await getExperimentCards(shop, { period });
  return { ...dashboard, periodNotice: notice, experiments };
};

export default function Home() {
  return <DashboardPage data={useLoaderData<typeof loader>()} />;
}
