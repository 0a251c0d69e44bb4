// The session's scopes are read in lib (the catalog needs them too, and may not import shops).
export { findGrantedScopes } from "~/lib/granted-scopes.server";
