import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeEach, inject } from "vitest";

// A fresh migrated database for this test file, set before any app module reads DATABASE_URL, and emptied
// before every test through a connection of its own (so pure tests never load Prisma).
const database = inject("testDatabase");
const fileId = crypto.randomBytes(6).toString("hex");

let clearTables: () => Promise<void>;

if (database.provider === "sqlite") {
  const file = path.join(database.runDir, `${fileId}.sqlite`);
  fs.copyFileSync(database.templateFile, file);
  process.env.DATABASE_URL = `file:${file}`;
  const raw = new Database(file);
  raw.pragma("busy_timeout = 10000");
  const tables = raw
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations'",
    )
    .all()
    .map((row) => (row as { name: string }).name);
  // Twice: deleting rows fires the report rollups' triggers, which write into rollup tables that may already
  // have been emptied; the second pass finds only those.
  const clear = raw.transaction(() => {
    raw.pragma("foreign_keys = OFF");
    for (let pass = 0; pass < 2; pass++)
      for (const table of tables) raw.prepare(`DELETE FROM "${table}"`).run();
    raw.pragma("foreign_keys = ON");
  });
  clearTables = async () => clear();
  afterAll(() => raw.close());
} else {
  const name = `${database.prefix}_${fileId}`;
  const admin = new pg.Client({ connectionString: database.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${database.template}"`);
  await admin.end();
  const url = new URL(database.adminUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  const raw = new pg.Client({ connectionString: url.toString() });
  await raw.connect();
  const { rows } = await raw.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename != '_prisma_migrations'",
  );
  const truncate = `TRUNCATE ${rows.map((row) => `"${row.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`;
  clearTables = async () => {
    await raw.query(truncate);
  };
  afterAll(async () => {
    await raw.end();
    const { prisma } = await import("~/db.server");
    await prisma.$disconnect();
    const cleanup = new pg.Client({ connectionString: database.adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await cleanup.end();
  });
}

beforeEach(async () => {
  await clearTables();
  // In-process caches of the app (app/lib/ttl-cache.ts) must not outlive the rows they describe.
  for (const cache of globalThis.cartbackCaches ?? []) cache.clear();
});

process.env.OUTBOX_DIR = path.join(database.runDir, `outbox-${fileId}`);
