/**
 * Helpers the importers of evaluation/import share: plain text from a source's HTML, Shopify-style handles,
 * and writing a catalog file (evaluation/catalogs/ or evaluation/catalogs-local/<slug>.json.gz).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { gzipSync } from "node:zlib";

import type { EvaluationCatalog } from "../catalog-format.ts";

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  bull: "•",
  trade: "™",
  reg: "®",
  copy: "©",
  deg: "°",
  frac12: "½",
  ndash: "–",
  mdash: "—",
  rsquo: "’",
  lsquo: "‘",
  rdquo: "”",
  ldquo: "“",
  hellip: "…",
  eacute: "é",
  times: "×",
};

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z0-9]+);/gi, (entity: string, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X"))
      return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  });
}

/** Tags become spaces (block tags would otherwise glue words together), entities are decoded, space is collapsed. */
export function htmlToPlainText(html: string): string {
  const withoutTags = html.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ");
  return decodeHtmlEntities(withoutTags).replace(/\s+/g, " ").trim();
}

/** The handle Shopify would derive from a title: lower case, ASCII letters and digits joined by single dashes. */
export function toHandle(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

export function toMinorUnits(price: number): number {
  return Math.round(price * 100);
}

export function writeCatalog(path: string, catalog: EvaluationCatalog): number {
  const compressed = gzipSync(JSON.stringify(catalog), { level: 9 });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, compressed);
  return compressed.byteLength;
}
