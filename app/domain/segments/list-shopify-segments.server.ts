import { ListCustomerSegments } from "~/graphql/list-customer-segments";
import { runAdminOperation, type AdminGraphql, type RunOptions } from "~/lib/admin-graphql.server";

export interface ShopifyCustomerSegment {
  /** gid://shopify/Segment/<digits>, as SHOPIFY_SEGMENT conditions name it. */
  id: string;
  name: string;
}

export type ListShopifySegmentsResult =
  | { ok: true; segments: ShopifyCustomerSegment[] }
  | { ok: false; reason: string; retryable: boolean; accessDenied: boolean };

const SEGMENT_GID = /^gid:\/\/shopify\/Segment\/\d+$/;

/**
 * The shop's Shopify customer segments for the editor's picker (its first 250), sorted by name. An id of
 * another shape is left out: a condition could not store it. A failure is a value the editor shows, so the
 * rest of the page still works.
 */
export async function listShopifyCustomerSegments(
  admin: AdminGraphql,
  options: RunOptions = {},
): Promise<ListShopifySegmentsResult> {
  const result = await runAdminOperation(admin, ListCustomerSegments, undefined, {
    maxAttempts: 2,
    ...options,
  });
  if (!result.ok)
    return {
      ok: false,
      reason: result.reason,
      retryable: result.retryable,
      accessDenied: result.accessDenied === true,
    };
  const segments = result.data.segments.nodes
    .filter((segment) => SEGMENT_GID.test(segment.id))
    .map((segment) => ({ id: segment.id, name: segment.name.trim().slice(0, 255) || segment.id }))
    .sort((a, b) => a.name.localeCompare(b.name, "en") || a.id.localeCompare(b.id));
  return { ok: true, segments };
}
