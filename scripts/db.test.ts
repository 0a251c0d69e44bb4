import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { derivePostgresSchema, schemaText } from "./db.mjs";

// These run the real Prisma CLI (WASM schema engine, no downloads) the way a developer or CI would.
const root = process.cwd();
const script = path.join(root, "scripts", "db.mjs");
const scratch: string[] = [];

function runDb(
  args: string[],
  { cwd = root, env = {} }: { cwd?: string; env?: Record<string, string> } = {},
) {
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cartback-dbtest-"));
  scratch.push(dir);
  return dir;
}

/** A copy of the project's database files, sharing node_modules, for changing the schema safely. */
function projectCopy(): string {
  const dir = tempDir();
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
  fs.copyFileSync(path.join(root, "prisma.config.ts"), path.join(dir, "prisma.config.ts"));
  fs.cpSync(path.join(root, "prisma"), path.join(dir, "prisma"), { recursive: true });
  return dir;
}

afterEach(() => {
  for (const dir of scratch.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("scripts/db.mjs", () => {
  it("derives the PostgreSQL schema from the single source, changing only provider and output", () => {
    const source = fs.readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8");
    const derived = derivePostgresSchema(source);
    expect(derived).toBe(fs.readFileSync(path.join(root, "prisma", "postgresql", "schema.prisma"), "utf8"));
    const models = (text: string) => text.slice(text.indexOf("model "));
    expect(models(derived)).toBe(models(source));
  });

  it("keeps only the schema from `db pull --print` output", () => {
    expect(schemaText("WARNING: something\n\ngenerator client {\n}\nmodel A {\n}")).toBe(
      "generator client {\n}\nmodel A {\n}",
    );
  });

  it("runs `npm run setup` twice: the second run applies nothing and changes nothing", () => {
    const file = path.join(tempDir(), "setup.sqlite");
    const env = { DATABASE_URL: `file:${file}` };

    const first = runDb(["setup"], { env });
    expect(first.status, first.output).toBe(0);
    const rowsAfterFirst = new Database(file, { readonly: true })
      .prepare("SELECT migration_name FROM _prisma_migrations")
      .all();

    const second = runDb(["setup"], { env });
    expect(second.status, second.output).toBe(0);
    expect(second.output).toContain("No pending migrations to apply");
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT migration_name FROM _prisma_migrations").all()).toEqual(rowsAfterFirst);
    db.close();
  }, 120_000);

  it("finds the committed migrations in line with the schema", () => {
    const result = runDb(["check"]);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain("sqlite: migrations match the schema");
    if (process.env.TEST_POSTGRES_URL)
      expect(result.output).toContain("postgresql: migrations match the schema");
  }, 120_000);

  it("fails when the schema changes without a migration, and shows the SQL that is missing", () => {
    const dir = projectCopy();
    const schemaFile = path.join(dir, "prisma", "schema.prisma");
    fs.writeFileSync(
      schemaFile,
      fs
        .readFileSync(schemaFile, "utf8")
        // The Shop model's first optional field, however the formatter aligns it.
        .replace(/^( +)name( +)String\?$/m, "$1name$2String?\n$1plan$2String?"),
    );
    fs.writeFileSync(
      path.join(dir, "prisma", "postgresql", "schema.prisma"),
      derivePostgresSchema(fs.readFileSync(schemaFile, "utf8")),
    );

    const result = runDb(["check"], { cwd: dir, env: { TEST_POSTGRES_URL: "" } });

    expect(result.status).toBe(1);
    expect(result.output).toMatch(/sqlite: the schema and prisma\/migrations disagree/);
    expect(result.output).toMatch(/ALTER TABLE "Shop" ADD COLUMN "plan" TEXT/);
  }, 120_000);

  it("fails when the derived PostgreSQL schema is stale", () => {
    const dir = projectCopy();
    fs.appendFileSync(path.join(dir, "prisma", "postgresql", "schema.prisma"), "\n// hand edit\n");
    const result = runDb(["check"], { cwd: dir, env: { TEST_POSTGRES_URL: "" } });
    expect(result.status).toBe(1);
    expect(result.output).toContain("prisma/postgresql/schema.prisma is stale");
  }, 120_000);
});
