import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { describeUnsubscribeLink, unsubscribe } from "~/domain/consent";
import { readUnsubscribeToken } from "~/domain/messages";
import { AppError } from "~/lib/app-error";
import { respond } from "~/lib/http.server";
import { limitUnsubscribesFor, limitUnsubscribesFrom } from "~/lib/public-rate-limits.server";
import { clientIpOf, rateLimitedResponse } from "~/lib/rate-limit.server";
import { currentTime } from "~/lib/clock.server";
import { readBodyWithLimit } from "~/lib/webhooks.server";

export const meta: MetaFunction = () => [{ title: "Unsubscribe" }, { name: "robots", content: "noindex" }];

const notFound = () => new AppError("NOT_FOUND", "This unsubscribe link is not valid.");

export const loader = async ({ params }: LoaderFunctionArgs) => {
  const page = await describeUnsubscribeLink(params.token ?? "");
  if (!page) throw new Response("This unsubscribe link is not valid.", { status: 404 });
  return page;
};

/**
 * The page's form posts nothing and a one-click request posts "List-Unsubscribe=One-Click" (RFC 8058, urlencoded
 * or multipart): a body past this is refused (413) before more of it is read.
 */
const MAX_UNSUBSCRIBE_BODY_BYTES = 1024;

// The page's button and a mail client's RFC 8058 one-click request both arrive here; the mail client gets a
// plain 200, the person a confirmation. The link's signature is checked before any of the body is read.
export const action = ({ request, params, context }: ActionFunctionArgs) =>
  respond(async () => {
    const now = currentTime();
    const subject = readUnsubscribeToken(params.token ?? "");
    // An unsubscribe is never lost to the limiter: when Redis fails, the limits are counted in this instance
    // (as without Redis) and the opt-out below is recorded; only a flood past them gets 429 and a retry time.
    try {
      await limitUnsubscribesFrom(clientIpOf(context), now);
      if (subject) await limitUnsubscribesFor(subject.shop, now);
    } catch (error) {
      return rateLimitedResponse(error);
    }
    if (!subject) throw notFound();
    const body = (await readBodyWithLimit(request, MAX_UNSUBSCRIBE_BODY_BYTES)).toString("utf8");
    const outcome = await unsubscribe(params.token ?? "", { now });
    if (!outcome) throw notFound();
    if (/List-Unsubscribe=One-Click/i.test(body)) return new Response("Unsubscribed", { status: 200 });
    return Response.json({ outcome });
  });

export default function Unsubscribe() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<{ outcome?: string }>();
  const done = page.alreadyUnsubscribed || result?.outcome !== undefined;
  return (
    <main
      style={{
        fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, sans-serif",
        maxWidth: 480,
        margin: "64px auto",
        padding: "0 24px",
        textAlign: "center",
        color: "#202223",
      }}
    >
      {page.logoUrl ? (
        <img src={page.logoUrl} alt={page.shopName} style={{ maxHeight: 56, maxWidth: 200 }} />
      ) : (
        <h1 style={{ fontSize: 24 }}>{page.shopName}</h1>
      )}
      {done ? (
        <>
          <h2 style={{ fontSize: 20 }}>You are unsubscribed</h2>
          <p>You will not get any more cart reminders from {page.shopName}.</p>
        </>
      ) : (
        <>
          <h2 style={{ fontSize: 20 }}>Stop cart reminders?</h2>
          <p>You will not get any more emails from {page.shopName} about carts you left behind.</p>
          <Form method="post">
            <button
              type="submit"
              style={{
                background: page.accentColor,
                color: "#ffffff",
                border: 0,
                borderRadius: 6,
                padding: "12px 24px",
                fontSize: 16,
                fontWeight: 700,
                cursor: "pointer",
              }}
            >
              Unsubscribe
            </button>
          </Form>
        </>
      )}
    </main>
  );
}
