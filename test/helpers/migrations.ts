import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

/**
 * Data migrations tested as `migrate deploy` runs them: every committed migration before `name` on an empty
 * database, then the test's seed rows (written as they were then), then the migration itself. On SQLite in
 * memory, on PostgreSQL in a schema of its own that is dropped afterwards.
 */

export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

function migrationsBefore(dir: string, name: string): { earlier: string[]; target: string } {
  const names = fs
    .readdirSync(dir)
    .filter((entry) => fs.statSync(path.join(dir, entry)).isDirectory())
    .sort();
  const read = (entry: string) => fs.readFileSync(path.join(dir, entry, "migration.sql"), "utf8");
  return { earlier: names.filter((entry) => entry < name).map(read), target: read(name) };
}

export async function migrateOnSqlite(
  name: string,
  seed: readonly string[],
  check: (query: Query) => unknown,
) {
  const { earlier, target } = migrationsBefore(path.join(process.cwd(), "prisma", "migrations"), name);
  const db = new Database(":memory:");
  try {
    for (const sql of earlier) db.exec(sql);
    for (const sql of seed) db.exec(sql);
    db.exec(target);
    await check(async (sql) => {
      const statement = db.prepare(sql);
      return statement.reader ? (statement.all() as Record<string, unknown>[]) : (statement.run(), []);
    });
  } finally {
    db.close();
  }
}

export async function migrateOnPostgres(
  name: string,
  seed: readonly string[],
  check: (query: Query) => unknown,
) {
  const { earlier, target } = migrationsBefore(
    path.join(process.cwd(), "prisma", "postgresql", "migrations"),
    name,
  );
  const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
  await client.connect();
  const schema = `migration_test_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  try {
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    for (const sql of earlier) await client.query(sql);
    for (const sql of seed) await client.query(sql);
    await client.query(target);
    await check(async (sql) => (await client.query(sql)).rows as Record<string, unknown>[]);
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}
