import { ApiType, pluckConfig, preset } from "@shopify/api-codegen-preset";
import { ADMIN_SCHEMA_PATH } from "./app/graphql/schema/admin-api-version";

/**
 * The Admin GraphQL documents in app/graphql/ against the committed schema (app/graphql/schema/README.md).
 * Shopify's `shopifyApiProject` would download the schema from shopify.dev when its JSON is missing; this is
 * the same setup spelled out, so it reads the committed file and never goes online. `npm run typecheck` runs
 * codegen before tsc: it fails on a document naming a field the schema lacks, and otherwise writes the types
 * (git-ignored) that each operation's `_FitsDocument` check compares its hand-written types with.
 */
const documents = ["./app/graphql/*.ts", "!./app/graphql/*.test.ts"];
const outputDir = "./app/graphql/generated";
const typeConfig = {
  // String unions rather than TypeScript enums, so the literals hand-written types use fit them.
  enumsAsTypes: true,
  // A selected field is always in the answer, null or not: `field: T | null`, not `field?: T | null`.
  avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
};

export default {
  schema: ADMIN_SCHEMA_PATH,
  documents,
  extensions: {
    codegen: {
      pluckConfig,
      config: {
        // Codegen validates all documents as one; the bulk export is anonymous, as bulkOperationRunQuery's own
        // examples are. Each document alone is still checked against every rule by schema-validation.test.ts.
        skipDocumentsValidation: { ignoreRules: ["LoneAnonymousOperation"] },
      },
      generates: {
        [`${outputDir}/admin.types.d.ts`]: {
          plugins: ["typescript"],
          config: { ...typeConfig, defaultScalarType: "string", scalars: { JSON: "unknown" } },
        },
        [`${outputDir}/admin.generated.d.ts`]: {
          preset,
          documents,
          presetConfig: { apiType: ApiType.Admin },
          config: typeConfig,
        },
      },
    },
  },
};
