import fs from "node:fs";
import path from "node:path";
import type { Pool, PoolClient, PoolConfig } from "pg";
import { defineConfig } from "prisma/config";

// Prisma CLI configuration: migrations run on the WASM schema engine through the same driver adapters as the
// app, so no engine binary is ever downloaded. The app itself picks its client in app/db.server.ts.

// The schema's datasource reads env("DATABASE_URL"); without it Prisma cannot read the schema and falls
// back to downloading a native engine, which this project never does. So the default is applied here too.
process.env.DATABASE_URL ||= "file:./data/cartback.sqlite";
const url = process.env.DATABASE_URL;
const isPostgres = /^postgres(ql)?:\/\//.test(url);

// Type ids of PostgreSQL's catalog types `name` and `"char"`. The schema engine reads them while it
// introspects, but @prisma/adapter-pg 6.19 has no mapping for them and fails with "Column type 'name' could
// not be deserialized". Both arrive from node-postgres as plain strings, so they are reported as text.
const CATALOG_TEXT_TYPES = new Set([18, 19]);
const PG_TEXT = 25;

async function postgresAdapter() {
  const { default: pg } = await import("pg");
  const { PrismaPg } = await import("@prisma/adapter-pg");
  type QueryResult = { fields?: Array<{ dataTypeID: number }> };
  const asText = (result: unknown) => {
    for (const field of (result as QueryResult)?.fields ?? []) {
      if (CATALOG_TEXT_TYPES.has(field.dataTypeID)) field.dataTypeID = PG_TEXT;
    }
    return result;
  };
  // node-postgres returns a promise only when no callback is given; callback calls pass through untouched.
  const withTextCatalogTypes =
    (query: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      const result = query(...args);
      return result instanceof Promise ? result.then(asText) : result;
    };
  class CatalogFriendlyPool extends pg.Pool {
    constructor(config: PoolConfig) {
      super(config);
      this.query = withTextCatalogTypes(this.query.bind(this)) as Pool["query"];
      // Transactions check a client out of the pool and query it directly.
      this.on("connect", (client) => {
        client.query = withTextCatalogTypes(client.query.bind(client)) as PoolClient["query"];
      });
    }
  }
  // allowExitOnIdle: each CLI run ends as soon as its work is done instead of waiting out idle connections.
  return new PrismaPg(
    new CatalogFriendlyPool({ connectionString: url, allowExitOnIdle: true, idleTimeoutMillis: 200 }),
  );
}

async function sqliteAdapter() {
  const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
  const file = path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return new PrismaBetterSQLite3({ url: file, timeout: 10_000 });
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: isPostgres ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: isPostgres ? "prisma/postgresql/migrations" : "prisma/migrations" },
  adapter: isPostgres ? postgresAdapter : sqliteAdapter,
});
