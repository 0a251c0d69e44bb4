import { describe, expect, it } from "vitest";
import { databaseProvider, prisma, SQLITE_BUSY_TIMEOUT_MS, sqliteFilePath } from "./db.server";
import { env } from "./lib/env.server";

describe("database client", () => {
  it("picks the provider from the URL", () => {
    expect(databaseProvider("file:./data/cartback.sqlite")).toBe("sqlite");
    expect(databaseProvider("postgres://u@h/db")).toBe("postgresql");
    expect(databaseProvider("postgresql://u@h/db")).toBe("postgresql");
    expect(sqliteFilePath("file:./data/x.sqlite?mode=rwc")).toBe(`${process.cwd()}/data/x.sqlite`);
  });

  it.runIf(databaseProvider(env.DATABASE_URL) === "sqlite")(
    "runs SQLite in WAL mode with a busy timeout and foreign keys on",
    async () => {
      const [journal] = await prisma.$queryRawUnsafe<Array<{ journal_mode: string }>>("PRAGMA journal_mode");
      const [timeout] =
        await prisma.$queryRawUnsafe<Array<{ timeout: bigint | number }>>("PRAGMA busy_timeout");
      const [foreignKeys] =
        await prisma.$queryRawUnsafe<Array<{ foreign_keys: bigint | number }>>("PRAGMA foreign_keys");
      expect(journal?.journal_mode).toBe("wal");
      expect(Number(timeout?.timeout)).toBe(SQLITE_BUSY_TIMEOUT_MS);
      expect(Number(foreignKeys?.foreign_keys)).toBe(1);
    },
  );
});

describe("concurrent work on one connection", () => {
  it("keeps a write made beside a transaction out of that transaction's rollback", async () => {
    let entered!: () => void;
    const insideTransaction = new Promise<void>((resolve) => (entered = resolve));
    let proceed!: () => void;
    const mayFinish = new Promise<void>((resolve) => (proceed = resolve));

    const failing = prisma
      .$transaction(async (tx) => {
        await tx.shop.create({ data: { domain: "rolled-back.myshopify.com" } });
        entered();
        await mayFinish;
        throw new Error("abort");
      })
      .catch((error: Error) => error.message);

    await insideTransaction;
    // Started (Prisma's promises are lazy) while the transaction is open; it must not become part of it.
    const beside = prisma.shop.create({ data: { domain: "kept.myshopify.com" } }).then((shop) => shop);
    await new Promise((resolve) => setTimeout(resolve, 50));
    proceed();
    expect(await failing).toBe("abort");
    await beside;

    const domains = (await prisma.shop.findMany({ select: { domain: true } })).map((shop) => shop.domain);
    expect(domains).toEqual(["kept.myshopify.com"]);
  });
});
