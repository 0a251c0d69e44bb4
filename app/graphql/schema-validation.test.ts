import fs from "node:fs";
import path from "node:path";
import { buildSchema, parse, validate, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { API_VERSION } from "~/shopify.server";
import { ADMIN_API_VERSION, ADMIN_SCHEMA_PATH } from "./schema/admin-api-version";

/**
 * Every Admin GraphQL document the app sends, checked against the committed schema with all of GraphQL's
 * validation rules. The HTTP mocks answer by operation name, so without this a misspelt or removed field
 * passes every other test and fails only against a real store. `npm run typecheck` checks the same documents
 * through codegen (.graphqlrc.ts); this keeps the check in `npm test` and shows it catches a bad field.
 */

const GRAPHQL_DIR = "app/graphql";
const TAG = "#graphql";

interface Document {
  file: string;
  exportName: string;
  source: string;
}

/** The documents exactly as sent: the exported operations' queries and exported `#graphql` strings. */
async function loadDocuments(): Promise<Document[]> {
  const files = fs
    .readdirSync(GRAPHQL_DIR)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.endsWith(".d.ts"));
  const documents: Document[] = [];
  for (const file of files) {
    const exports = (await import(/* @vite-ignore */ path.resolve(GRAPHQL_DIR, file))) as Record<
      string,
      unknown
    >;
    for (const [exportName, value] of Object.entries(exports)) {
      const source = typeof value === "string" ? value : (value as { query?: unknown } | null)?.query;
      if (typeof source === "string" && source.trimStart().startsWith(TAG)) {
        documents.push({ file, exportName, source });
      }
    }
  }
  return documents;
}

function sourceOf(exportName: string): string {
  const found = documents.find((document) => document.exportName === exportName);
  if (!found) throw new Error(`no document exported as ${exportName}`);
  return found.source;
}

function errorsIn(schema: GraphQLSchema, source: string): string[] {
  return validate(schema, parse(source)).map((error) => error.message);
}

let schema: GraphQLSchema;
let documents: Document[];

beforeAll(async () => {
  schema = buildSchema(fs.readFileSync(ADMIN_SCHEMA_PATH, "utf8"));
  documents = await loadDocuments();
});

describe(`Admin GraphQL documents against the ${ADMIN_API_VERSION} schema`, () => {
  it("finds every #graphql document in app/graphql", () => {
    const tagged = fs
      .readdirSync(GRAPHQL_DIR)
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.endsWith(".d.ts"))
      .map((file) => fs.readFileSync(path.join(GRAPHQL_DIR, file), "utf8").split("`" + TAG).length - 1)
      .reduce((sum, count) => sum + count, 0);
    // A document that is not exported would escape the check below.
    expect(tagged).toBeGreaterThan(0);
    expect(documents.length).toBe(tagged);
  });

  it("validates each document without errors", () => {
    const failures = documents
      .map(({ file, exportName, source }) => ({
        at: `${file} ${exportName}`,
        errors: errorsIn(schema, source),
      }))
      .filter(({ errors }) => errors.length > 0);
    expect(failures).toEqual([]);
  });

  it("reports a misspelt field, naming it", () => {
    const shopDetails = sourceOf("GetShopDetails");
    expect(shopDetails).toContain("ianaTimezone");
    const misspelt = shopDetails.replace("ianaTimezone", "ianaTimeZone");
    expect(errorsIn(schema, misspelt)).toEqual([
      'Cannot query field "ianaTimeZone" on type "Shop". Did you mean "ianaTimezone"?',
    ]);
  });

  it("reports a variable of the wrong type and a missing required argument", () => {
    const wrongType = sourceOf("DeleteDiscountCode").replace("$id: ID!", "$id: Int!");
    expect(errorsIn(schema, wrongType)).toEqual([
      'Variable "$id" of type "Int!" used in position expecting type "ID!".',
    ]);
    const noArgument = sourceOf("RunProductsBulkQuery").replace(
      "bulkOperationRunQuery(query: $query)",
      "bulkOperationRunQuery",
    );
    expect(errorsIn(schema, noArgument).join("\n")).toContain(
      'argument "query" of type "String!" is required, but it was not provided',
    );
  });

  it("is the schema of the API version the app calls", () => {
    expect(API_VERSION).toBe(ADMIN_API_VERSION);
  });
});
