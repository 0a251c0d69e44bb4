import { useFetcher } from "@remix-run/react";
import { SaveBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Link, Text } from "@shopify/polaris";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { SegmentEditorPage, StoredSegment } from "~/domain/segments";
import {
  blankSegmentDraft,
  comparableDrafts,
  keepRowKeys,
  ruleFromDraft,
  segmentFromDraft,
  segmentToDraft,
  type SegmentDraft,
} from "~/domain/segments/segment-editor-form";
import { SegmentCard, type ShopifySegmentsState } from "./segment-card";
import { SegmentCountLine, SegmentVersionLine, type SegmentCounts } from "./segment-version-line";

/** The loader's data as the browser receives it (JSON: no Dates inside, so the shapes are the same). */
export type EditorPageData = SegmentEditorPage;

type SaveAnswer =
  | { intent: "save"; ok: true; segments: StoredSegment[]; revision: string }
  | { intent: "save"; ok: false; errors: Record<string, string> }
  | { error: string; message: string };

type CountAnswer =
  | {
      intent: "count";
      checkouts: number;
      bySegment: { key: string; count: number | null }[];
      defaultCount: number;
    }
  | { error: string; message: string };

type ShopifyAnswer =
  | { intent: "shopify-segments"; ok: true; segments: { id: string; name: string }[] }
  | { intent: "shopify-segments"; ok: false; message: string }
  | { error: string; message: string };

export const SEGMENTS_SAVE_BAR_ID = "segments-save-bar";
const COUNT_DEBOUNCE_MS = 600;
const MAX_SEGMENTS = 20;

/** One empty error list, so clearing errors that were already none re-renders no card. */
const NO_ERRORS: Record<string, string> = {};

const draftsOf = (segments: readonly StoredSegment[], currency: string) =>
  segments.map((segment) => segmentToDraft(segment, currency));

/**
 * The segment editor: the shop's ordered segments, each with its conditions and its own sequence, and the
 * fixed "Everyone else" last. The whole list is one form (the server saves it whole or not at all) under
 * App Bridge's contextual save bar, open while the list differs from what is stored. While the merchant
 * edits, the conditions are counted against the last 30 days' checkouts (debounced), so the effect of an
 * edit shows before it is saved.
 */
export function SegmentEditor({ page }: { page: EditorPageData }) {
  const { currency } = page;
  const saveFetcher = useFetcher<SaveAnswer>({ key: "segments-save" });
  const countFetcher = useFetcher<CountAnswer>({ key: "segments-count" });
  const shopifyFetcher = useFetcher<ShopifyAnswer>({ key: "segments-shopify" });

  const [stored, setStored] = useState(() => draftsOf(page.segments, currency));
  // The revision `stored` came from: a save is made onto it, so another admin's save meanwhile is refused.
  const [baseRevision, setBaseRevision] = useState(page.revision);
  const [drafts, setDrafts] = useState(stored);
  const [errors, setErrors] = useState<Record<string, string>>(NO_ERRORS);
  const [failure, setFailure] = useState<string | null>(null);
  const [isSaved, setIsSaved] = useState(false);
  const isDirty = comparableDrafts(drafts) !== comparableDrafts(stored);
  const isSaving = saveFetcher.state !== "idle";
  const bannerRef = useRef<HTMLDivElement>(null);

  // New page data (after a save, or another tab's): taken over unless the merchant is editing.
  const loadedKey = JSON.stringify([page.revision, page.segments]);
  const [seenLoadedKey, setSeenLoadedKey] = useState(loadedKey);
  if (loadedKey !== seenLoadedKey) {
    setSeenLoadedKey(loadedKey);
    if (!isDirty) {
      const next = keepRowKeys(drafts, draftsOf(page.segments, currency));
      setStored(next);
      setDrafts(next);
      setBaseRevision(page.revision);
    }
  }

  const answer = saveFetcher.data;
  const [seenAnswer, setSeenAnswer] = useState(answer);
  if (answer !== seenAnswer) {
    setSeenAnswer(answer);
    if (answer && "intent" in answer && answer.ok) {
      // The stored list, with the ids of the segments just created: the next save updates them.
      const saved = keepRowKeys(drafts, draftsOf(answer.segments, currency));
      setStored(saved);
      setDrafts(saved);
      setBaseRevision(answer.revision);
      setErrors(NO_ERRORS);
      setFailure(null);
      setIsSaved(true);
    } else if (answer && "intent" in answer) {
      setErrors(answer.errors);
      setFailure(null);
      setIsSaved(false);
    } else if (answer) {
      setFailure(answer.message);
      setIsSaved(false);
    }
  }
  useEffect(() => {
    if (Object.keys(errors).length > 0 || failure) bannerRef.current?.focus();
  }, [errors, failure]);

  const save = () =>
    saveFetcher.submit(
      {
        intent: "save",
        revision: baseRevision,
        segments: drafts.map((draft) => JSON.parse(JSON.stringify(segmentFromDraft(draft, currency)))),
      },
      { method: "post", encType: "application/json" },
    );
  const discard = () => {
    setDrafts(stored);
    setErrors(NO_ERRORS);
    setFailure(null);
  };

  // Live counts: the rules only (names and strategies do not change who is caught), debounced.
  const countBody = useMemo(
    () =>
      drafts.map((draft) => ({
        key: draft.rowKey,
        name: draft.name,
        rule: ruleFromDraft(draft, currency),
      })),
    [drafts, currency],
  );
  const countKey = JSON.stringify(countBody.map(({ key, rule }) => [key, rule]));
  const submitCount = countFetcher.submit;
  useEffect(() => {
    const timer = setTimeout(
      () =>
        submitCount(
          { intent: "count", segments: JSON.parse(JSON.stringify(countBody)) },
          { method: "post", encType: "application/json" },
        ),
      COUNT_DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
    // countKey stands for countBody, whose identity changes with every keystroke in a name.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [countKey, submitCount]);
  // Memoised with the fetchers' answers, like the callbacks below: the segment cards are memoised.
  const countData = countFetcher.data;
  const countIsStale = countFetcher.state !== "idle";
  const counts: SegmentCounts | null = useMemo(
    () =>
      countData && "intent" in countData
        ? {
            checkouts: countData.checkouts,
            byKey: new Map(countData.bySegment.map((row) => [row.key, row.count])),
            defaultCount: countData.defaultCount,
            isStale: countIsStale,
          }
        : null,
    [countData, countIsStale],
  );

  const shopifyState = shopifyFetcher.state;
  const shopifyData = shopifyFetcher.data;
  const submitShopify = shopifyFetcher.submit;
  const shopify: ShopifySegmentsState = useMemo(
    () => ({
      state:
        shopifyState !== "idle"
          ? "loading"
          : !shopifyData
            ? "idle"
            : "intent" in shopifyData && shopifyData.ok
              ? "loaded"
              : "failed",
      segments: shopifyData && "intent" in shopifyData && shopifyData.ok ? shopifyData.segments : [],
      message: shopifyData && !("ok" in shopifyData && shopifyData.ok) ? shopifyData.message : null,
      load: () =>
        submitShopify({ intent: "shopify-segments" }, { method: "post", encType: "application/json" }),
    }),
    [shopifyState, shopifyData, submitShopify],
  );

  // Stable (state setters only), so a segment's card re-renders only when its own props change.
  const reshape = useCallback((change: (current: SegmentDraft[]) => SegmentDraft[]) => {
    // Errors are keyed by position: after adding, removing or moving a segment they would point elsewhere.
    setErrors(NO_ERRORS);
    setIsSaved(false);
    setDrafts(change);
  }, []);
  const update = useCallback((index: number, next: SegmentDraft) => {
    setIsSaved(false);
    setDrafts((current) => current.map((draft, position) => (position === index ? next : draft)));
  }, []);
  const move = useCallback(
    (index: number, by: -1 | 1) =>
      reshape((current) => {
        const next = [...current];
        const [moved] = next.splice(index, 1);
        if (moved) next.splice(index + by, 0, moved);
        return next;
      }),
    [reshape],
  );
  const remove = useCallback(
    (index: number) => reshape((current) => current.filter((_, position) => position !== index)),
    [reshape],
  );
  const addBlank = () =>
    reshape((current) => [
      ...current,
      blankSegmentDraft(
        page.defaultStrategy,
        currency,
        current.map((draft) => draft.name),
      ),
    ]);
  const addSuggested = () =>
    reshape((current) => [
      ...current,
      ...page.suggestions.map((segment) => segmentToDraft(segment, currency)),
    ]);

  const errorCount = Object.keys(errors).length;
  const listError = errors.segments;

  return (
    <Layout>
      <Layout.Section>
        <BlockStack gap="400">
          <Card>
            <BlockStack gap="200">
              <Text as="h1" variant="headingLg">
                Segments
              </Text>
              <Text as="p">
                Each abandoned checkout gets the emails and offer of the first segment whose conditions it
                meets, checked from the top. Checkouts that meet none get Everyone else. A checkout already in
                a sequence finishes the version it started with.
              </Text>
            </BlockStack>
          </Card>
          {errorCount > 0 || failure ? (
            <div ref={bannerRef} tabIndex={-1}>
              <Banner tone="critical" title="Segments: nothing was saved">
                <BlockStack gap="100">
                  {failure ? <p>{failure}</p> : <p>Correct the fields marked in red, then save again.</p>}
                  {listError ? <p>{`The list ${listError}.`}</p> : null}
                </BlockStack>
              </Banner>
            </div>
          ) : null}
          {drafts.length === 0 ? (
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  No segments yet
                </Text>
                <Text as="p">
                  Every checkout gets the same emails and offer. Start from two segments most shops want: no
                  discount for returning big spenders, who would likely buy anyway, and the offer only from
                  the second email for first-time shoppers with a large cart.
                </Text>
                <InlineStack gap="200">
                  <Button variant="primary" onClick={addSuggested}>
                    Start from the suggested segments
                  </Button>
                  <Button onClick={addBlank}>Add a blank segment</Button>
                </InlineStack>
              </BlockStack>
            </Card>
          ) : null}
          {drafts.map((draft, index) => (
            <SegmentCard
              key={draft.rowKey}
              draft={draft}
              index={index}
              total={drafts.length}
              page={page}
              errors={errors}
              counts={counts}
              shopify={shopify}
              onChange={update}
              onMove={move}
              onDelete={remove}
            />
          ))}
          {drafts.length > 0 ? (
            <InlineStack gap="200" blockAlign="center">
              <Button onClick={addBlank} disabled={drafts.length >= MAX_SEGMENTS}>
                Add segment
              </Button>
              {drafts.length >= MAX_SEGMENTS ? (
                <Text as="span" tone="subdued">{`At most ${MAX_SEGMENTS} segments.`}</Text>
              ) : null}
            </InlineStack>
          ) : null}
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {`${drafts.length + 1}. Everyone else`}
              </Text>
              <Text as="p">
                Checkouts no segment above catches get the shop&apos;s own emails, discount tiers and holdout,
                set on the{" "}
                <Link url="/app/settings" removeUnderline={false}>
                  Settings page
                </Link>
                .
              </Text>
              <SegmentCountLine counts={counts} count={counts ? counts.defaultCount : undefined} />
              <SegmentVersionLine info={page.versions.default} />
            </BlockStack>
          </Card>
          <InlineStack align="end" gap="300" blockAlign="center">
            <div role="status">
              {isSaved && !isDirty ? (
                <Text as="span" tone="success">
                  Saved
                </Text>
              ) : null}
            </div>
            <Button onClick={discard} disabled={!isDirty || isSaving}>
              Discard
            </Button>
            <Button variant="primary" onClick={save} loading={isSaving} disabled={!isDirty}>
              Save segments
            </Button>
          </InlineStack>
        </BlockStack>
      </Layout.Section>
      <SaveBar id={SEGMENTS_SAVE_BAR_ID} open={isDirty}>
        {/* App Bridge reads these attributes: `variant="primary"` is Save, the other is Discard. */}
        {/* eslint-disable-next-line react/no-unknown-property -- an App Bridge attribute, typed by app-bridge-types */}
        <button variant="primary" loading={isSaving ? "" : undefined} onClick={save}>
          Save
        </button>
        <button disabled={isSaving} onClick={discard}>
          Discard
        </button>
      </SaveBar>
    </Layout>
  );
}
