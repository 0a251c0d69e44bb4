import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { followTrackedLink } from "~/domain/sequences";
import { respond } from "~/lib/http.server";
import { limitClicksFrom } from "~/lib/public-rate-limits.server";
import { clientIpOf, rateLimitedResponse } from "~/lib/rate-limit.server";
import { currentTime } from "~/lib/clock.server";

export const loader = ({ params, context }: LoaderFunctionArgs) =>
  respond(async () => {
    const now = currentTime();
    try {
      // Refused only over the address's limit: when Redis fails the limit is counted in this instance instead,
      // so an outage never blocks a shopper's way back to the cart.
      await limitClicksFrom(clientIpOf(context), now);
    } catch (error) {
      return rateLimitedResponse(error, { "Cache-Control": "no-store" });
    }
    const destination = await followTrackedLink(params.token ?? "", { now });
    if (!destination) {
      return new Response("This link is no longer valid. Visit the shop to find your cart.", {
        status: 404,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      });
    }
    // Never cached: each visit is counted, and the codes in the destination may have expired since.
    return redirect(destination, {
      status: 302,
      headers: { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
    });
  });
