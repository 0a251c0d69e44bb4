import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cacheStatements } from "./sqlite-statement-cache.server";

/** The calls Prisma's better-sqlite3 adapter makes, as it makes them. */
type AdapterStatement = {
  reader: boolean;
  columns(): Array<{ name: string }>;
  run(): { changes: number };
  raw(): { all(): unknown[][] };
};
const adapterPrepare = (db: Database.Database, sql: string, args: unknown[]) =>
  (db.prepare(sql) as unknown as { bind(args: unknown[]): AdapterStatement }).bind(args);

function countingDatabase() {
  const db = new Database(":memory:");
  let prepared = 0;
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    prepared++;
    return prepare(sql);
  }) as typeof db.prepare;
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)`);
  return { db, prepared: () => prepared };
}

describe("cacheStatements", () => {
  it("prepares each SQL text once and binds every use to its own arguments", () => {
    const { db, prepared } = countingDatabase();
    cacheStatements(db);
    for (const [id, name] of [
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ] as const) {
      expect(adapterPrepare(db, `INSERT INTO t (id, name) VALUES (?, ?)`, [id, name]).run().changes).toBe(1);
    }
    const select = (id: number) => adapterPrepare(db, `SELECT id, name FROM t WHERE id >= ?`, [id]);
    const statement = select(2);
    expect(statement.reader).toBe(true);
    expect(statement.columns().map((column) => column.name)).toEqual(["id", "name"]);
    expect(statement.raw().all()).toEqual([
      [2, "b"],
      [3, "c"],
    ]);
    expect(select(3).raw().all()).toEqual([[3, "c"]]);
    expect(prepared()).toBe(2);
  });

  it("runs BEGIN and COMMIT as the adapter does, and keeps at most the given number of statements", () => {
    const { db, prepared } = countingDatabase();
    const cache = cacheStatements(db, 2);
    (db.prepare("BEGIN") as unknown as { run(): unknown }).run();
    adapterPrepare(db, `INSERT INTO t (id, name) VALUES (?, ?)`, [1, "a"]).run();
    (db.prepare("COMMIT") as unknown as { run(): unknown }).run();
    expect(db.inTransaction).toBe(false);
    expect(cache.size()).toBe(2);
    // BEGIN was the least recently used, so it was dropped and is prepared again.
    (db.prepare("BEGIN") as unknown as { run(): unknown }).run();
    (db.prepare("COMMIT") as unknown as { run(): unknown }).run();
    expect(prepared()).toBe(4);
    expect(adapterPrepare(db, `SELECT COUNT(*) FROM t`, []).raw().all()).toEqual([[1]]);
  });
});
