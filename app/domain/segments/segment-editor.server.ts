import { prisma } from "~/db.server";
import { findActiveShop, getShopSettings } from "~/domain/shops";
import type { AdminGraphql } from "~/lib/admin-graphql.server";
import { AppError } from "~/lib/app-error";
import { countSegmentMatches } from "./count-segment-matches.server";
import { listSegments, segmentsRevision, type StoredSegment } from "./list-segments.server";
import { listShopifyCustomerSegments } from "./list-shopify-segments.server";
import { MAX_SEGMENTS, SegmentRuleSchema, type SegmentForMatching } from "./segment-rules";
import { strategyFromSettings, type SegmentStrategy } from "./segment-strategy";
import { suggestedSegments, type SuggestedSegment } from "./suggested-segments";
import { getValueTierThresholds } from "./value-tiers.server";

const DAY_MS = 86_400_000;
/** Options offered per catalog picker; a shop with more types than this types the rest in Shopify's words. */
const CATALOG_OPTION_LIMIT = 250;
/** Products read for their tags and collections (JSON columns, so not DISTINCT-able in SQL). */
const CATALOG_SCAN_LIMIT = 5_000;

export interface SegmentVersionInfo {
  /** The version new enrolments get; null before the segment's first enrolment or save. */
  current: number | null;
  /** Older versions with enrolments still running on them, newest first. */
  older: { number: number; active: number }[];
}

export interface CatalogOptions {
  productTypes: string[];
  vendors: string[];
  tags: string[];
  collections: string[];
}

export interface SegmentEditorPage {
  currency: string;
  segments: StoredSegment[];
  /** By segment id, and DEFAULT_SEGMENT_ID for "Everyone else". */
  versions: Record<string, SegmentVersionInfo>;
  /** "Everyone else": the shop's settings, edited on the Settings page. */
  defaultStrategy: SegmentStrategy;
  valueTiers: { highAtLeastMinor: number | null; customersCounted: number };
  catalog: CatalogOptions;
  /** Offered when the shop has no segment yet. */
  suggestions: SuggestedSegment[];
  /** The list's revision (segmentsRevision): a save names it and is refused if the list moved since. */
  revision: string;
}

/** Everything the segment editor shows for one shop. */
export async function getSegmentEditorPage(shop: string, { now }: { now: Date }): Promise<SegmentEditorPage> {
  const active = await findActiveShop(shop, { now });
  if (!active) throw new AppError("NOT_FOUND", `shop ${shop} is not installed`);
  const [segments, settings, versions, valueTiers, catalog, median, revision] = await Promise.all([
    listSegments(shop),
    getShopSettings(shop),
    findVersionInfo(shop),
    getValueTierThresholds(shop, now),
    findCatalogOptions(shop),
    findMedianSubtotalMinor(shop, now),
    segmentsRevision(shop),
  ]);
  const defaultStrategy = strategyFromSettings(settings);
  return {
    currency: active.currency,
    segments,
    versions,
    defaultStrategy,
    valueTiers,
    catalog,
    suggestions: suggestedSegments(active.currency, median, defaultStrategy),
    revision,
  };
}

/**
 * Each segment's current version number and the active enrolments still finishing on older ones: enrolments
 * pin their version, so after an edit these are the checkouts that still get the old emails.
 */
export async function findVersionInfo(shop: string): Promise<Record<string, SegmentVersionInfo>> {
  const [latest, running] = await Promise.all([
    prisma.sequenceVersion.groupBy({ by: ["segmentId"], where: { shop }, _max: { number: true } }),
    prisma.enrollment.groupBy({
      by: ["sequenceVersionId"],
      where: { shop, status: "ACTIVE", sequenceVersionId: { not: null } },
      _count: { _all: true },
    }),
  ]);
  const info: Record<string, SegmentVersionInfo> = {};
  for (const row of latest) info[row.segmentId] = { current: row._max.number, older: [] };
  const counts = new Map(running.map((row) => [row.sequenceVersionId as string, row._count._all]));
  if (counts.size === 0) return info;
  const versions = await prisma.sequenceVersion.findMany({
    where: { shop, id: { in: [...counts.keys()] } },
    select: { id: true, segmentId: true, number: true },
    orderBy: { number: "desc" },
  });
  for (const version of versions) {
    const segment = (info[version.segmentId] ??= { current: null, older: [] });
    if (segment.current !== null && version.number < segment.current)
      segment.older.push({ number: version.number, active: counts.get(version.id) ?? 0 });
  }
  return info;
}

/** The shop's product types, vendors, tags and collections, for the affinity conditions' pickers. */
export async function findCatalogOptions(shop: string): Promise<CatalogOptions> {
  const [types, vendors, rows] = await Promise.all([
    prisma.product.findMany({
      where: { shop, productType: { not: null } },
      distinct: ["productType"],
      select: { productType: true },
      orderBy: { productType: "asc" },
      take: CATALOG_OPTION_LIMIT + 1,
    }),
    prisma.product.findMany({
      where: { shop, vendor: { not: null } },
      distinct: ["vendor"],
      select: { vendor: true },
      orderBy: { vendor: "asc" },
      take: CATALOG_OPTION_LIMIT + 1,
    }),
    prisma.product.findMany({
      where: { shop },
      select: { tags: true, collections: true },
      orderBy: { updatedAt: "desc" },
      take: CATALOG_SCAN_LIMIT,
    }),
  ]);
  const tags = new Set<string>();
  const collections = new Set<string>();
  for (const row of rows) {
    for (const tag of jsonArray(row.tags)) if (typeof tag === "string") tags.add(tag.trim());
    for (const collection of jsonArray(row.collections)) {
      const title = (collection as { title?: unknown } | null)?.title;
      if (typeof title === "string") collections.add(title.trim());
    }
  }
  return {
    productTypes: capped(types.map((row) => row.productType as string)),
    vendors: capped(vendors.map((row) => row.vendor as string)),
    tags: capped([...tags]),
    collections: capped([...collections]),
  };
}

function capped(values: string[]): string[] {
  return [...new Set(values.filter((value) => value !== ""))]
    .sort((a, b) => a.localeCompare(b))
    .slice(0, CATALOG_OPTION_LIMIT);
}

function jsonArray(text: string): unknown[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/**
 * The median subtotal of the shop's checkouts of the last 30 days (the middle row, or the mean of the two
 * middle ones), in the shop's currency; null when there was none. Two indexed queries rather than a
 * percentile function, which SQLite lacks.
 */
export async function findMedianSubtotalMinor(shop: string, now: Date): Promise<number | null> {
  const where = { shop, deletedAt: null, shopifyCreatedAt: { gte: new Date(now.getTime() - 30 * DAY_MS) } };
  const count = await prisma.checkout.count({ where });
  if (count === 0) return null;
  const middle = await prisma.checkout.findMany({
    where,
    select: { subtotalMinor: true },
    orderBy: [{ subtotalMinor: "asc" }, { id: "asc" }],
    skip: Math.floor((count - 1) / 2),
    take: count % 2 === 0 ? 2 : 1,
  });
  const sum = middle.reduce((total, row) => total + row.subtotalMinor, 0);
  return Math.round(sum / middle.length);
}

export interface DraftCount {
  checkouts: number;
  /** null for a segment whose conditions are not valid yet (it catches nothing until they are). */
  bySegment: { key: string; count: number | null }[];
  defaultCount: number;
}

/**
 * How many of the last 30 days' checkouts each segment of an unsaved list would have caught, first match
 * wins. A segment whose conditions do not parse yet is left out of the matching (as a stored one that does
 * not parse is), so the merchant still sees the others while typing.
 */
export async function countDraftSegments(
  shop: string,
  drafts: readonly { key: string; name: string; rule: unknown }[],
  { now }: { now: Date },
): Promise<DraftCount> {
  const active = await findActiveShop(shop, { now });
  if (!active) throw new AppError("NOT_FOUND", `shop ${shop} is not installed`);
  const valid: SegmentForMatching[] = [];
  for (const draft of drafts.slice(0, MAX_SEGMENTS)) {
    const rule = SegmentRuleSchema.safeParse(draft.rule);
    if (rule.success) valid.push({ id: draft.key, name: draft.name, rule: rule.data });
  }
  const counted = await countSegmentMatches(shop, { segments: valid, currency: active.currency, now });
  const byKey = new Map(counted.bySegment.map((row) => [row.id, row.count]));
  return {
    checkouts: counted.checkouts,
    bySegment: drafts.map((draft) => ({ key: draft.key, count: byKey.get(draft.key) ?? null })),
    defaultCount: counted.defaultCount,
  };
}

export type ShopifySegmentChoices =
  { ok: true; segments: { id: string; name: string }[] } | { ok: false; message: string };

/** The Shopify customer segments for the picker, or a sentence the merchant can act on. */
export async function findShopifySegmentChoices(admin: AdminGraphql): Promise<ShopifySegmentChoices> {
  const result = await listShopifyCustomerSegments(admin);
  if (result.ok) return { ok: true, segments: result.segments };
  if (result.accessDenied)
    return {
      ok: false,
      message:
        "Shopify did not allow Cartback to read your customer segments. Approve the app's customer access, then try again.",
    };
  return {
    ok: false,
    message: result.retryable
      ? "Shopify did not answer in time. Try again in a moment."
      : "Shopify's customer segments could not be loaded. Try again later.",
  };
}
