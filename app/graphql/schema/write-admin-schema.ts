import fs from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, printSchema, type IntrospectionQuery } from "graphql";
import { ADMIN_SCHEMA_PATH } from "./admin-api-version";

/**
 * Writes the committed Admin API schema (SDL) from an introspection result, plain or gzipped JSON:
 *
 *   npx tsx app/graphql/schema/write-admin-schema.ts path/to/admin_2026-10.json.gz
 *
 * SDL rather than the introspection JSON: a third of the size, and an upgrade reads as a diff of fields.
 * README.md beside this file says where the introspection comes from.
 */

export function printAdminSchema(introspectionFile: string): string {
  const raw = fs.readFileSync(introspectionFile);
  const text = (introspectionFile.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
  // Shopify's files wrap the result in `data`, as a GraphQL response does; a bare `__schema` is accepted too.
  const parsed = JSON.parse(text) as { data?: IntrospectionQuery } & Partial<IntrospectionQuery>;
  const introspection = parsed.data ?? (parsed as IntrospectionQuery);
  return `${printSchema(buildClientSchema(introspection))}\n`;
}

const [source] = process.argv.slice(2);
if (source && path.resolve(process.argv[1] ?? "") === path.resolve(import.meta.filename)) {
  fs.writeFileSync(ADMIN_SCHEMA_PATH, printAdminSchema(source));
}
