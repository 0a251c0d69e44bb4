import fs from "node:fs";
import path from "node:path";

/** Shopify's official sample payloads (webhook reference, API 2026-07), copied into test/fixtures/shopify. */
const FIXTURE_DIR = path.resolve(process.cwd(), "test", "fixtures", "shopify");

/** The raw text of a fixture: ids above 2^53 must not pass through JSON.parse before the app sees them. */
export function fixtureText(name: string): string {
  return fs.readFileSync(path.join(FIXTURE_DIR, name), "utf8");
}

/**
 * A fixture with some top-level fields replaced, edited as text so big ids elsewhere stay exact.
 * Values are JSON-encoded; `undefined` removes the field.
 */
export function editFixture(name: string, changes: Record<string, unknown>): string {
  return editJson(fixtureText(name), changes);
}

export function editJson(text: string, changes: Record<string, unknown>): string {
  const placeholder = "__CARTBACK_BIG__";
  const bigs: string[] = [];
  // Protect integers that JSON.parse would round, then restore them after the edit.
  const safe = text.replace(/(?<=[:[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g, (digits) => {
    bigs.push(digits);
    return `"${placeholder}${bigs.length - 1}"`;
  });
  const object = JSON.parse(safe) as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete object[key];
    else object[key] = value;
  }
  return JSON.stringify(object).replace(
    new RegExp(`"${placeholder}(\\d+)"`, "g"),
    (_match, index: string) => bigs[Number(index)] as string,
  );
}
