import { describe, expect, it, vi } from "vitest";
import type { AdminGraphql } from "~/lib/admin-graphql.server";
import { listShopifyCustomerSegments } from "./list-shopify-segments.server";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const noSleep = { sleep: async () => {} };

describe("listShopifyCustomerSegments", () => {
  it("lists the shop's segments by name, leaving out ids a condition could not store", async () => {
    const graphql = vi.fn<AdminGraphql>(async () =>
      json({
        data: {
          segments: {
            nodes: [
              { id: "gid://shopify/Segment/2", name: "VIP" },
              { id: "gid://shopify/Segment/1", name: "Abandoned in the last 30 days" },
              { id: "gid://shopify/Collection/3", name: "Not a segment" },
            ],
          },
        },
      }),
    );
    expect(await listShopifyCustomerSegments(graphql)).toEqual({
      ok: true,
      segments: [
        { id: "gid://shopify/Segment/1", name: "Abandoned in the last 30 days" },
        { id: "gid://shopify/Segment/2", name: "VIP" },
      ],
    });
    expect(graphql.mock.calls[0]?.[0]).toContain("segments(first: 250)");
  });

  it("returns a failure value, not a throw, when Shopify refuses or fails", async () => {
    const denied = vi.fn<AdminGraphql>(async () => json({}, 403));
    expect(await listShopifyCustomerSegments(denied, noSleep)).toMatchObject({
      ok: false,
      retryable: false,
      accessDenied: true,
    });
    const down = vi.fn<AdminGraphql>(async () => json({}, 503));
    expect(await listShopifyCustomerSegments(down, noSleep)).toMatchObject({
      ok: false,
      retryable: true,
      accessDenied: false,
    });
    expect(down).toHaveBeenCalledTimes(2);
  });
});
