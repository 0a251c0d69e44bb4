import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { CheckoutList, type CheckoutListChange } from "~/components/checkout-list";
import { listCheckouts, parseCheckoutListParams, segmentChoicesOf } from "~/domain/checkouts";
import { DEFAULT_SEGMENT_ID, DEFAULT_SEGMENT_NAME, listSegments, segmentNames } from "~/domain/segments";
import { requireAdmin } from "~/admin-context.server";

// The checkout list. Filter, search, sort and page live in the URL: a view can be shared, and Back works.
// The shop's segments are read here and handed to the list, so the checkouts folder needs no segment code.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [live, names] = await Promise.all([listSegments(shop), segmentNames(shop)]);
  const segments = segmentChoicesOf(live, names, { id: DEFAULT_SEGMENT_ID, name: DEFAULT_SEGMENT_NAME });
  return listCheckouts(shop, parseCheckoutListParams(new URL(request.url).searchParams), { segments });
};

const DEFAULTS: Record<string, string> = { status: "all", sort: "activity-desc", q: "", segment: "" };

export default function CheckoutsPage() {
  const page = useLoaderData<typeof loader>();
  const [searchParams, setSearchParams] = useSearchParams();
  const navigation = useNavigation();
  const show = (changes: Record<string, string | undefined>) => {
    // Shopify's own params (host, shop, embedded) stay; any change of view starts from its own cursor or none.
    const next = new URLSearchParams(searchParams);
    ["after", "before"].forEach((key) => next.delete(key));
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === DEFAULTS[key]) next.delete(key);
      else next.set(key, value);
    }
    setSearchParams(next);
  };
  return (
    <>
      <TitleBar title="Checkouts" />
      <CheckoutList
        page={page}
        isLoading={navigation.state === "loading" && navigation.location.pathname === "/app/checkouts"}
        onChange={(change: CheckoutListChange) => show({ ...change })}
        onPage={(cursor) => show(cursor)}
      />
    </>
  );
}
