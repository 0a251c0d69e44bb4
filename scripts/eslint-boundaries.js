// @ts-check
/**
 * Cartback's module boundaries as ESLint rules (docs/ARCHITECTURE.md has the picture):
 *
 *   routes/, server/      ->  components/, ingestion/, app top (shopify.server, admin-context.server), domain/, lib/
 *   components/           ->  domain/ (types, and the client-safe modules below), lib/
 *   app top, ingestion/   ->  domain/, lib/
 *   domain/<folder>/      ->  other domain folders through their index.ts, graphql/, lib/
 *   graphql/              ->  lib/
 *   lib/, db.server.ts    ->  lib/ only: they know nothing of the domain
 *
 * `cartback/layers` keeps the arrows pointing down; `cartback/domain-faces` makes a domain folder's index.ts its
 * only door. That domain folders never depend on each other both ways (no cycle) is checked by
 * app/architecture.test.ts, which reads the same import graph.
 */
import path from "node:path";

const APP = path.resolve(import.meta.dirname, "..", "app");

/**
 * Pure modules that the admin's browser code (components, route components) imports directly: a folder's
 * index also re-exports its server modules, which must not reach the client bundle. Types go through the index.
 */
export const CLIENT_SAFE_MODULES = [
  "analytics/lift",
  "analytics/offer-experiment",
  "analytics/sequential",
  "analytics/statistics",
  "catalog/catalog-overview",
  "checkouts/checkout-list-options",
  "checkouts/checkout-status",
  "discounts/discount-tier",
  "discounts/offer-arms",
  "discounts/pick-tier",
  "messages/recovery-message",
  "segments/segment-editor-form",
  "sending/sender-reputation",
  "shops/parse-settings-form",
  "shops/sending-status",
  "shops/settings",
  "shops/settings-form",
  "shops/step-content-form",
  "shops/tier-examples",
];

/**
 * Where a file of app/ sits: its layer, and for domain files, its folder and module.
 * @param {string} file
 * @returns {{ layer: string; folder?: string; module?: string }}
 */
export function placeOf(file) {
  const relative = path.relative(APP, file).split(path.sep).join("/");
  if (relative.startsWith("..")) return { layer: "outside" };
  const [first, second, ...rest] = relative.split("/");
  if (first === "domain" && second && rest.length > 0) {
    return {
      layer: "domain",
      folder: second,
      module: [second, ...rest].join("/").replace(/\.(tsx?|js)$/, ""),
    };
  }
  if (first === "domain") return { layer: "domain", folder: second?.replace(/\.(tsx?|js)$/, "") ?? "" };
  if (/^db\.server(\.ts)?$/.test(relative) || first === "generated") return { layer: "lib" };
  if (first && ["lib", "graphql", "components", "routes", "ingestion"].includes(first))
    return { layer: first };
  return { layer: "top" };
}

/** The layers each layer may import from. @type {Record<string, string[]>} */
const ALLOWED = {
  lib: ["lib"],
  graphql: ["graphql", "lib"],
  domain: ["domain", "graphql", "lib"],
  ingestion: ["ingestion", "domain", "graphql", "lib"],
  top: ["top", "ingestion", "domain", "graphql", "lib"],
  components: ["components", "domain", "lib"],
  routes: ["routes", "components", "top", "ingestion", "domain", "graphql", "lib"],
  outside: ["outside", "routes", "components", "top", "ingestion", "domain", "graphql", "lib"],
};

/**
 * The file an import specifier names, or null for packages.
 * @param {string} fromFile
 * @param {string} specifier
 * @returns {string | null}
 */
export function resolveImport(fromFile, specifier) {
  if (specifier.startsWith("~/")) return path.join(APP, specifier.slice(2));
  if (specifier.startsWith(".")) return path.resolve(path.dirname(fromFile), specifier);
  return null;
}

/**
 * A listener that calls `check` for every import, re-export and import() of a file inside the project, with
 * where the importing file and the imported one sit.
 * @param {import("eslint").Rule.RuleContext} context
 * @param {(node: import("estree").Node, specifier: string, from: ReturnType<typeof placeOf>, to: ReturnType<typeof placeOf>) => void} check
 * @returns {import("eslint").Rule.RuleListener}
 */
function forEachImport(context, check) {
  const from = placeOf(context.filename);
  /** @param {any} node an import, export or import() node */
  const visit = (node) => {
    const specifier = node.source?.value;
    const target = typeof specifier === "string" ? resolveImport(context.filename, specifier) : null;
    if (target) check(node, specifier, from, placeOf(target));
  };
  return {
    ImportDeclaration: visit,
    ExportNamedDeclaration: visit,
    ExportAllDeclaration: visit,
    ImportExpression: visit,
  };
}

/** @type {import("eslint").Rule.RuleModule} */
const layers = {
  meta: {
    type: "problem",
    docs: { description: "Imports point down the layers: lib knows no domain, the domain knows no routes." },
    schema: [],
    messages: {
      upward: "{{from}} must not import {{to}} ({{specifier}}): see the layers in docs/ARCHITECTURE.md.",
    },
  },
  create(context) {
    return forEachImport(context, (node, specifier, from, to) => {
      if (to.layer === "outside" || ALLOWED[from.layer]?.includes(to.layer)) return;
      context.report({ node, messageId: "upward", data: { from: from.layer, to: to.layer, specifier } });
    });
  },
};

/** @type {import("eslint").Rule.RuleModule} */
const domainFaces = {
  meta: {
    type: "problem",
    docs: { description: "A domain folder is used through its index.ts (or a listed client-safe module)." },
    schema: [],
    messages: {
      deep:
        "Import {{folder}} through its index (~/domain/{{folder}}), not {{specifier}}; browser code may use the " +
        "client-safe modules listed in scripts/eslint-boundaries.js.",
    },
  },
  create(context) {
    return forEachImport(context, (node, specifier, from, to) => {
      if (to.layer !== "domain" || !to.module || to.folder === from.folder) return;
      if (to.module === `${to.folder}/index` || CLIENT_SAFE_MODULES.includes(to.module)) return;
      context.report({ node, messageId: "deep", data: { folder: to.folder, specifier } });
    });
  },
};

export default { rules: { layers, "domain-faces": domainFaces } };
