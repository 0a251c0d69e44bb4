#!/usr/bin/env node
// @ts-check
/**
 * The SQL that fills the report rollups from the stored rows and the triggers that keep them current, for one
 * provider (docs/decisions/0007-report-rollups.md):
 *
 *   node scripts/report-rollups-sql.mjs sqlite|postgresql [--triggers-only]
 *
 * Migrations are plain SQL and Prisma knows nothing of triggers, so this prints them for a migration to carry
 * (20261121153852_report_rollups was written with it). A migration that changes them drops the old triggers
 * and creates these again; an existing migration is never edited. `--triggers-only` leaves out the fill, for a
 * migration that keeps the rollups' rows (20261205132103_rollup_buckets).
 *
 * Every counter is written once here, as an expression of one row (`r` is NEW, OLD, or a table alias), and
 * used three ways: summed over the stored rows (the backfill), added for a new row and taken back for an old
 * one (the triggers). Each counter is the row-level form of a definition in app/domain/analytics; the test
 * app/domain/analytics/report-rollups.server.test.ts holds the two to each other.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

/** @typedef {"sqlite" | "postgresql"} Provider */
/** @typedef {(r: string) => string} RowExpression */

/**
 * @typedef {object} Rollup
 * @property {string} table
 * @property {string} source      the table whose rows it counts
 * @property {string} time        the timestamp column that picks the slot
 * @property {number[]} grains    slot lengths in seconds
 * @property {string[]} key       the rollup's key, in order, starting with shop, [grain,] slot (the primary key
 *                                adds the bucket)
 * @property {Record<string, RowExpression>} dimensions  the key's other columns
 * @property {Record<string, RowExpression>} counters    what one row adds (numbers)
 * @property {RowExpression} [where]  rows that count; all when absent
 */

// Slots of 900 s (UTC quarter-hours) and 86400 s (UTC days): see app/domain/analytics/slots.ts.
const BOTH_GRAINS = [900, 86400];

const skipped = (/** @type {string} */ r) => `${r}."status" = 'SKIPPED'`;
const flag = (/** @type {string} */ condition) => `CASE WHEN ${condition} THEN 1 ELSE 0 END`;
const byEmail = (/** @type {string} */ r) => `${r}."recoveredByEmail" = TRUE`;
const minor = (/** @type {string} */ r) => `COALESCE(${r}."recoveredMinor", 0)`;
/** A value's square in floating point: the integer square of a large order total overflows 32 bits. */
const square = (/** @type {string} */ value) => `CAST(${value} AS DOUBLE PRECISION) * ${value}`;
const recovered = (/** @type {string} */ r) =>
  `${r}."recoveredOrderId" IS NOT NULL AND ${r}."recoveredAt" IS NOT NULL`;

/** @type {Rollup[]} */
const ROLLUPS = [
  {
    // get-recovery-figures.server.ts: countCheckouts, measureRecoveryRate, sumArms; get-segment-figures.server.ts:
    // the sums per segment and offer arm.
    table: "CheckoutRollup",
    source: "Enrollment",
    time: "anchorAt",
    grains: BOTH_GRAINS,
    key: ["shop", "grain", "slot", "skipped", "arm", "reason", "segment", "offerArm"],
    dimensions: {
      skipped,
      arm: (r) => `CASE WHEN ${skipped(r)} THEN '' ELSE ${r}."arm" END`,
      reason: (r) => `CASE WHEN ${skipped(r)} THEN COALESCE(${r}."reason", 'UNKNOWN') ELSE '' END`,
      // An enrolment in a sequence without a segment predates segments: "Everyone else" ran it.
      segment: (r) => `CASE WHEN ${skipped(r)} THEN '' ELSE COALESCE(${r}."segmentId", 'default') END`,
      offerArm: (r) => `CASE WHEN ${skipped(r)} THEN '' ELSE COALESCE(${r}."offerArm", '') END`,
    },
    counters: {
      checkouts: () => "1",
      emailed: (r) => flag(`${r}."firstSentAt" IS NOT NULL`),
      emailedRecovered: (r) => flag(`${r}."firstSentAt" IS NOT NULL AND ${byEmail(r)}`),
      recovered: (r) => flag(`${r}."recoveredOrderId" IS NOT NULL`),
      revenueMinor: minor,
      revenueSquares: (r) => square(minor(r)),
      emails: (r) => `${r}."stepsSent"`,
      discountMinor: (r) => `COALESCE(${r}."discountMinor", 0)`,
      discountSquares: (r) => square(`COALESCE(${r}."discountMinor", 0)`),
      profitMinor: (r) => `COALESCE(${r}."profitMinor", 0)`,
      profitSquares: (r) => square(`COALESCE(${r}."profitMinor", 0)`),
    },
  },
  {
    // get-recovery-figures.server.ts: countRecoveries.
    table: "RecoveryRollup",
    source: "Enrollment",
    time: "recoveredAt",
    grains: BOTH_GRAINS,
    key: ["shop", "grain", "slot", "method", "byEmail"],
    dimensions: {
      method: (r) => `COALESCE(${r}."attributionMethod", '')`,
      byEmail: (r) => `COALESCE(${byEmail(r)}, FALSE)`,
    },
    counters: { orders: () => "1", revenueMinor: minor },
    where: recovered,
  },
  {
    // get-daily-series.server.ts: abandoned.
    table: "SeriesRollup",
    source: "Enrollment",
    time: "anchorAt",
    grains: [900],
    key: ["shop", "slot"],
    dimensions: {},
    counters: { abandoned: () => "1" },
  },
  {
    // get-daily-series.server.ts: recovered, recoveredOnTheirOwn, revenueMinor.
    table: "SeriesRollup",
    source: "Enrollment",
    time: "recoveredAt",
    grains: [900],
    key: ["shop", "slot"],
    dimensions: {},
    counters: {
      recovered: (r) => flag(byEmail(r)),
      recoveredOnTheirOwn: (r) => `CASE WHEN ${byEmail(r)} THEN 0 ELSE 1 END`,
      revenueMinor: (r) => `CASE WHEN ${byEmail(r)} THEN ${minor(r)} ELSE 0 END`,
    },
    where: recovered,
  },
  {
    // get-recovery-figures.server.ts: countEmails; get-step-funnel and get-subject-tests: sent, clicked.
    table: "EmailRollup",
    source: "RecoverySend",
    time: "sentAt",
    grains: BOTH_GRAINS,
    key: ["shop", "grain", "slot", "step", "variant"],
    dimensions: { step: (r) => `${r}."step"`, variant: (r) => `COALESCE(${r}."subjectVariant", '')` },
    counters: { sent: () => "1", clicked: (r) => flag(`${r}."firstClickedAt" IS NOT NULL`) },
    where: (r) => `${r}."status" = 'SENT' AND ${r}."sentAt" IS NOT NULL`,
  },
  {
    // get-step-funnel.server.ts: recovered, revenueMinor; get-subject-tests.server.ts: recoveries.
    table: "EmailRollup",
    source: "EmailCredit",
    time: "sentAt",
    grains: BOTH_GRAINS,
    key: ["shop", "grain", "slot", "step", "variant"],
    dimensions: { step: (r) => `${r}."step"`, variant: (r) => `${r}."variant"` },
    counters: {
      recoveredAfter: () => "1",
      credited: (r) => flag(`${r}."credited"`),
      creditedRevenueMinor: (r) => `${r}."creditedRevenueMinor"`,
    },
  },
  {
    // get-step-funnel.server.ts: recovered, revenueMinor (the credited emails by the date of the order).
    table: "CreditRollup",
    source: "EmailCredit",
    time: "recoveredAt",
    grains: BOTH_GRAINS,
    key: ["shop", "grain", "slot", "step"],
    dimensions: { step: (r) => `${r}."step"` },
    counters: { credited: () => "1", revenueMinor: (r) => `${r}."creditedRevenueMinor"` },
    where: (r) => `${r}."credited" = TRUE`,
  },
];

/** Every counter of a table, across the rollups that write it (a rollup writes 0 to the others). */
function countersOf(/** @type {string} */ table) {
  return [
    ...new Set(ROLLUPS.filter((rollup) => rollup.table === table).flatMap((r) => Object.keys(r.counters))),
  ];
}

/**
 * How many rows a key's counts are spread over on PostgreSQL (docs/decisions/0016-rollup-buckets.md). Each
 * connection writes the bucket of its backend's process id, so concurrent transactions counting the same shop,
 * slot and step update different rows instead of queueing on one row's lock; two connections share a bucket
 * one time in 16. More buckets would make that rarer but multiply the rows a report sums (at most 16 per key
 * and day) for every shop; 16 covers a few processes' connection pools. SQLite has one writer at a time, so it
 * keeps one row per key, bucket 0. The fill writes bucket 0 too: any bucket is right for it.
 */
export const ROLLUP_BUCKETS = 16;

/** @param {Provider} provider */
const bucketOf = (provider) => (provider === "postgresql" ? `pg_backend_pid() % ${ROLLUP_BUCKETS}` : "0");

const quote = (/** @type {string} */ name) => `"${name}"`;
const GRAINS_TABLE = (/** @type {number[]} */ grains) =>
  `(${grains.map((grain, index) => (index === 0 ? `SELECT ${grain} AS "grain"` : `SELECT ${grain}`)).join(" UNION ALL ")}) AS g`;

/**
 * The slot of a timestamp: epoch seconds divided by the grain, rounded down, as app/domain/analytics/sql.server.ts
 * computes it (SQLite keeps ISO-8601 text, PostgreSQL a TIMESTAMP read as UTC).
 * @param {Provider} provider @param {string} column @param {string} grain
 */
function slotOf(provider, column, grain) {
  return provider === "postgresql"
    ? `CAST(FLOOR(EXTRACT(EPOCH FROM ${column}) / ${grain}) AS INTEGER)`
    : `CAST(strftime('%s', ${column}) AS INTEGER) / ${grain}`;
}

/**
 * The columns and SELECT list of a rollup for row `r`: its key, its bucket, then its counters (taken back or
 * summed by `mode`).
 * @param {Provider} provider @param {Rollup} rollup @param {string} r @param {"add" | "subtract" | "sum"} mode
 */
function selectOf(provider, rollup, r, mode) {
  const columns = [];
  const values = [];
  const hasGrain = rollup.key.includes("grain");
  for (const column of rollup.key) {
    columns.push(column);
    if (column === "shop") values.push(`${r}."shop"`);
    else if (column === "grain") values.push(`g."grain"`);
    else if (column === "slot")
      values.push(
        slotOf(provider, `${r}.${quote(rollup.time)}`, hasGrain ? `g."grain"` : String(rollup.grains[0])),
      );
    else {
      const dimension = rollup.dimensions[column];
      if (!dimension) throw new Error(`${rollup.table}: no expression for ${column}`);
      values.push(dimension(r));
    }
  }
  columns.push("bucket");
  values.push(mode === "sum" ? "0" : bucketOf(provider));
  for (const counter of countersOf(rollup.table)) {
    columns.push(counter);
    const expression = rollup.counters[counter];
    if (!expression) values.push("0");
    else if (mode === "sum") values.push(`SUM(${expression(r)})`);
    else if (mode === "subtract") values.push(`-(${expression(r)})`);
    else values.push(expression(r));
  }
  return { columns, values, keyCount: rollup.key.length, hasGrain };
}

/** @param {Rollup} rollup */
function onConflict(rollup) {
  const counters = Object.keys(rollup.counters);
  return (
    `ON CONFLICT (${[...rollup.key, "bucket"].map(quote).join(", ")}) DO UPDATE SET\n` +
    counters
      .map(
        (counter) =>
          `  ${quote(counter)} = ${quote(rollup.table)}.${quote(counter)} + excluded.${quote(counter)}`,
      )
      .join(",\n")
  );
}

/**
 * One row's change to a rollup: its counters added (new row) or taken back (old row), in every grain.
 * @param {Provider} provider @param {Rollup} rollup @param {"NEW" | "OLD"} r
 */
function applyRow(provider, rollup, r) {
  const { columns, values, hasGrain } = selectOf(provider, rollup, r, r === "NEW" ? "add" : "subtract");
  const conditions = [rollup.where ? rollup.where(r) : "TRUE"];
  return (
    `INSERT INTO ${quote(rollup.table)} (${columns.map(quote).join(", ")})\n` +
    `SELECT ${values.join(",\n  ")}\n` +
    (hasGrain ? `FROM ${GRAINS_TABLE(rollup.grains)}\n` : "") +
    `WHERE ${conditions.join(" AND ")}\n` +
    `${onConflict(rollup)};`
  );
}

/**
 * The rollup summed over every stored row. A second rollup of the same table adds to the first one's rows.
 * @param {Provider} provider @param {Rollup} rollup
 */
function backfill(provider, rollup) {
  const { columns, values, keyCount, hasGrain } = selectOf(provider, rollup, "r", "sum");
  const isFirst = ROLLUPS.find((candidate) => candidate.table === rollup.table) === rollup;
  return (
    `INSERT INTO ${quote(rollup.table)} (${columns.map(quote).join(", ")})\n` +
    `SELECT ${values.join(",\n  ")}\n` +
    `FROM ${quote(rollup.source)} AS r${hasGrain ? ` CROSS JOIN ${GRAINS_TABLE(rollup.grains)}` : ""}\n` +
    (rollup.where ? `WHERE ${rollup.where("r")}\n` : "") +
    `GROUP BY ${Array.from({ length: keyCount }, (_, index) => index + 1).join(", ")}` +
    (isFirst ? ";" : `\n${onConflict(rollup)};`)
  );
}

/**
 * The EmailCredit rows of the enrolments `condition` picks (on s, by enrollmentId): each sent email that the
 * enrolment's recovery by email came after (get-subject-tests.server.ts: recoveries), and whether no later email
 * came before the order (get-step-funnel.server.ts: credited), with the order's total when it is credited.
 * CROSS JOIN makes SQLite read the enrolment's emails first, by enrollmentId: left to choose, it reads the
 * enrolment first and then every email of the shop sent before its order (index shop, status, sentAt), which
 * costs milliseconds per write at 10,000 emails. PostgreSQL plans it as any join.
 * @param {string} condition on s (RecoverySend)
 */
function creditRows(condition) {
  return (
    `INSERT INTO "EmailCredit" ("sendId", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", "creditedRevenueMinor", "recoveredAt")\n` +
    `SELECT "id", "shop", "enrollmentId", "step", "variant", "sentAt", "credited", CASE WHEN "credited" THEN "revenue" ELSE 0 END, "recoveredAt"\n` +
    `FROM (\n` +
    `  SELECT s."id", s."shop", s."enrollmentId", s."step", COALESCE(s."subjectVariant", '') AS "variant", s."sentAt",\n` +
    `    NOT EXISTS (\n` +
    `      SELECT 1 FROM "RecoverySend" AS "later"\n` +
    `      WHERE "later"."enrollmentId" = s."enrollmentId" AND "later"."status" = 'SENT'\n` +
    `        AND "later"."sentAt" > s."sentAt" AND "later"."sentAt" < e."recoveredAt"\n` +
    `    ) AS "credited",\n` +
    `    COALESCE(e."recoveredMinor", 0) AS "revenue", e."recoveredAt" AS "recoveredAt"\n` +
    `  FROM "RecoverySend" AS s CROSS JOIN "Enrollment" AS e\n` +
    `  WHERE ${condition} AND s."status" = 'SENT' AND s."sentAt" IS NOT NULL\n` +
    `    AND e."id" = s."enrollmentId" AND e."shop" = s."shop"\n` +
    `    AND e."recoveredByEmail" = TRUE AND e."recoveredAt" > s."sentAt"\n` +
    `) AS "credits";`
  );
}

/**
 * An enrolment's EmailCredit rows computed again from scratch: the old ones are deleted (their triggers take
 * them out of EmailRollup), the current ones inserted. `when` skips it (the same enrolment already done).
 * @param {string} enrollmentId an SQL expression @param {string} [when]
 */
function recomputeCredits(enrollmentId, when) {
  const guard = when ? ` AND ${when}` : "";
  return (
    `DELETE FROM "EmailCredit" WHERE "enrollmentId" = ${enrollmentId}${guard};\n` +
    creditRows(`s."enrollmentId" = ${enrollmentId}${guard}`)
  );
}

const ENROLLMENT_COLUMNS = [
  "id",
  "shop",
  "status",
  "arm",
  "reason",
  "anchorAt",
  "firstSentAt",
  "recoveredOrderId",
  "recoveredAt",
  "attributionMethod",
  "recoveredByEmail",
  "recoveredMinor",
  "segmentId",
  "offerArm",
  "stepsSent",
  "discountMinor",
  "profitMinor",
];

/**
 * The enrolment columns its EmailCredit rows depend on: an update that changes none of them (every send
 * changes stepsSent) leaves the credits as they are instead of computing them again.
 */
const CREDIT_COLUMNS = ["id", "shop", "recoveredAt", "recoveredByEmail", "recoveredMinor"];

/** @param {Provider} provider */
function creditColumnsChanged(provider) {
  const differs = provider === "postgresql" ? "IS DISTINCT FROM" : "IS NOT";
  return `(${CREDIT_COLUMNS.map((column) => `OLD.${quote(column)} ${differs} NEW.${quote(column)}`).join(" OR ")})`;
}
const SEND_COLUMNS = [
  "id",
  "shop",
  "enrollmentId",
  "step",
  "status",
  "sentAt",
  "subjectVariant",
  "firstClickedAt",
];

/** What a change to a row of `table` does, per event, as statements on NEW and OLD. */
function changesOf(/** @type {Provider} */ provider, /** @type {string} */ table) {
  const own = ROLLUPS.filter((rollup) => rollup.source === table);
  const add = own.map((rollup) => applyRow(provider, rollup, "NEW"));
  const subtract = own.map((rollup) => applyRow(provider, rollup, "OLD"));
  const credits = {
    Enrollment: {
      NEW: `NEW."id"`,
      OLD: `OLD."id"`,
      moved: `NEW."id" <> OLD."id"`,
      changed: creditColumnsChanged(provider),
    },
    RecoverySend: {
      NEW: `NEW."enrollmentId"`,
      OLD: `OLD."enrollmentId"`,
      moved: `NEW."enrollmentId" <> OLD."enrollmentId"`,
    },
  }[table];
  if (!credits) return { insert: add, update: [...subtract, ...add], delete: subtract };
  return {
    insert: [...add, recomputeCredits(credits.NEW)],
    update: [
      ...subtract,
      ...add,
      recomputeCredits(credits.OLD, "changed" in credits ? credits.changed : undefined),
      recomputeCredits(credits.NEW, credits.moved),
    ],
    delete: [...subtract, recomputeCredits(credits.OLD)],
  };
}

const WATCHED = {
  Enrollment: ENROLLMENT_COLUMNS,
  RecoverySend: SEND_COLUMNS,
  EmailCredit: /** @type {string[]} */ ([]),
};
const TABLES = /** @type {const} */ (["Enrollment", "RecoverySend", "EmailCredit"]);

const indent = (/** @type {string} */ text, /** @type {string} */ by) =>
  text
    .split("\n")
    .map((line) => (line ? `${by}${line}` : line))
    .join("\n");

function sqliteTriggers() {
  const out = [];
  for (const table of TABLES) {
    const changes = changesOf("sqlite", table);
    const columns = WATCHED[table];
    for (const event of /** @type {const} */ (["insert", "update", "delete"])) {
      // EmailCredit rows are only ever inserted and deleted.
      if (event === "update" && columns.length === 0) continue;
      const on =
        event === "update"
          ? `AFTER UPDATE OF ${columns.map(quote).join(", ")} ON ${quote(table)} FOR EACH ROW\n` +
            `WHEN ${columns.map((column) => `OLD.${quote(column)} IS NOT NEW.${quote(column)}`).join(" OR ")}`
          : `AFTER ${event.toUpperCase()} ON ${quote(table)} FOR EACH ROW`;
      out.push(
        `CREATE TRIGGER "${table}_report_rollups_${event}" ${on}\nBEGIN\n${indent(changes[event].join("\n"), "  ")}\nEND;`,
      );
    }
  }
  return out;
}

function postgresTriggers() {
  const out = [];
  for (const table of TABLES) {
    const changes = changesOf("postgresql", table);
    const columns = WATCHED[table];
    const branch = (/** @type {string} */ op, /** @type {string[]} */ statements) =>
      `  IF TG_OP = '${op}' THEN\n${indent(statements.join("\n"), "    ")}\n  END IF;`;
    const body = [
      branch("INSERT", changes.insert),
      ...(columns.length > 0 ? [branch("UPDATE", changes.update)] : []),
      branch("DELETE", changes.delete),
    ].join("\n");
    const fn = `"${table}_report_rollups"`;
    // Prisma's PostgreSQL adapter runs a migration split at every semicolon, quoted or not, so the body is an
    // escaped string whose semicolons are written \x3B.
    const source = `\nBEGIN\n${body}\n  RETURN NULL;\nEND\n`.replaceAll("'", "''").replaceAll(";", "\\x3B");
    out.push(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS E'${source}';`);
    out.push(
      `CREATE TRIGGER "${table}_report_rollups_insert_delete" AFTER INSERT OR DELETE ON ${quote(table)}\n` +
        `FOR EACH ROW EXECUTE FUNCTION ${fn}();`,
    );
    if (columns.length > 0)
      out.push(
        `CREATE TRIGGER "${table}_report_rollups_update" AFTER UPDATE OF ${columns.map(quote).join(", ")} ON ${quote(table)}\n` +
          `FOR EACH ROW WHEN (${columns.map((column) => `OLD.${quote(column)} IS DISTINCT FROM NEW.${quote(column)}`).join(" OR ")})\n` +
          `EXECUTE FUNCTION ${fn}();`,
      );
  }
  return out;
}

/**
 * The fill and the triggers, or with `fill: false` the triggers alone (the rollups' rows are kept as they are).
 * @param {Provider} provider @param {{ fill?: boolean }} [options]
 */
export function reportRollupsSql(provider, { fill = true } = {}) {
  const statements = fill
    ? [
        ...ROLLUPS.filter((rollup) => rollup.source !== "EmailCredit").map((rollup) =>
          backfill(provider, rollup),
        ),
        creditRows("TRUE"),
        ...ROLLUPS.filter((rollup) => rollup.source === "EmailCredit").map((rollup) =>
          backfill(provider, rollup),
        ),
      ]
    : [];
  return [
    "-- Report rollups (docs/decisions/0007-report-rollups.md), written by scripts/report-rollups-sql.mjs.",
    fill
      ? "-- Filled from the rows already stored, then kept by triggers in the same transaction as every change."
      : "-- The triggers alone: the rows already in the rollups are kept.",
    ...(provider === "postgresql"
      ? [
          "-- Trigger functions are escaped strings (E'...', semicolons written \\x3B): Prisma's PostgreSQL adapter\n" +
            "-- runs a migration split at every semicolon, even one inside quotes.",
        ]
      : []),
    ...statements,
    ...(provider === "postgresql" ? postgresTriggers() : sqliteTriggers()),
  ].join("\n\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [provider, ...flags] = process.argv.slice(2);
  const triggersOnly = flags.includes("--triggers-only");
  if ((provider !== "sqlite" && provider !== "postgresql") || flags.length > Number(triggersOnly)) {
    console.error("usage: node scripts/report-rollups-sql.mjs sqlite|postgresql [--triggers-only]");
    process.exit(2);
  }
  process.stdout.write(`${reportRollupsSql(provider, { fill: !triggersOnly })}\n`);
}
