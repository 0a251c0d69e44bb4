import { describe, expect, it } from "vitest";
import { migrateOnPostgres, migrateOnSqlite, type Query } from "../test/helpers/migrations";

// The data step of the migration that introduced sequence versions: every shop's steps, tiers, code lifetime
// and holdout become version 1 of its catch-all segment, and each enrolment that started a sequence is pinned
// to it, so nothing in flight changes. Run on the committed SQL of both providers, as `migrate deploy` would.
const MIGRATION = "20261205000432_segments_and_sequence_versions";

const SETTINGS = {
  steps: [
    { delayMinutes: 60, offer: false, subject: "You left something", subjectB: null },
    { delayMinutes: 1440, offer: true, subject: "A little extra", subjectB: null },
  ],
  tiers: [{ minimumSubtotalMinor: 0, percentOff: 10, freeShipping: false }],
  codeLifetimeHours: 48,
  holdoutPercent: 10,
  audience: { mode: "ALL" },
};

const SEED = [
  `INSERT INTO "Shop" ("domain", "updatedAt") VALUES ('a.myshopify.com', CURRENT_TIMESTAMP), ('b.myshopify.com', CURRENT_TIMESTAMP)`,
  `INSERT INTO "ShopSettings" ("shop", "data", "updatedAt") VALUES ('a.myshopify.com', '${JSON.stringify(SETTINGS)}', CURRENT_TIMESTAMP)`,
  ...["active", "holdout", "skipped", "done"].map(
    (name) =>
      `INSERT INTO "Checkout" ("id", "shop", "token", "currency", "subtotalMinor", "totalMinor", "lineItems", "lineItemCount", "shopifyCreatedAt", "shopifyUpdatedAt", "updatedAt")
       VALUES ('c-${name}', 'a.myshopify.com', 't-${name}', 'USD', 100, 100, '[]', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
  ),
  `INSERT INTO "Checkout" ("id", "shop", "token", "currency", "subtotalMinor", "totalMinor", "lineItems", "lineItemCount", "shopifyCreatedAt", "shopifyUpdatedAt", "updatedAt")
   VALUES ('c-other', 'b.myshopify.com', 't-other', 'USD', 100, 100, '[]', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
  ...[
    ["active", "a", "ACTIVE", "TREATMENT"],
    ["holdout", "a", "HOLDOUT", "HOLDOUT"],
    ["skipped", "a", "SKIPPED", "TREATMENT"],
    ["done", "a", "COMPLETED", "TREATMENT"],
    ["other", "b", "ACTIVE", "TREATMENT"],
  ].map(
    ([name, shop, status, arm]) =>
      `INSERT INTO "Enrollment" ("id", "shop", "checkoutId", "status", "arm", "anchorAt", "enrolledAt", "nextStep", "updatedAt")
       VALUES ('e-${name}', '${shop}.myshopify.com', 'c-${name}', '${status}', '${arm}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 2, CURRENT_TIMESTAMP)`,
  ),
];

interface Row {
  id: string;
  segmentId: string | null;
  sequenceVersionId: string | null;
  nextStep: number;
  status: string;
}

function expectPinned(
  enrollments: Row[],
  versions: Array<{ id: string; shop: string; number: number; data: string }>,
) {
  expect(versions).toHaveLength(1);
  const [version] = versions;
  expect(version).toMatchObject({ id: "migrated-a.myshopify.com", shop: "a.myshopify.com", number: 1 });
  expect(JSON.parse(version!.data)).toEqual({
    steps: SETTINGS.steps,
    tiers: SETTINGS.tiers,
    codeLifetimeHours: 48,
    holdoutPercent: 10,
  });
  const byId = new Map(enrollments.map((row) => [row.id, row]));
  for (const id of ["e-active", "e-holdout", "e-done"])
    expect(byId.get(id)).toMatchObject({
      segmentId: "default",
      sequenceVersionId: "migrated-a.myshopify.com",
    });
  // Skipped ones never started a sequence; a shop without settings has nothing to pin to.
  expect(byId.get("e-skipped")).toMatchObject({ segmentId: null, sequenceVersionId: null });
  expect(byId.get("e-other")).toMatchObject({ segmentId: null, sequenceVersionId: null });
  // Nothing else about an enrolment in flight changes.
  expect(byId.get("e-active")).toMatchObject({ status: "ACTIVE", nextStep: 2 });
}

describe("the sequence-version data migration", () => {
  const check = async (query: Query) =>
    expectPinned(
      (await query(
        `SELECT "id", "segmentId", "sequenceVersionId", "nextStep", "status" FROM "Enrollment"`,
      )) as unknown as Row[],
      (await query(`SELECT "id", "shop", "number", "data" FROM "SequenceVersion"`)) as never,
    );

  it("pins every started enrolment to version 1 of its shop's settings on SQLite", () =>
    migrateOnSqlite(MIGRATION, SEED, check));

  it.skipIf(!process.env.TEST_POSTGRES_URL)("does the same on PostgreSQL", () =>
    migrateOnPostgres(MIGRATION, SEED, check),
  );
});
