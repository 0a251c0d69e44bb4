import { Prisma, prisma } from "~/db.server";
import { decryptField, isEnvelope } from "~/lib/encryption.server";
import { keyOf, ROLLUP_COUNTERS, ROLLUP_TABLES } from "./rollup-counters";

/**
 * Reads the whole database through Prisma, model by model. The models come from the generated client, so
 * a table added to the schema is scanned without anyone remembering to add it here.
 */

export type ModelName = Prisma.ModelName;
export type Row = Record<string, unknown>;

export const MODEL_NAMES = Object.values(Prisma.ModelName) as ModelName[];

interface Readable {
  findMany(): Promise<Row[]>;
}

function delegateOf(model: ModelName): Readable {
  const key = `${model.charAt(0).toLowerCase()}${model.slice(1)}`;
  const delegate = (prisma as unknown as Record<string, Readable | undefined>)[key];
  if (!delegate || typeof delegate.findMany !== "function")
    throw new Error(`no Prisma delegate for ${model}`);
  return delegate;
}

/** The shop a row belongs to. A model keyed some other way fails loudly instead of being skipped. */
export function shopOfRow(model: ModelName, row: Row): string {
  const shop = row.shop ?? (model === "Shop" ? row.domain : undefined);
  if (typeof shop !== "string") throw new Error(`${model} rows carry no shop column the scan knows`);
  return shop;
}

const serialize = (row: unknown) =>
  JSON.stringify(row, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));

/** Every row of every model, optionally only one shop's, in a stable order (for before/after comparisons). */
export async function readAllRows(shop?: string): Promise<Record<ModelName, Row[]>> {
  const result = {} as Record<ModelName, Row[]>;
  for (const model of MODEL_NAMES) {
    const rows = (await delegateOf(model).findMany()).filter(
      (row) => !shop || shopOfRow(model, row) === shop,
    );
    result[model] = rows.sort((a, b) => serialize(a).localeCompare(serialize(b)));
  }
  return result;
}

export async function countRowsPerModel(shop?: string): Promise<Record<ModelName, number>> {
  return countRows(await readAllRows(shop));
}

function readable(model: ModelName, row: Row, value: unknown): string | null {
  if (value === null || value === undefined || typeof value === "boolean") return null;
  if (value instanceof Date) return value.toISOString();
  // Envelopes are opened with the row's shop key: the scan sees what a key holder would.
  if (isEnvelope(value)) return decryptField(shopOfRow(model, row), value);
  return String(value);
}

/**
 * The needles that occur in a row, case-insensitively, encrypted columns read decrypted:
 * "email: jane@example.com".
 */
export function occurrencesInRow(model: ModelName, row: Row, needles: string[]): string[] {
  const found: string[] = [];
  for (const [column, value] of Object.entries(row)) {
    const text = readable(model, row, value)?.toLowerCase();
    if (!text) continue;
    for (const needle of needles) if (text.includes(needle.toLowerCase())) found.push(`${column}: ${needle}`);
  }
  return found;
}

/** Where any needle occurs in the given rows: "Checkout.email: jane@example.com". Empty when none does. */
export function findOccurrences(rows: Record<ModelName, Row[]>, needles: string[]): string[] {
  return MODEL_NAMES.flatMap((model) =>
    rows[model].flatMap((row) => occurrencesInRow(model, row, needles).map((found) => `${model}.${found}`)),
  );
}

const isZero = (value: unknown) => value === 0 || value === 0n;

/**
 * The rows with each report counter's buckets summed into one row per key, and keys whose counts are all
 * zero left out: what a report reads. On PostgreSQL the same counts may be spread over different bucket rows
 * depending on which connection wrote them (docs/decisions/0016-rollup-buckets.md), so before/after
 * comparisons of counters compare these instead of the raw rows.
 */
export function foldRollupBuckets(rows: Record<ModelName, Row[]>): Record<ModelName, Row[]> {
  const folded = { ...rows };
  for (const table of ROLLUP_TABLES) {
    const counters: readonly string[] = ROLLUP_COUNTERS[table];
    const keyColumns = keyOf(table);
    const byKey = new Map<string, Row>();
    for (const { bucket: _bucket, ...row } of rows[table]) {
      const key = serialize(keyColumns.map((column) => row[column]));
      const sum = byKey.get(key);
      if (!sum) byKey.set(key, row);
      else
        for (const column of counters)
          sum[column] =
            typeof row[column] === "bigint"
              ? (sum[column] as bigint) + (row[column] as bigint)
              : (sum[column] as number) + (row[column] as number);
    }
    folded[table] = [...byKey.values()]
      .filter((row) => counters.some((column) => !isZero(row[column])))
      .sort((a, b) => serialize(a).localeCompare(serialize(b)));
  }
  return folded;
}

export const countRows = (rows: Record<ModelName, Row[]>) =>
  Object.fromEntries(MODEL_NAMES.map((model) => [model, rows[model].length])) as Record<ModelName, number>;
