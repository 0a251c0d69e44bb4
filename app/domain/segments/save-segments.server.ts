import { z } from "zod";
import { prisma } from "~/db.server";
import { findActiveShop } from "~/domain/shops";
import { AppError } from "~/lib/app-error";
import { listSegments, segmentsRevision, type StoredSegment } from "./list-segments.server";
import { MAX_NAME_LENGTH } from "./segment-editor-form";
import { MAX_SEGMENTS, SegmentRuleSchema } from "./segment-rules";
import { canonicalStrategy, SegmentStrategySchema } from "./segment-strategy";
import { ensureCurrentVersion } from "./sequence-versions.server";

/** Field errors keyed by path (`segments.1.rule.conditions.0.codes`); `segments` for the list as a whole. */
export type SegmentFieldErrors = Record<string, string>;

export type SaveSegmentsResult =
  | { ok: true; segments: StoredSegment[]; revision: string }
  | { ok: false; errors: SegmentFieldErrors; conflict?: true };

/** The list's message when it moved since the page was loaded (the editor shows it as "The list …"). */
export const LIST_CHANGED_MESSAGE =
  "was changed by someone else since this page was loaded: reload the page to see their changes, then make yours again";

const SegmentInputSchema = z.object({
  id: z.string().min(1).max(64).optional(),
  name: z
    .string()
    .trim()
    .min(1, "is required")
    .max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`),
  rule: SegmentRuleSchema,
  strategy: SegmentStrategySchema,
});

const SegmentListSchema = z
  .array(SegmentInputSchema)
  .max(MAX_SEGMENTS, `allows at most ${MAX_SEGMENTS} segments`);

/**
 * Names unique (ignoring case) and ids listed once, judged on the raw list: zod skips a list's refinements
 * when an entry is invalid, and the merchant should see every problem at once.
 */
function listErrors(input: unknown): SegmentFieldErrors {
  const errors: SegmentFieldErrors = {};
  if (!Array.isArray(input)) return errors;
  const names = new Map<string, number>();
  const ids = new Set<string>();
  input.forEach((entry: unknown, index) => {
    const { name, id } = (entry ?? {}) as { name?: unknown; id?: unknown };
    if (typeof name === "string" && name.trim() !== "") {
      const key = name.trim().toLowerCase();
      const first = names.get(key);
      if (first === undefined) names.set(key, index);
      else errors[`segments.${index}.name`] = `is already the name of segment ${first + 1}`;
    }
    if (typeof id === "string") {
      if (ids.has(id)) errors[`segments.${index}.id`] = "appears twice in the list";
      ids.add(id);
    }
  });
  return errors;
}

const NOT_A_NUMBER = "must be a whole number";

/** Plain words for the schema's generic messages; the schemas' own messages stay as written. */
const plainMessages: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined || issue.input === null)
        return issue.expected === "number" ? NOT_A_NUMBER : "is required";
      return "is not valid";
    case "invalid_value":
      return "is not one of the choices";
    case "too_small":
      if (issue.origin === "string") return issue.minimum === 1 ? "is required" : undefined;
      if (issue.origin === "array") return `needs at least ${issue.minimum}`;
      return undefined;
    default:
      return undefined;
  }
};

const LIST_FIELDS = new Set(["codes", "values", "tiers"]);

/**
 * `segments.0.rule.conditions.1.codes.2` is shown on the codes field, naming the code it is about, since the
 * page has one field for the whole list.
 */
function fieldError(path: PropertyKey[], message: string, input: unknown): [string, string] {
  const parts = path.map(String);
  const last = parts.at(-1);
  const parent = parts.at(-2);
  if (last !== undefined && /^\d+$/.test(last) && parent && LIST_FIELDS.has(parent) && parts[1] === "rule") {
    const value = valueAt(input, path);
    const named = typeof value === "string" ? `"${value}" ${message}` : message;
    return [`segments.${parts.slice(0, -1).join(".")}`, named];
  }
  // The page sends null for what it could not read as a number; say what was expected there.
  const plain =
    message === NOT_A_NUMBER && last?.endsWith("Minor")
      ? "must be an amount, such as 50.00"
      : message === NOT_A_NUMBER && last === "delayMinutes"
        ? "must be a number"
        : message;
  return [parts.length > 0 ? `segments.${parts.join(".")}` : "segments", plain];
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Saves a shop's whole ordered list of segments as the editor submits it, or nothing: every entry is validated
 * first (names unique, at most MAX_SEGMENTS, each rule and strategy by its schema, each id one of this shop's
 * live segments), and one refused field refuses the list. A valid list is written in one transaction: new
 * rows, changed rows, and a soft delete of the live segments the list no longer holds (their enrolments still
 * name them). A new or changed strategy becomes a sequence version at once, so enrolments made right after
 * the save get it, and the page can show its number.
 */
export async function saveSegments(
  shop: string,
  input: unknown,
  { now, revision }: { now: Date; revision?: string },
): Promise<SaveSegmentsResult> {
  if (!(await findActiveShop(shop, { now })))
    throw new AppError("NOT_FOUND", `shop ${shop} is not installed`);
  const parsed = SegmentListSchema.safeParse(input, { error: plainMessages });
  const refused = listErrors(input);
  for (const issue of parsed.error?.issues ?? []) {
    const [field, message] = fieldError(issue.path, issue.message, input);
    refused[field] ??= message;
  }
  if (!parsed.success || Object.keys(refused).length > 0) return { ok: false, errors: refused };
  const wanted = parsed.data;

  // Segments whose strategy is new or changed: their next version is made once the list is stored.
  const changedStrategies: Array<{ id: string; strategy: z.infer<typeof SegmentStrategySchema> }> = [];
  const refusedNow = await prisma.$transaction(async (tx): Promise<SaveSegmentsResult | null> => {
    // One save of a shop's list at a time (PostgreSQL holds the shop's row until the commit; SQLite has one
    // writer), and only onto the list the page was loaded with: another admin's save in between is refused,
    // never overwritten unseen.
    await tx.shop.update({ where: { domain: shop }, data: { updatedAt: now } });
    if (revision !== undefined && (await segmentsRevision(shop, tx)) !== revision)
      return { ok: false, conflict: true, errors: { segments: LIST_CHANGED_MESSAGE } };
    const existing = await tx.segment.findMany({
      where: { shop, deletedAt: null },
      select: { id: true, position: true, name: true, rule: true, strategy: true },
    });
    const byId = new Map(existing.map((row) => [row.id, row]));
    const errors: SegmentFieldErrors = {};
    wanted.forEach((segment, index) => {
      // Another shop's id, a deleted segment's or an invented one: refused, never written.
      if (segment.id !== undefined && !byId.has(segment.id))
        errors[`segments.${index}.id`] = "is not one of this shop's segments: reload the page";
    });
    if (Object.keys(errors).length > 0) return { ok: false, errors };

    const kept = new Set(wanted.flatMap((segment) => (segment.id ? [segment.id] : [])));
    const gone = existing.filter((row) => !kept.has(row.id)).map((row) => row.id);
    if (gone.length > 0)
      await tx.segment.updateMany({
        where: { shop, id: { in: gone }, deletedAt: null },
        data: { deletedAt: now },
      });

    for (const [position, segment] of wanted.entries()) {
      const rule = JSON.stringify(segment.rule);
      const strategy = canonicalStrategy(segment.strategy);
      const stored = segment.id ? byId.get(segment.id) : undefined;
      let id: string;
      let strategyChanged: boolean;
      if (!stored) {
        const row = await tx.segment.create({
          data: { shop, position, name: segment.name, rule, strategy, createdAt: now },
          select: { id: true },
        });
        id = row.id;
        strategyChanged = true;
      } else {
        id = stored.id;
        strategyChanged = !sameStrategy(stored.strategy, segment.strategy);
        const changed =
          stored.position !== position ||
          stored.name !== segment.name ||
          !sameJson(safeJson(stored.rule), segment.rule) ||
          strategyChanged;
        if (changed)
          await tx.segment.updateMany({
            where: { shop, id },
            data: { position, name: segment.name, rule, strategy },
          });
      }
      if (strategyChanged) changedStrategies.push({ id, strategy: segment.strategy });
    }
    return null;
  });
  if (refusedNow) return refusedNow;
  // After the commit, not inside it: a version is immutable and may be made by a tick enrolling at the same
  // moment (ensureCurrentVersion settles that race by retrying, which an aborted PostgreSQL transaction could
  // not). Should this fail, the next enrolment of the segment makes the version anyway.
  for (const { id, strategy } of changedStrategies) await ensureCurrentVersion(shop, id, strategy, { now });
  return { ok: true, segments: await listSegments(shop), revision: await segmentsRevision(shop) };
}

function sameStrategy(storedJson: string, strategy: z.infer<typeof SegmentStrategySchema>): boolean {
  const stored = SegmentStrategySchema.safeParse(safeJson(storedJson));
  return stored.success && canonicalStrategy(stored.data) === canonicalStrategy(strategy);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
