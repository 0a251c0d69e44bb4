import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, useFetcher, useLoaderData, useRouteError } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { actionBannerOf, CheckoutDetailView, type CheckoutActionBanner } from "~/components/checkout-detail";
import {
  CheckoutActionFormSchema,
  describeSendNextStepOutcome,
  describeStopOutcome,
  findCheckoutDetail,
} from "~/domain/checkouts";
import { sendNextStepNow, stopSequence } from "~/domain/sequences";
import { getMailer } from "~/domain/sending";
import { requireAdmin } from "~/admin-context.server";
import { AppError } from "~/lib/app-error";
import { env } from "~/lib/env.server";
import { respond } from "~/lib/http.server";
import { currentTime } from "~/lib/clock.server";

const NOT_FOUND = "This checkout does not exist in your shop.";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const detail = await findCheckoutDetail(shop, params.id ?? "");
  if (!detail) throw new Response(NOT_FOUND, { status: 404 });
  return detail;
};

// "Stop the sequence" and "Send the next step now". The answer (or the error) is shown beside the buttons.
export const action = ({ request, params }: ActionFunctionArgs) =>
  respond(async () => {
    const { shop, graphql } = await requireAdmin(request);
    const body = await request.formData().catch(() => new FormData());
    const form = CheckoutActionFormSchema.safeParse(Object.fromEntries(body));
    if (!form.success) throw new AppError("BAD_REQUEST", "Unknown action: expected stop or send-now.");
    const checkoutId = params.id ?? "";
    const now = currentTime();
    const answer =
      form.data.intent === "stop"
        ? describeStopOutcome(await stopSequence(shop, checkoutId, { now }))
        : describeSendNextStepOutcome(
            await sendNextStepNow(shop, checkoutId, {
              now,
              mailer: getMailer(),
              graphql,
              appUrl: env.SHOPIFY_APP_URL,
            }),
          );
    return Response.json(answer);
  });

export default function CheckoutPage() {
  const detail = useLoaderData<typeof loader>();
  const fetcher = useFetcher<CheckoutActionBanner | { error: string; message: string }>();
  const pending = fetcher.state === "idle" ? null : fetcher.formData?.get("intent");
  return (
    <>
      <TitleBar title="Checkout" />
      <CheckoutDetailView
        detail={detail}
        answer={fetcher.state === "idle" ? actionBannerOf(fetcher.data) : null}
        pendingAction={pending === "stop" || pending === "send-now" ? pending : null}
        onAction={(intent) => fetcher.submit({ intent }, { method: "post" })}
      />
    </>
  );
}

// A checkout of another shop, or none: a page that says so. Shopify's auth responses keep their handling.
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404)
    return (
      <Page backAction={{ content: "Checkouts", url: "/app/checkouts" }} title="Checkout not found">
        <Banner tone="warning" title={NOT_FOUND} />
      </Page>
    );
  return boundary.error(error);
}
