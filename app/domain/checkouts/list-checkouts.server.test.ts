import { describe, expect, it } from "vitest";
import { databaseProvider, prisma } from "~/db.server";
import { env } from "~/lib/env.server";
import { checkoutLine, seedCheckouts, type CheckoutRowSeed } from "../../../test/helpers/checkouts";
import { installTestShop, SHOP_A, SHOP_B } from "../../../test/helpers/shops";
import { segmentChoicesOf } from "./checkout-list-options";
import { parseCheckoutListParams } from "./checkout-list-query";
import { checkoutStateOf, type CheckoutFilter } from "./checkout-status";
import type { CheckoutListPage } from "./checkout-views";
import { checkoutPageSql, listCheckouts, UNKNOWN_SEGMENT_PROBLEM } from "./list-checkouts.server";

const T0 = new Date("2026-11-20T12:00:00Z");
const minutes = (count: number) => new Date(T0.getTime() - count * 60_000);
const params = (query: Record<string, string> = {}) => parseCheckoutListParams(new URLSearchParams(query));
const ids = (page: CheckoutListPage) => page.rows.map((row) => row.id);
const recovery = (byEmail: boolean) => ({
  orderId: `order-${byEmail ? "email" : "own"}-${Math.random()}`,
  at: T0,
  byEmail,
  method: "CHECKOUT_TOKEN" as const,
  minor: 12_000,
});

/** One checkout in every state the list distinguishes, and the edge cases between them. */
const STATES: Record<string, { seed: Omit<CheckoutRowSeed, "updatedAt">; filter: CheckoutFilter | null }> = {
  active: { seed: { enrollment: { status: "ACTIVE", stepsSent: 1, nextStep: 2 } }, filter: "enrolled" },
  finished: { seed: { enrollment: { status: "COMPLETED", stepsSent: 3 } }, filter: "enrolled" },
  stoppedUnsubscribed: {
    seed: { enrollment: { status: "STOPPED", reason: "UNSUBSCRIBED", stepsSent: 1 } },
    filter: "enrolled",
  },
  // Ordered after an email, but outside the attribution window: the sequence ran, nothing was recovered.
  stoppedOrderedAfterEmail: {
    seed: {
      orderedAt: T0,
      orderId: "9001",
      enrollment: { status: "STOPPED", reason: "ORDERED", stepsSent: 1 },
    },
    filter: "enrolled",
  },
  recovered: {
    seed: { orderedAt: T0, enrollment: { status: "STOPPED", stepsSent: 1, recovered: recovery(true) } },
    filter: "recovered",
  },
  attributedOnItsOwn: {
    seed: { enrollment: { status: "STOPPED", stepsSent: 1, recovered: recovery(false) } },
    filter: "completed",
  },
  heldOutThenOrdered: {
    seed: { enrollment: { status: "HOLDOUT", arm: "HOLDOUT", recovered: recovery(false) } },
    filter: "completed",
  },
  orderedBeforeAnyEmail: {
    seed: { orderedAt: T0, enrollment: { status: "STOPPED", reason: "ORDERED", stepsSent: 0 } },
    filter: "completed",
  },
  completedNeverEnrolled: { seed: { completedAt: T0 }, filter: "completed" },
  skippedThenCompleted: {
    seed: { completedAt: T0, enrollment: { status: "SKIPPED", reason: "NOT_SUBSCRIBED" } },
    filter: "completed",
  },
  skipped: { seed: { enrollment: { status: "SKIPPED", reason: "NOT_SUBSCRIBED" } }, filter: "skipped" },
  holdout: { seed: { enrollment: { status: "HOLDOUT", arm: "HOLDOUT" } }, filter: null },
  waiting: { seed: {}, filter: null },
  noEmail: { seed: { email: null }, filter: null },
};

async function seedStates(shop: string) {
  const names = Object.keys(STATES);
  const seeded = await seedCheckouts(
    shop,
    names.map((name, index) => ({ ...STATES[name]?.seed, updatedAt: minutes(index) })),
  );
  return new Map(names.map((name, index) => [name, seeded[index]?.id as string]));
}

describe("listCheckouts: the status filters", () => {
  it.each(["enrolled", "recovered", "skipped", "completed"] as const)(
    "'%s' shows exactly the checkouts in that state",
    async (filter) => {
      await installTestShop(SHOP_A);
      const idOf = await seedStates(SHOP_A);
      const expected = Object.entries(STATES)
        .filter(([, state]) => state.filter === filter)
        .map(([name]) => idOf.get(name));

      const page = await listCheckouts(SHOP_A, params({ status: filter }));

      expect(new Set(ids(page))).toEqual(new Set(expected));
      expect(page.rows.length).toBe(expected.length);
    },
  );

  it("'all' shows every checkout, each with its named status and reason", async () => {
    await installTestShop(SHOP_A);
    const idOf = await seedStates(SHOP_A);

    const page = await listCheckouts(SHOP_A, params());

    expect(page.rows).toHaveLength(Object.keys(STATES).length);
    const statusOf = (name: string) => page.rows.find((row) => row.id === idOf.get(name))?.status;
    expect(statusOf("active")).toMatchObject({ label: "In sequence", reason: "Step 2 is next" });
    expect(statusOf("stoppedUnsubscribed")).toMatchObject({
      label: "Stopped",
      reason: "The shopper unsubscribed",
    });
    expect(statusOf("skipped")).toMatchObject({
      label: "Skipped",
      reason: "The shopper did not accept email marketing",
    });
    expect(statusOf("recovered")).toMatchObject({
      label: "Recovered by email",
      reason: "Matched because the order completed this checkout",
    });
    expect(statusOf("heldOutThenOrdered")).toMatchObject({
      label: "Completed on its own",
      reason: "In the holdout group: no email was sent",
    });
    expect(statusOf("noEmail")).toMatchObject({
      label: "Not enrolled",
      reason: "The checkout has no usable email address",
    });
    expect(statusOf("holdout")).toMatchObject({ label: "Holdout" });
  });

  it("puts every checkout in at most one filter, the one its status badge names", async () => {
    await installTestShop(SHOP_A);
    await seedStates(SHOP_A);
    const all = await listCheckouts(SHOP_A, params());
    const stateOfRow = new Map(all.rows.map((row) => [row.id, row.status.state]));

    const seen = new Map<string, CheckoutFilter>();
    for (const filter of ["enrolled", "recovered", "skipped", "completed"] as const) {
      for (const id of ids(await listCheckouts(SHOP_A, params({ status: filter })))) {
        expect(seen.has(id), `${id} is in ${seen.get(id)} and ${filter}`).toBe(false);
        seen.set(id, filter);
      }
    }
    const filterOfState = { ENROLLED: "enrolled", RECOVERED: "recovered", SKIPPED: "skipped" } as const;
    for (const [id, state] of stateOfRow) {
      const expected =
        state === "COMPLETED_ON_ITS_OWN"
          ? "completed"
          : (filterOfState[state as keyof typeof filterOfState] ?? undefined);
      expect(seen.get(id)).toBe(expected);
    }
  });

  it("agrees with checkoutStateOf on the stored rows (SQL and the pure definition say the same)", async () => {
    await installTestShop(SHOP_A);
    await seedStates(SHOP_A);
    const rows = await prisma.checkout.findMany({ where: { shop: SHOP_A }, include: { enrollment: true } });
    const page = await listCheckouts(SHOP_A, params());
    for (const row of rows) {
      const state = checkoutStateOf({
        hasEmail: row.emailHash !== null,
        itemCount: row.lineItemCount,
        subtotalMinor: row.subtotalMinor,
        completedAt: row.completedAt,
        orderedAt: row.orderedAt,
        deletedAt: row.deletedAt,
        redactedAt: row.redactedAt,
        enrollment: row.enrollment,
      });
      expect(page.rows.find((listed) => listed.id === row.id)?.status.state).toBe(state);
    }
  });
});

describe("listCheckouts: the row", () => {
  it("shows the first name, a masked address, the value in the checkout's currency, items, steps, clicks and the order", async () => {
    await installTestShop(SHOP_A, { timezone: "America/New_York" });
    const [checkout] = await seedCheckouts(SHOP_A, [
      {
        email: "Jane.Doe@Example.com",
        firstName: "Jane",
        currency: "EUR",
        lines: [
          checkoutLine({ quantity: 2, unitPriceMinor: 4_500, linePriceMinor: 9_000 }),
          checkoutLine({ title: "Belt", quantity: 1, linePriceMinor: 2_550 }),
        ],
        updatedAt: T0,
        orderedAt: T0,
        enrollment: {
          status: "STOPPED",
          stepsSent: 2,
          recovered: { orderId: "5001", at: T0, byEmail: true, method: "DISCOUNT_CODE", minor: 11_550 },
        },
      },
    ]);
    const checkoutId = checkout?.id as string;
    const enrollment = await prisma.enrollment.findFirstOrThrow({ where: { checkoutId } });
    for (const [step, clickCount] of [
      [1, 2],
      [2, 1],
    ] as const)
      await prisma.recoverySend.create({
        data: {
          shop: SHOP_A,
          enrollmentId: enrollment.id,
          checkoutId,
          step,
          status: "SENT",
          idempotencyKey: `k${step}`,
          sentAt: T0,
          clickCount,
        },
      });
    await prisma.order.create({
      data: {
        shop: SHOP_A,
        orderId: "5001",
        name: "#1042",
        discountCodes: "[]",
        lines: "[]",
        currency: "USD",
        totalMinor: 11_550,
        subtotalMinor: 11_550,
        presentmentCurrency: "USD",
        presentmentTotalMinor: 11_550,
        shopifyCreatedAt: T0,
      },
    });

    const [row] = (await listCheckouts(SHOP_A, params())).rows;

    expect(row).toEqual({
      id: checkoutId,
      firstName: "Jane",
      maskedEmail: "j***@example.com",
      value: "€115.50",
      itemCount: 3,
      lastActivityAt: T0.toISOString(),
      lastActivityLabel: "Nov 20, 2026, 7:00 AM EST",
      status: {
        state: "RECOVERED",
        label: "Recovered by email",
        tone: "success",
        reason: "Matched because its discount code was used",
      },
      stepsSent: 2,
      clicks: 3,
      order: { name: "#1042", value: "$115.50" },
      // No segment choices given: no segment named.
      segment: null,
    });
    expect(JSON.stringify(row)).not.toContain("jane.doe@example.com");
  });
});

describe("listCheckouts: search by exact email or first name", () => {
  async function seedShoppers() {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const [jane, janeAgain, janet, john] = await seedCheckouts(SHOP_A, [
      { email: "jane@shopper.co", firstName: "Jane", updatedAt: minutes(1) },
      { email: "jane.other@shopper.co", firstName: "Jane", updatedAt: minutes(2) },
      { email: "janet@shopper.co", firstName: "Janet", updatedAt: minutes(3) },
      { email: "john@shopper.co", firstName: "John", updatedAt: minutes(4) },
    ]);
    // Another shop's shopper with the same address and name must never appear.
    await seedCheckouts(SHOP_B, [{ email: "jane@shopper.co", firstName: "Jane", updatedAt: minutes(1) }]);
    return { jane: jane?.id, janeAgain: janeAgain?.id, janet: janet?.id, john: john?.id };
  }

  it("finds an address whatever its case and surrounding spaces, and only that address", async () => {
    const shoppers = await seedShoppers();

    const page = await listCheckouts(SHOP_A, params({ q: "  JANE@Shopper.CO " }));

    expect(ids(page)).toEqual([shoppers.jane]);
    expect(page.search).toEqual({ kind: "EMAIL", problem: null });
  });

  it("finds nothing for part of an address, and says what to type", async () => {
    await seedShoppers();

    const partial = await listCheckouts(SHOP_A, params({ q: "jane@shopper" }));
    expect(partial.rows).toEqual([]);
    expect(partial.search.problem).toBe("Enter a complete email address, such as jane@example.com.");

    expect((await listCheckouts(SHOP_A, params({ q: "shopper.co@" }))).rows).toEqual([]);
  });

  it("finds every checkout with that exact first name, case-insensitively, and not longer names", async () => {
    const shoppers = await seedShoppers();

    const page = await listCheckouts(SHOP_A, params({ q: "jANE " }));

    expect(ids(page)).toEqual([shoppers.jane, shoppers.janeAgain]);
    expect(page.search).toEqual({ kind: "FIRST_NAME", problem: null });
    expect((await listCheckouts(SHOP_A, params({ q: "Jan" }))).rows).toEqual([]);
  });

  it("combines the search with a status filter", async () => {
    await installTestShop(SHOP_A);
    const [skipped] = await seedCheckouts(SHOP_A, [
      { firstName: "Ana", updatedAt: minutes(1), enrollment: { status: "SKIPPED", reason: "TOO_OLD" } },
      { firstName: "Ana", updatedAt: minutes(2), enrollment: { status: "ACTIVE", nextStep: 1 } },
    ]);

    const page = await listCheckouts(SHOP_A, params({ q: "ana", status: "skipped" }));

    expect(ids(page)).toEqual([skipped?.id]);
  });
});

describe("listCheckouts: sorting", () => {
  it("sorts by last activity or cart value, either way, ties broken by id", async () => {
    await installTestShop(SHOP_A);
    // Ids chosen so that their order is the same in every collation (PostgreSQL's may ignore punctuation).
    await seedCheckouts(SHOP_A, [
      { id: "ckouta", updatedAt: minutes(30), subtotalMinor: 5_000 },
      { id: "ckoutb", updatedAt: minutes(10), subtotalMinor: 20_000 },
      { id: "ckoutc", updatedAt: minutes(20), subtotalMinor: 5_000 },
      { id: "ckoutd", updatedAt: minutes(10), subtotalMinor: 1_000 },
    ]);
    const [a, b, c, d] = ["ckouta", "ckoutb", "ckoutc", "ckoutd"];

    // b and d share a last activity, a and c a value: the id orders each pair, the same way as the sort.
    expect(ids(await listCheckouts(SHOP_A, params()))).toEqual([d, b, c, a]);
    expect(ids(await listCheckouts(SHOP_A, params({ sort: "activity-asc" })))).toEqual([a, c, b, d]);
    expect(ids(await listCheckouts(SHOP_A, params({ sort: "value-desc" })))).toEqual([b, c, a, d]);
    expect(ids(await listCheckouts(SHOP_A, params({ sort: "value-asc" })))).toEqual([d, a, c, b]);
  });
});

describe("listCheckouts: cursor pagination", () => {
  /** Every page forwards from the first, then every page backwards from the last. */
  async function walk(query: Record<string, string>, pageSize: number) {
    const forward: string[][] = [];
    let page = await listCheckouts(SHOP_A, params(query), { pageSize });
    expect(page.previousCursor).toBeNull();
    forward.push(ids(page));
    while (page.nextCursor) {
      page = await listCheckouts(SHOP_A, params({ ...query, after: page.nextCursor }), { pageSize });
      forward.push(ids(page));
    }
    const backward: string[][] = [ids(page)];
    while (page.previousCursor) {
      page = await listCheckouts(SHOP_A, params({ ...query, before: page.previousCursor }), { pageSize });
      backward.unshift(ids(page));
    }
    return { forward, backward };
  }

  async function seedWithTies(count: number) {
    // Groups of seven share a last activity and values repeat, so most page boundaries fall inside a tie.
    return seedCheckouts(
      SHOP_A,
      Array.from({ length: count }, (_, index) => ({
        updatedAt: minutes(Math.floor(index / 7)),
        subtotalMinor: 1_000 * (index % 5),
        enrollment: index % 3 === 0 ? { status: "SKIPPED", reason: "NOT_SUBSCRIBED" } : undefined,
      })),
    );
  }

  it.each([
    ["last activity", {}],
    ["last activity, oldest first", { sort: "activity-asc" }],
    ["cart value", { sort: "value-desc" }],
    ["cart value, lowest first, skipped only", { sort: "value-asc", status: "skipped" }],
  ])("walks %s page by page with no duplicate and no gap, both ways", async (_case, query) => {
    await installTestShop(SHOP_A);
    await seedWithTies(130);
    const everything = ids(await listCheckouts(SHOP_A, params(query), { pageSize: 1_000 }));

    const { forward, backward } = await walk(query, 9);

    expect(forward.flat()).toEqual(everything);
    expect(forward.slice(0, -1).every((page) => page.length === 9)).toBe(true);
    expect(backward).toEqual(forward);
  });

  it("pages by 50 by default", async () => {
    await installTestShop(SHOP_A);
    await seedWithTies(120);

    const first = await listCheckouts(SHOP_A, params());
    const second = await listCheckouts(SHOP_A, params({ after: first.nextCursor as string }));
    const third = await listCheckouts(SHOP_A, params({ after: second.nextCursor as string }));

    expect([first.rows.length, second.rows.length, third.rows.length]).toEqual([50, 50, 20]);
    expect(third.nextCursor).toBeNull();
    expect(new Set([...ids(first), ...ids(second), ...ids(third)]).size).toBe(120);
  });

  it("keeps its place when newer checkouts arrive between pages", async () => {
    await installTestShop(SHOP_A);
    await seedWithTies(30);
    const first = await listCheckouts(SHOP_A, params(), { pageSize: 10 });
    const second = await listCheckouts(SHOP_A, params({ after: first.nextCursor as string }), {
      pageSize: 10,
    });

    await seedCheckouts(SHOP_A, [{ updatedAt: T0 }, { updatedAt: new Date(T0.getTime() + 60_000) }]);
    const secondAgain = await listCheckouts(SHOP_A, params({ after: first.nextCursor as string }), {
      pageSize: 10,
    });

    expect(ids(secondAgain)).toEqual(ids(second));
  });

  it("ignores a cursor that is not one (hand-edited, or from another sort) and shows the first page", async () => {
    await installTestShop(SHOP_A);
    await seedWithTies(12);
    const first = await listCheckouts(SHOP_A, params(), { pageSize: 5 });

    for (const after of ["garbage", "2026-11-20T12:00:00.000Z~x'); DROP TABLE", "5000~abc"])
      expect(ids(await listCheckouts(SHOP_A, params({ after }), { pageSize: 5 }))).toEqual(ids(first));
    // A value-sort cursor is not accepted for the activity sort.
    const valueCursor = (await listCheckouts(SHOP_A, params({ sort: "value-desc" }), { pageSize: 5 }))
      .nextCursor as string;
    expect(ids(await listCheckouts(SHOP_A, params({ after: valueCursor }), { pageSize: 5 }))).toEqual(
      ids(first),
    );
  });
});

describe("listCheckouts: tenancy and speed", () => {
  it("never shows another shop's checkouts, whatever the filter or search", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const idOfB = await seedStates(SHOP_B);
    const [ownId] = await seedCheckouts(SHOP_A, [
      { email: "a@shopper.co", firstName: "Jane", updatedAt: T0 },
    ]);
    await seedCheckouts(SHOP_B, [{ email: "a@shopper.co", firstName: "Jane", updatedAt: T0 }]);

    for (const status of ["all", "enrolled", "recovered", "skipped", "completed"]) {
      for (const q of ["", "a@shopper.co", "jane"]) {
        const page = await listCheckouts(SHOP_A, params({ status, q }));
        for (const id of idOfB.values()) expect(ids(page)).not.toContain(id);
      }
    }
    expect(ids(await listCheckouts(SHOP_A, params({ q: "jane" })))).toEqual([ownId?.id]);
  });

  // How fast is npm run bench's business (docs/benchmarks.md); this checks deep pages are right, and the SQLite
  // plan test below that they are read through the index.
  it("pages every filter of a few thousand checkouts without repeating or losing a row", async () => {
    await installTestShop(SHOP_A);
    const names = Object.keys(STATES);
    await seedCheckouts(
      SHOP_A,
      Array.from({ length: 4_000 }, (_, index) => ({
        ...STATES[names[index % names.length] as string]?.seed,
        firstName: index % 100 === 0 ? "Mia" : "Sam",
        updatedAt: minutes(index),
        subtotalMinor: 500 + (index % 97) * 100,
      })),
    );

    for (const status of ["all", "enrolled", "recovered", "skipped", "completed"]) {
      for (const sort of ["activity-desc", "value-asc"]) {
        let page = await listCheckouts(SHOP_A, params({ status, sort }));
        const seen = new Set(ids(page));
        for (let hop = 0; hop < 3 && page.nextCursor; hop++) {
          page = await listCheckouts(SHOP_A, params({ status, sort, after: page.nextCursor }));
          expect(page.rows.length, `${status} ${sort}`).toBeGreaterThan(0);
          for (const id of ids(page)) {
            expect(seen.has(id), `${status} ${sort}: ${id} twice`).toBe(false);
            seen.add(id);
          }
        }
      }
    }
    expect((await listCheckouts(SHOP_A, params({ q: "mia" }))).rows).toHaveLength(40);
  });

  it.runIf(databaseProvider(env.DATABASE_URL) === "sqlite")(
    "reads pages in the order of the (shop, shopifyUpdatedAt) index, looking enrolments up by checkout (SQLite plan)",
    async () => {
      await installTestShop(SHOP_A);
      for (const status of ["all", "enrolled", "recovered", "skipped", "completed"] as const) {
        const sql = checkoutPageSql(
          SHOP_A,
          { status, sort: "activity-desc", q: "" },
          { cursor: { value: T0.toISOString(), id: "x" }, descending: true, limit: 51 },
        );
        const plan = await prisma.$queryRawUnsafe<Array<{ detail: string }>>(
          `EXPLAIN QUERY PLAN ${sql.sql}`,
          ...sql.values,
        );
        const details = plan.map((step) => step.detail).join("\n");
        expect(details, status).toMatch(/SEARCH c USING INDEX Checkout_shop_shopifyUpdatedAt_idx/);
        // "all" needs nothing of the enrolment, and SQLite leaves the join out.
        if (status !== "all")
          expect(details, status).toMatch(/SEARCH e USING INDEX Enrollment_checkoutId_key/);
        // Only the ties on the last activity are sorted by id, never the whole shop.
        expect(details, status).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
      }
      const byEmail = checkoutPageSql(
        SHOP_A,
        { status: "all", sort: "activity-desc", q: "jane@shopper.co" },
        { cursor: null, descending: true, limit: 51 },
      );
      const emailPlan = await prisma.$queryRawUnsafe<Array<{ detail: string }>>(
        `EXPLAIN QUERY PLAN ${byEmail.sql}`,
        ...byEmail.values,
      );
      expect(emailPlan.map((step) => step.detail).join("\n")).toMatch(
        /Checkout_shop_(emailHash|shopifyUpdatedAt)_idx/,
      );
    },
  );
});

describe("listCheckouts: the segment filter", () => {
  const CHOICES = segmentChoicesOf(
    [
      { id: "seg-returning", name: "Returning" },
      { id: "seg-big", name: "Big carts" },
    ],
    new Map([
      ["seg-returning", "Returning"],
      ["seg-big", "Big carts"],
      ["seg-gone", "Spring promo"],
    ]),
    { id: "default", name: "Everyone else" },
  );

  async function seedSegments(shop: string) {
    const seeds: Array<[name: string, segmentId: string | null, status: string | null]> = [
      ["returning", "seg-returning", "ACTIVE"],
      ["returningHeld", "seg-returning", "HOLDOUT"],
      ["big", "seg-big", "COMPLETED"],
      ["everyone", "default", "ACTIVE"],
      // Enrolled before segments existed: the catch-all's, as the dashboard counts it.
      ["older", null, "COMPLETED"],
      // Skipped before a segment was chosen, and never enrolled: in no segment.
      ["skipped", null, "SKIPPED"],
      ["none", null, null],
      ["gone", "seg-gone", "STOPPED"],
    ];
    const seeded = await seedCheckouts(
      shop,
      seeds.map(([, , status], index) => ({
        updatedAt: minutes(index),
        ...(status
          ? { enrollment: { status, ...(status === "HOLDOUT" ? { arm: "HOLDOUT" as const } : {}) } }
          : {}),
      })),
    );
    for (const [index, [, segmentId]] of seeds.entries()) {
      const enrollmentId = seeded[index]?.enrollmentId;
      if (enrollmentId && segmentId)
        await prisma.enrollment.update({ where: { id: enrollmentId }, data: { segmentId } });
    }
    return new Map(seeds.map(([name], index) => [name, seeded[index]?.id as string]));
  }

  it("shows only the chosen segment's checkouts, the catch-all with the enrolments from before segments", async () => {
    await installTestShop(SHOP_A);
    await installTestShop(SHOP_B);
    const id = await seedSegments(SHOP_A);
    // Another shop's checkouts under the same ids are never shop A's.
    await seedSegments(SHOP_B);
    const listed = async (segment: string, status = "all") =>
      ids(await listCheckouts(SHOP_A, params({ segment, status }), { segments: CHOICES }));

    expect(await listed("seg-returning")).toEqual([id.get("returning"), id.get("returningHeld")]);
    expect(await listed("seg-big")).toEqual([id.get("big")]);
    expect(await listed("default")).toEqual([id.get("everyone"), id.get("older")]);
    expect(await listed("seg-gone")).toEqual([id.get("gone")]);
    // Combined with a status filter.
    expect(await listed("seg-returning", "enrolled")).toEqual([id.get("returning")]);

    const page = await listCheckouts(SHOP_A, params({ segment: "seg-big" }), { segments: CHOICES });
    expect(page.segment).toEqual({ selected: "seg-big", choices: CHOICES, problem: null });
  });

  it("names each row's segment: deleted ones by their name, none for a checkout no segment was chosen for", async () => {
    await installTestShop(SHOP_A);
    const id = await seedSegments(SHOP_A);

    const page = await listCheckouts(SHOP_A, params(), { segments: CHOICES });

    const segmentOf = new Map(page.rows.map((row) => [row.id, row.segment]));
    expect(
      Object.fromEntries([...id].map(([name, checkoutId]) => [name, segmentOf.get(checkoutId)])),
    ).toEqual({
      returning: "Returning",
      returningHeld: "Returning",
      big: "Big carts",
      everyone: "Everyone else",
      older: "Everyone else",
      skipped: null,
      none: null,
      gone: "Spring promo",
    });
  });

  it("filters nothing for a segment the shop does not have, and says so", async () => {
    await installTestShop(SHOP_A);
    const id = await seedSegments(SHOP_A);

    for (const segment of ["seg-of-another-shop", "x".repeat(150), "' OR 1=1 --"]) {
      const page = await listCheckouts(SHOP_A, params({ segment }), { segments: CHOICES });
      expect(page.rows).toHaveLength(id.size);
      expect(page.segment.selected).toBeNull();
      expect(page.segment.problem).toBe(UNKNOWN_SEGMENT_PROBLEM);
    }
    // Blank, or longer than any id (cut by the URL's schema), is no filter and no notice.
    for (const segment of ["", "  ", "y".repeat(300)]) {
      const page = await listCheckouts(SHOP_A, params({ segment }), { segments: CHOICES });
      expect(page.rows).toHaveLength(id.size);
      expect(page.segment.problem).toBeNull();
    }
  });
});
