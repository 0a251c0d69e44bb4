import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { exitUnlessSupportedNode } from "../../scripts/supported-node.mjs";

/**
 * Builds one migrated database per test run from the committed migrations; each test file then gets its own
 * copy (SQLite: a file copy; PostgreSQL: CREATE DATABASE ... TEMPLATE). Set TEST_POSTGRES_URL to run the
 * suite on PostgreSQL.
 */

export type TestDatabase =
  | { provider: "sqlite"; runDir: string; templateFile: string }
  | { provider: "postgresql"; runDir: string; adminUrl: string; template: string; prefix: string };

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: TestDatabase;
  }
}

const root = process.cwd();

function migrationFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(dir, entry.name, "migration.sql"))
    .filter((file) => fs.existsSync(file))
    .sort();
}

export default async function setup(project: TestProject) {
  exitUnlessSupportedNode();
  const runId = crypto.randomBytes(4).toString("hex");
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `cartback-test-${runId}-`));
  const postgresUrl = process.env.TEST_POSTGRES_URL;

  if (!postgresUrl) {
    const templateFile = path.join(runDir, "template.sqlite");
    const db = new Database(templateFile);
    for (const file of migrationFiles(path.join(root, "prisma", "migrations")))
      db.exec(fs.readFileSync(file, "utf8"));
    db.pragma("journal_mode = WAL");
    db.close();
    project.provide("testDatabase", { provider: "sqlite", runDir, templateFile });
    return () => fs.rmSync(runDir, { recursive: true, force: true });
  }

  const prefix = `cartback_test_${runId}`;
  const template = `${prefix}_template`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  const templateUrl = new URL(postgresUrl);
  templateUrl.pathname = `/${template}`;
  const client = new pg.Client({ connectionString: templateUrl.toString() });
  await client.connect();
  for (const file of migrationFiles(path.join(root, "prisma", "postgresql", "migrations"))) {
    await client.query(fs.readFileSync(file, "utf8"));
  }
  await client.end();
  await admin.end();
  project.provide("testDatabase", {
    provider: "postgresql",
    runDir,
    adminUrl: postgresUrl,
    template,
    prefix,
  });

  return async () => {
    const cleanup = new pg.Client({ connectionString: postgresUrl });
    await cleanup.connect();
    const { rows } = await cleanup.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1",
      [`${prefix}%`],
    );
    for (const { datname } of rows) await cleanup.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await cleanup.end();
    fs.rmSync(runDir, { recursive: true, force: true });
  };
}
