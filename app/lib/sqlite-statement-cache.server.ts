import type BetterSqlite3 from "better-sqlite3";

/**
 * Prisma's better-sqlite3 adapter prepares every statement it runs from scratch, then binds it (which
 * better-sqlite3 allows once per statement). Preparing is SQLite parsing and planning the SQL, and for a
 * write to a table with the report-rollup triggers, compiling the triggers too: it was an eighth of the
 * recovery tick's CPU. This keeps prepared statements by their SQL text (the app's queries are a few hundred
 * distinct texts) and gives the adapter, for each use, a view that binds its arguments to that one call.
 *
 * Only what the adapter calls is offered: `prepare(sql).bind(args)` then `reader`, `columns()`, `run()` or
 * `raw().all()`; and `prepare(sql).run()` for BEGIN. better-sqlite3 runs each call to completion, so one cached
 * statement is never in use twice at once.
 */

type Args = unknown[];

interface BoundStatement {
  readonly reader: boolean;
  columns(): BetterSqlite3.ColumnDefinition[];
  run(): BetterSqlite3.RunResult;
  all(): unknown[];
  raw(toggle?: boolean): { all(): unknown[] };
}

interface CachedStatement {
  readonly reader: boolean;
  bind(args: Args): BoundStatement;
  run(...args: Args): BetterSqlite3.RunResult;
}

export const STATEMENT_CACHE_SIZE = 500;

export function cacheStatements(db: BetterSqlite3.Database, maxEntries = STATEMENT_CACHE_SIZE) {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, BetterSqlite3.Statement<Args>>();
  const cached = (sql: string) => {
    let statement = cache.get(sql);
    if (statement) {
      // Least recently used first in the map's order.
      cache.delete(sql);
    } else {
      statement = prepare<Args>(sql);
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, statement);
    return statement;
  };
  const view = (statement: BetterSqlite3.Statement<Args>): CachedStatement => ({
    reader: statement.reader,
    run: (...args) => statement.run(...args),
    bind: (args) => ({
      reader: statement.reader,
      columns: () => statement.columns(),
      run: () => statement.run(args),
      all: () => statement.raw(false).all(args),
      raw: (toggle = true) => ({ all: () => statement.raw(toggle).all(args) }),
    }),
  });
  db.prepare = ((sql: string) => view(cached(sql))) as unknown as typeof db.prepare;
  return { size: () => cache.size };
}
