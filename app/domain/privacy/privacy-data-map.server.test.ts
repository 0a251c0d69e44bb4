import { describe, expect, it } from "vitest";
import { databaseProvider, Prisma, prisma } from "~/db.server";
import { env } from "~/lib/env.server";
import { isCustomerDataTable } from "./customer-data-table";
import { CUSTOMER_DATA_TABLES, PRIVACY_DATA_MAP } from "./privacy-data-map.server";

const MODEL_NAMES = Object.values(Prisma.ModelName);

// Columns that tie a row to one shopper. A table carrying any of them holds customer data, whatever its
// entry in the map claims. (Session's email and names are the merchant's staff, so they are not listed.)
const SHOPPER_KEYS = ["emailHash", "customerId", "checkoutToken", "cartToken", "recoveryUrl"];

function columnsOf(model: string): string[] {
  const fields = (Prisma as unknown as Record<string, Record<string, string> | undefined>)[
    `${model}ScalarFieldEnum`
  ];
  if (!fields) throw new Error(`no scalar field list for ${model}`);
  return Object.values(fields);
}

async function databaseTables(): Promise<string[]> {
  const query =
    databaseProvider(env.DATABASE_URL) === "postgresql"
      ? "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'"
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'";
  return (await prisma.$queryRawUnsafe<Array<{ name: string }>>(query)).map((row) => row.name);
}

describe("the privacy data map", () => {
  it("decides, for every model of the schema, what customer and shop redactions do to it", () => {
    expect(Object.keys(PRIVACY_DATA_MAP).sort()).toEqual([...MODEL_NAMES].sort());
  });

  it("covers every table in the migrated database (a table without a model would escape both redactions)", async () => {
    expect((await databaseTables()).sort()).toEqual([...MODEL_NAMES].sort());
  });

  it("does not call a table free of customer data when it has columns that point at a shopper", () => {
    for (const [model, table] of Object.entries(PRIVACY_DATA_MAP)) {
      if (isCustomerDataTable(table.customer)) continue;
      expect(table.customer.holdsNoCustomerData.length, `${model} says why`).toBeGreaterThan(10);
      expect(
        columnsOf(model).filter((column) => SHOPPER_KEYS.includes(column)),
        model,
      ).toEqual([]);
    }
  });

  it("gives each customer data table its own key in exports and summaries", () => {
    const keys = CUSTOMER_DATA_TABLES.map((table) => table.key);
    expect(keys).toEqual([
      "recoveryEvents",
      "flowTriggers",
      "recoverySends",
      "discountCodes",
      "enrollments",
      "suppressions",
      "checkouts",
      "orders",
      "marketingConsent",
      "privacyRequests",
    ]);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
