import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Page } from "@shopify/polaris";
import { z } from "zod";
import { requireAdmin } from "~/admin-context.server";
import { SegmentEditor } from "~/components/segment-editor";
import {
  countDraftSegments,
  findShopifySegmentChoices,
  getSegmentEditorPage,
  MAX_SEGMENTS,
  saveSegments,
} from "~/domain/segments";
import { currentTime } from "~/lib/clock.server";
import { orHttpError, respond } from "~/lib/http.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  orHttpError(async () => {
    const { shop } = await requireAdmin(request);
    return getSegmentEditorPage(shop, { now: currentTime() });
  });

const ActionSchema = z.discriminatedUnion("intent", [
  // The list is validated by saveSegments, which answers with field errors rather than a bare 400.
  z.object({
    intent: z.literal("save"),
    segments: z.unknown(),
    /** The list's revision the page was loaded with; a save onto a list that moved since is refused (409). */
    revision: z.string().max(128).optional(),
  }),
  z.object({
    intent: z.literal("count"),
    segments: z
      .array(z.object({ key: z.string().max(64), name: z.string().max(200), rule: z.unknown() }))
      .max(MAX_SEGMENTS * 2),
  }),
  z.object({ intent: z.literal("shopify-segments") }),
]);

// JSON bodies named by `intent`: save (422 with field errors, nothing saved), count (live counts of the
// unsaved list), shopify-segments (the shop's Shopify customer segments, loaded when a condition asks).
export const action = ({ request }: ActionFunctionArgs) =>
  respond(async () => {
    const { shop, graphql } = await requireAdmin(request);
    const body = ActionSchema.safeParse(await request.json().catch(() => null));
    if (!body.success)
      return Response.json(
        { error: "BAD_REQUEST", message: "Not a segment editor request." },
        { status: 400 },
      );
    const now = currentTime();
    switch (body.data.intent) {
      case "save": {
        const result = await saveSegments(shop, body.data.segments, { now, revision: body.data.revision });
        const status = result.ok ? 200 : "conflict" in result ? 409 : 422;
        return Response.json({ intent: "save", ...result }, { status });
      }
      case "count":
        return Response.json({
          intent: "count",
          ...(await countDraftSegments(shop, body.data.segments, { now })),
        });
      case "shopify-segments":
        return Response.json({ intent: "shopify-segments", ...(await findShopifySegmentChoices(graphql)) });
    }
  });

// Counting and listing Shopify segments change nothing stored: the page keeps its data (and its edits).
export const shouldRevalidate: ShouldRevalidateFunction = ({ json, defaultShouldRevalidate }) => {
  const intent = (json as { intent?: unknown } | undefined)?.intent;
  if (intent === "count" || intent === "shopify-segments") return false;
  return defaultShouldRevalidate;
};

export default function Segments() {
  const page = useLoaderData<typeof loader>();
  return (
    <Page>
      <TitleBar title="Segments" />
      <SegmentEditor page={page} />
    </Page>
  );
}
