import crypto from "node:crypto";
import { prisma, type DbTransaction } from "~/db.server";
import { logger } from "~/lib/logger.server";
import { SegmentRuleSchema, type SegmentRule } from "./segment-rules";
import { SegmentStrategySchema, type SegmentStrategy } from "./segment-strategy";

export interface StoredSegment {
  id: string;
  name: string;
  position: number;
  rule: SegmentRule;
  strategy: SegmentStrategy;
}

/**
 * A shop's live segments in order. A row that no longer parses (written by a newer version, or edited by
 * hand) is left out with a logged error rather than guessed at: its checkouts fall through to later segments.
 */
export async function listSegments(shop: string): Promise<StoredSegment[]> {
  const rows = await prisma.segment.findMany({
    where: { shop, deletedAt: null },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { id: true, name: true, position: true, rule: true, strategy: true },
  });
  const segments: StoredSegment[] = [];
  for (const row of rows) {
    const rule = SegmentRuleSchema.safeParse(safeJson(row.rule));
    const strategy = SegmentStrategySchema.safeParse(safeJson(row.strategy));
    if (rule.success && strategy.success) {
      segments.push({
        id: row.id,
        name: row.name,
        position: row.position,
        rule: rule.data,
        strategy: strategy.data,
      });
    } else {
      logger.error({ shop, segmentId: row.id }, "a segment does not parse: it is left out of matching");
    }
  }
  return segments;
}

/**
 * What the shop's live segment list is now, in one short string: which rows are live and when each last
 * changed. The editor saves against the revision it loaded, so two admins never overwrite each other unseen.
 */
export async function segmentsRevision(shop: string, db: DbTransaction = prisma): Promise<string> {
  const rows = await db.segment.findMany({
    where: { shop, deletedAt: null },
    orderBy: { id: "asc" },
    select: { id: true, updatedAt: true },
  });
  const text = rows.map((row) => `${row.id}@${row.updatedAt.toISOString()}`).join(",");
  return crypto.createHash("sha256").update(text).digest("hex").slice(0, 32);
}

/** Names of segments by id, deleted ones included (old enrolments still show theirs). */
export async function segmentNames(shop: string): Promise<Map<string, string>> {
  const rows = await prisma.segment.findMany({ where: { shop }, select: { id: true, name: true } });
  return new Map(rows.map((row) => [row.id, row.name]));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
