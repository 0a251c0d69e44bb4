import { isUniqueViolation, prisma, type DbTransaction } from "~/db.server";
import { canonicalStrategy, SegmentStrategySchema, type SegmentStrategy } from "./segment-strategy";

/**
 * Immutable sequence versions. A segment's current strategy becomes a version the first time an enrolment (or
 * a save) needs it; the same strategy again reuses the latest version; a changed one gets the next number.
 * Versions are never updated or deleted while their shop is installed, so a version read once can be cached
 * for the life of the process.
 */

export interface SequenceVersion {
  id: string;
  shop: string;
  segmentId: string;
  number: number;
  strategy: SegmentStrategy;
}

const CACHE_LIMIT = 5_000;
const cache = new Map<string, SequenceVersion>();

function remember(version: SequenceVersion): SequenceVersion {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(version.id, version);
  return version;
}

function toVersion(row: { id: string; shop: string; segmentId: string; number: number; data: string }) {
  return {
    id: row.id,
    shop: row.shop,
    segmentId: row.segmentId,
    number: row.number,
    strategy: SegmentStrategySchema.parse(JSON.parse(row.data)),
  };
}

/** The version new enrolments of this segment get: the latest, or a new one when the strategy changed. */
export async function ensureCurrentVersion(
  shop: string,
  segmentId: string,
  strategy: SegmentStrategy,
  { now, db = prisma }: { now: Date; db?: DbTransaction },
): Promise<SequenceVersion> {
  const wanted = canonicalStrategy(strategy);
  for (let attempt = 0; attempt < 3; attempt++) {
    const latest = await db.sequenceVersion.findFirst({
      where: { shop, segmentId },
      orderBy: { number: "desc" },
      select: { id: true, shop: true, segmentId: true, number: true, data: true },
    });
    if (latest) {
      const version = cache.get(latest.id) ?? remember(toVersion(latest));
      if (canonicalStrategy(version.strategy) === wanted) return version;
    }
    try {
      const row = await db.sequenceVersion.create({
        data: { shop, segmentId, number: (latest?.number ?? 0) + 1, data: wanted, createdAt: now },
        select: { id: true, shop: true, segmentId: true, number: true, data: true },
      });
      return remember(toVersion(row));
    } catch (error) {
      // Another instance made the same next number first: read again, it may be this very strategy.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error(`could not settle the current sequence version of ${shop}/${segmentId}`);
}

/** Versions by id, scoped to the shop; cached, as they never change. */
export async function loadSequenceVersions(
  shop: string,
  ids: readonly string[],
): Promise<Map<string, SequenceVersion>> {
  const found = new Map<string, SequenceVersion>();
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const cached = cache.get(id);
    if (cached && cached.shop === shop) found.set(id, cached);
    else missing.push(id);
  }
  if (missing.length > 0) {
    const rows = await prisma.sequenceVersion.findMany({
      where: { shop, id: { in: missing } },
      select: { id: true, shop: true, segmentId: true, number: true, data: true },
    });
    for (const row of rows) found.set(row.id, remember(toVersion(row)));
  }
  return found;
}

/** For tests that rewrite history underneath the process. */
export function forgetCachedVersions(): void {
  cache.clear();
}
