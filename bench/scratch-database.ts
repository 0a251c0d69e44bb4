import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { root } from "./lib";

/**
 * A throwaway, migrated database for one benchmark run: a SQLite file in the temp folder, or, given a
 * PostgreSQL server's URL (BENCH_POSTGRES_URL), a fresh database on it. `drop` removes it.
 */

export interface ScratchDatabase {
  provider: "sqlite" | "postgresql";
  /** The database's name on the PostgreSQL server, or the SQLite file's path. */
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(postgresUrl?: string): Promise<ScratchDatabase> {
  const database = postgresUrl ? await createPostgresDatabase(postgresUrl) : createSqliteDatabase();
  const migrate = spawnSync(process.execPath, [path.join(root, "scripts", "db.mjs"), "migrate"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: database.url },
    encoding: "utf8",
  });
  if (migrate.status !== 0) {
    await database.drop();
    throw new Error(`migrating the scratch database failed: ${migrate.stderr}`);
  }
  return database;
}

function createSqliteDatabase(): ScratchDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cartback-bench-"));
  const file = path.join(dir, "bench.sqlite");
  return {
    provider: "sqlite",
    name: file,
    url: `file:${file}`,
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function createPostgresDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `cartback_bench_${crypto.randomBytes(5).toString("hex")}`;
  await queryPostgres(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    provider: "postgresql",
    name,
    url: url.toString(),
    drop: async () => {
      await queryPostgres(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** One statement on its own connection to `url` (databases are created and dropped outside any pool). */
export async function queryPostgres(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
