import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reportRollupsSql } from "./report-rollups-sql.mjs";

const MARK = "-- Report rollups (docs/decisions/0007-report-rollups.md)";

/** The SQL that the latest migration carrying the report rollups' triggers ends with. */
function latestRollupMigration(dir: string): string {
  const files = fs
    .readdirSync(dir)
    .filter((name) => /^\d/.test(name))
    .sort()
    .map((name) => fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8"))
    .filter((sql) => sql.includes(MARK));
  const sql = files.at(-1);
  if (!sql) throw new Error(`no migration in ${dir} creates the report rollups`);
  return sql.slice(sql.indexOf(MARK));
}

describe("report-rollups-sql", () => {
  // The triggers live in migrations only: a change to the script needs a new migration that drops the old
  // triggers and creates these (after filling the rollups again, or keeping their rows).
  it.each([
    ["sqlite", "prisma/migrations"],
    ["postgresql", "prisma/postgresql/migrations"],
  ] as const)("is what the latest %s migration created", (provider, dir) => {
    const latest = latestRollupMigration(path.join(process.cwd(), dir)).trimEnd();
    // A migration that keeps the rollups' rows carries the triggers alone.
    const fill = !latest.includes("-- The triggers alone:");
    expect(latest).toBe(reportRollupsSql(provider, { fill }).trimEnd());
  });

  it("writes no semicolon inside a quoted PostgreSQL string (Prisma's adapter splits migrations at each)", () => {
    const sql = reportRollupsSql("postgresql");
    expect(sql).not.toContain("$$");
    // Split at every semicolon, each piece must still close every string it opens.
    const code = sql.replace(/^\s*--.*$/gm, "");
    for (const piece of code.split(";"))
      expect((piece.match(/'/g) ?? []).length % 2, piece.slice(0, 200)).toBe(0);
  });
});
