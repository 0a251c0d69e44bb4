import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type BetterSqlite3 from "better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";
import { PrismaClient as SqliteClient } from "./generated/prisma/sqlite/client.ts";
import { PrismaClient as PostgresClient } from "./generated/prisma/postgresql/client.ts";
import { env } from "./lib/env.server";
import { cacheStatements } from "./lib/sqlite-statement-cache.server";
import { logger } from "./lib/logger.server";

import { Prisma } from "./generated/prisma/sqlite/client.ts";

export { Prisma };
export type * from "./generated/prisma/sqlite/models.ts";

/**
 * The database client type. Both providers are generated from the same prisma/schema.prisma, so their
 * model APIs are identical; the SQLite client's types stand for both.
 */
export type Db = SqliteClient;
/** A Prisma interactive-transaction client, for functions that must run inside a caller's transaction. */
export type DbTransaction = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** A unique constraint refused the write: usually a concurrent insert of the same key won the race. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * Runs a standalone upsert, once more if it lost an insert race. Prisma's upsert reads then writes; two
 * concurrent ones on PostgreSQL can both find no row and both insert. The retry finds the winner's row and
 * updates it. Not for use inside a transaction (PostgreSQL aborts the whole transaction on the violation).
 */
export async function upsertRacing<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return upsert();
  }
}

export type DatabaseProvider = "sqlite" | "postgresql";

export function databaseProvider(url: string): DatabaseProvider {
  return /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
}

/** `file:./data/cartback.sqlite` -> an absolute path, relative to the working directory like Prisma's own. */
export function sqliteFilePath(url: string): string {
  const raw = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return raw === ":memory:" ? raw : path.resolve(raw);
}

// Applied on every new SQLite connection: WAL lets readers run beside the single writer, NORMAL
// synchronisation is safe in WAL mode, and the busy timeout makes concurrent writers wait instead of failing.
const SQLITE_PRAGMAS = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** A first-come, first-served lock: each holder waits for every earlier one to release. */
class Lock {
  #tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return ready;
  }
}

/**
 * better-sqlite3 gives the adapter one connection. The adapter serialises transactions among themselves but
 * not against plain queries, so a query from another request would run inside an open transaction and be
 * rolled back with it. Here every plain query waits while a transaction holds the connection.
 */
export function serializeConnection(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const lock = new Lock();
  const exclusive = async <T>(work: () => Promise<T>): Promise<T> => {
    const release = await lock.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  };
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => exclusive(() => adapter.queryRaw(query)),
    executeRaw: (query) => exclusive(() => adapter.executeRaw(query)),
    executeScript: (script) => exclusive(() => adapter.executeScript(script)),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
    async startTransaction(isolationLevel): Promise<Transaction> {
      const release = await lock.acquire();
      let transaction: Transaction;
      try {
        transaction = await adapter.startTransaction(isolationLevel);
      } catch (error) {
        release();
        throw error;
      }
      const finish = (end: () => Promise<void>) => async () => {
        try {
          await end();
        } finally {
          release();
        }
      };
      return {
        provider: transaction.provider,
        adapterName: transaction.adapterName,
        options: transaction.options,
        queryRaw: (query) => transaction.queryRaw(query),
        executeRaw: (query) => transaction.executeRaw(query),
        commit: finish(() => transaction.commit()),
        rollback: finish(() => transaction.rollback()),
      };
    },
  };
}

function sqliteAdapter(url: string): SqlDriverAdapterFactory {
  const file = sqliteFilePath(url);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const base = new PrismaBetterSQLite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS });
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await base.connect();
      await adapter.executeScript(SQLITE_PRAGMAS);
      cacheStatements((adapter as unknown as { client: BetterSqlite3.Database }).client);
      return serializeConnection(adapter);
    },
  };
}

export interface DatabaseClientOptions {
  /** PostgreSQL pool size per process. */
  poolSize?: number;
  /** Milliseconds to wait for a PostgreSQL connection before failing. */
  connectionTimeoutMs?: number;
}

export function createDatabaseClient(url: string, options: DatabaseClientOptions = {}): Db {
  const client =
    databaseProvider(url) === "postgresql"
      ? (new PostgresClient({
          adapter: new PrismaPg({
            connectionString: url,
            max: options.poolSize ?? 10,
            connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
          }),
          log: [
            { emit: "event", level: "warn" },
            { emit: "event", level: "error" },
          ],
        }) as unknown as Db)
      : new SqliteClient({
          adapter: sqliteAdapter(url),
          log: [
            { emit: "event", level: "warn" },
            { emit: "event", level: "error" },
          ],
        });
  // Prisma would print these to stderr; they go through the masked logger instead.
  const on = client.$on.bind(client) as (
    event: "warn" | "error",
    callback: (event: { message: string }) => void,
  ) => void;
  on("warn", (event) => logger.warn({ prisma: event.message }, "database warning"));
  on("error", (event) => logger.error({ prisma: event.message }, "database error"));
  return client;
}

declare global {
  var cartbackPrisma: Db | undefined;
}

// One client per process. Development keeps it on globalThis so Vite's module reloads reuse the connection.
export const prisma: Db = globalThis.cartbackPrisma ?? createDatabaseClient(env.DATABASE_URL);
if (env.NODE_ENV === "development") globalThis.cartbackPrisma = prisma;

export default prisma;
