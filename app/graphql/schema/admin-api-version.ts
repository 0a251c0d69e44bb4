/**
 * The Admin API version whose schema app/graphql/ is checked against (`admin-<version>.graphql` beside this
 * file). It moves together with API_VERSION in app/shopify.server.ts: a test fails when the two differ.
 */
export const ADMIN_API_VERSION = "2026-10";

/** The committed schema, from the repository root. */
export const ADMIN_SCHEMA_PATH = `app/graphql/schema/admin-${ADMIN_API_VERSION}.graphql`;
