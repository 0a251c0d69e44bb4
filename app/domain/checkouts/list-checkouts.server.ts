import { databaseProvider, prisma, Prisma } from "~/db.server";
import { ENROLLMENT_STATUS } from "~/domain/outcomes";
import { hashEmail, hashName, normalizeEmail } from "~/lib/encryption.server";
import { env } from "~/lib/env.server";
import { formatMoney } from "~/lib/money";
import { openCheckoutField } from "./open-checkout-field.server";
import { formatShopTime, maskEmailForList } from "./checkout-format";
import { CHECKOUT_PAGE_SIZE, type CheckoutSegmentChoice } from "./checkout-list-options";
import { encodeCursor, type CheckoutCursor, type CheckoutListParams } from "./checkout-list-query";
import { describeCheckoutStatus, type CheckoutFilter } from "./checkout-status";
import type { CheckoutListPage, CheckoutListRow } from "./checkout-views";

/**
 * The merchant's checkout list: one page of a shop's checkouts, filtered by state (checkout-status.ts), found
 * by exact email or first name, sorted by last activity or cart value.
 *
 * Pagination is by keyset, never OFFSET: a page starts after the (sort value, id) of the previous page's last
 * row, so page 2,000 costs what page 1 costs, and rows added meanwhile do not shift later pages. The query walks
 * Checkout in the order of the (shop, shopifyUpdatedAt) index and looks each row's enrolment up through its
 * unique checkoutId index, stopping after a page; the state filters are conditions on those two rows, so no
 * filter needs a scan of the shop's checkouts before the first page is known. Sorting by cart value walks
 * the (shop, subtotalMinor, id) index the same way. Searches use the (shop, emailHash) and (shop,
 * firstNameHash) indexes. Measured on 100,000 checkouts (SQLite): every filter and sort pages in 9-27 ms.
 *
 * Only the page's rows are decrypted; the list shows the first name and a masked address.
 */

const c = (column: string) => Prisma.raw(`c."${column}"`);

/**
 * The state filters as SQL over the checkout (c) and its enrolment (e, absent when the LEFT JOIN finds none),
 * the same definitions as checkoutStateOf. COALESCE keeps every condition true or false, never NULL, so a
 * NOT never drops a checkout without an enrolment.
 */
const IS_SETTLED = Prisma.sql`(e."recoveredOrderId" IS NOT NULL
  OR ((c."completedAt" IS NOT NULL OR c."orderedAt" IS NOT NULL) AND COALESCE(e."stepsSent", 0) = 0))`;
const IS_RECOVERED_BY_EMAIL = Prisma.sql`(e."recoveredOrderId" IS NOT NULL
  AND COALESCE(e."recoveredByEmail", FALSE) = TRUE)`;

function statusCondition(filter: CheckoutFilter): Prisma.Sql {
  switch (filter) {
    case "all":
      return Prisma.empty;
    case "recovered":
      return Prisma.sql`AND ${IS_RECOVERED_BY_EMAIL}`;
    case "completed":
      return Prisma.sql`AND ${IS_SETTLED} AND NOT ${IS_RECOVERED_BY_EMAIL}`;
    case "skipped":
      return Prisma.sql`AND COALESCE(e."status", '') = ${ENROLLMENT_STATUS.SKIPPED} AND NOT ${IS_SETTLED}`;
    case "enrolled":
      return Prisma.sql`AND COALESCE(e."status", '') IN (${Prisma.join([
        ENROLLMENT_STATUS.ACTIVE,
        ENROLLMENT_STATUS.COMPLETED,
        ENROLLMENT_STATUS.STOPPED,
      ])}) AND NOT ${IS_SETTLED}`;
  }
}

/**
 * The segment filter: the enrolment's recorded segment; the catch-all also takes enrolments with none that
 * were not skipped (they predate segments and ran the shop's own sequence), as the dashboard counts them.
 */
function segmentCondition(choice: CheckoutSegmentChoice | null): Prisma.Sql {
  if (!choice) return Prisma.empty;
  return choice.isCatchAll
    ? Prisma.sql`AND (e."segmentId" = ${choice.id}
        OR (e."segmentId" IS NULL AND COALESCE(e."status", ${ENROLLMENT_STATUS.SKIPPED}) <> ${ENROLLMENT_STATUS.SKIPPED}))`
    : Prisma.sql`AND e."segmentId" = ${choice.id}`;
}

/** The segment a row names, by the same rule as the filter. */
function segmentNameOf(
  row: { segmentId: string | null; enrollmentStatus: string | null },
  choices: readonly CheckoutSegmentChoice[],
): string | null {
  if (row.segmentId !== null)
    return choices.find((choice) => choice.id === row.segmentId)?.name ?? "Unknown segment";
  if (row.enrollmentStatus === null || row.enrollmentStatus === ENROLLMENT_STATUS.SKIPPED) return null;
  return choices.find((choice) => choice.isCatchAll)?.name ?? null;
}

interface Search {
  kind: "EMAIL" | "FIRST_NAME" | null;
  problem: string | null;
  condition: Prisma.Sql;
  /** The index that finds the search's few rows. */
  index: string | null;
}

/**
 * Shoppers' emails and names are encrypted, so only equality works: an address (it has an @) is normalised and
 * compared by its keyed hash; anything else is a first name, compared by its keyed hash (case-insensitive).
 */
function searchOf(shop: string, query: string): Search {
  if (!query) return { kind: null, problem: null, condition: Prisma.empty, index: null };
  if (query.includes("@")) {
    const email = normalizeEmail(query);
    if (!email)
      return {
        kind: "EMAIL",
        problem: "Enter a complete email address, such as jane@example.com.",
        condition: Prisma.empty,
        index: null,
      };
    return {
      kind: "EMAIL",
      problem: null,
      condition: Prisma.sql`AND ${c("emailHash")} = ${hashEmail(shop, email)}`,
      index: "Checkout_shop_emailHash_idx",
    };
  }
  return {
    kind: "FIRST_NAME",
    problem: null,
    condition: Prisma.sql`AND ${c("firstNameHash")} = ${hashName(shop, query)}`,
    index: "Checkout_shop_firstNameHash_idx",
  };
}

interface Ordering {
  column: Prisma.Sql;
  descending: boolean;
  cursorValue(row: { shopifyUpdatedAt: Date; subtotalMinor: number }): string | number;
  bind(value: string | number): Date | number;
}

function orderingOf(sort: CheckoutListParams["sort"]): Ordering {
  const descending = sort.endsWith("desc");
  return sort.startsWith("value")
    ? {
        column: c("subtotalMinor"),
        descending,
        cursorValue: (row) => row.subtotalMinor,
        bind: (value) => Number(value),
      }
    : {
        column: c("shopifyUpdatedAt"),
        descending,
        cursorValue: (row) => row.shopifyUpdatedAt.toISOString(),
        bind: (value) => new Date(value),
      };
}

interface PageRead {
  cursor: CheckoutCursor | null;
  descending: boolean;
  limit: number;
}

/**
 * What a page shows of each checkout and its enrolment, read by the keyset query itself: a second query by id
 * would let SQLite (which has no statistics without ANALYZE) walk the shop's whole (shop, …) index instead of
 * the primary key.
 */
const PAGE_COLUMNS = Prisma.sql`c."id", c."email", c."emailHash", c."firstName", c."currency", c."subtotalMinor",
  c."lineItemCount", c."shopifyUpdatedAt", c."completedAt", c."orderedAt", c."orderId", c."deletedAt",
  c."redactedAt", e."status" AS "enrollmentStatus", e."reason" AS "enrollmentReason", e."arm", e."stepsSent",
  e."nextStep", e."recoveredOrderId", e."recoveredByEmail", e."recoveredMinor", e."attributionMethod",
  e."segmentId"`;

interface ListedCheckout {
  id: string;
  email: string | null;
  emailHash: string | null;
  firstName: string | null;
  currency: string;
  subtotalMinor: number;
  lineItemCount: number;
  shopifyUpdatedAt: Date;
  completedAt: Date | null;
  orderedAt: Date | null;
  orderId: string | null;
  deletedAt: Date | null;
  redactedAt: Date | null;
  /** The enrolment's columns are null when the checkout has none. */
  enrollmentStatus: string | null;
  enrollmentReason: string | null;
  arm: string | null;
  stepsSent: number | null;
  nextStep: number | null;
  recoveredOrderId: string | null;
  recoveredByEmail: boolean | null;
  recoveredMinor: number | null;
  attributionMethod: string | null;
  segmentId: string | null;
}

interface Filter {
  where: Prisma.Sql;
  search: Search;
}

/**
 * SQLite keeps no statistics unless ANALYZE runs, so for a search it would rather walk the shop's checkouts in
 * the sort's index order than sort the few rows the hash index finds; it is told which index to use.
 * PostgreSQL has statistics and picks the hash index itself.
 */
function sourceOf(search: Search): Prisma.Sql {
  return search.index && databaseProvider(env.DATABASE_URL) === "sqlite"
    ? Prisma.raw(`"Checkout" AS c INDEXED BY "${search.index}"`)
    : Prisma.raw(`"Checkout" AS c`);
}

function pageSql(
  shop: string,
  filter: Filter,
  ordering: Ordering,
  read: PageRead,
  columns: Prisma.Sql = Prisma.sql`c."id"`,
): Prisma.Sql {
  const { column } = ordering;
  const { cursor, descending, limit } = read;
  const beyond = Prisma.raw(descending ? "<" : ">");
  const from = Prisma.raw(descending ? "<=" : ">=");
  const direction = Prisma.raw(descending ? "DESC" : "ASC");
  // The first condition alone is a range on the index's column; the second breaks ties by id.
  const keyset = cursor
    ? Prisma.sql`AND ${column} ${from} ${ordering.bind(cursor.value)}
        AND (${column} ${beyond} ${ordering.bind(cursor.value)} OR c."id" ${beyond} ${cursor.id})`
    : Prisma.empty;
  return Prisma.sql`
    SELECT ${columns} FROM ${sourceOf(filter.search)}
    LEFT JOIN "Enrollment" e ON e."checkoutId" = c."id" AND e."shop" = c."shop"
    WHERE c."shop" = ${shop} ${filter.where} ${keyset}
    ORDER BY ${column} ${direction}, c."id" ${direction}
    LIMIT ${limit}`;
}

/** The SQL of one read of the list, for the tests that check its query plan uses the indexes. */
export function checkoutPageSql(
  shop: string,
  params: Pick<CheckoutListParams, "status" | "sort" | "q">,
  read: PageRead,
  segment: CheckoutSegmentChoice | null = null,
): Prisma.Sql {
  const search = searchOf(shop, params.q);
  const filter = {
    search,
    where: Prisma.sql`${search.condition} ${statusCondition(params.status)} ${segmentCondition(segment)}`,
  };
  return pageSql(shop, filter, orderingOf(params.sort), read, PAGE_COLUMNS);
}

export const UNKNOWN_SEGMENT_PROBLEM =
  "The segment in this link is not one of this shop's segments, so checkouts of every segment are shown.";

/**
 * `segments` are the shop's segment choices (the route reads them): the filter must be one of them, and rows
 * name theirs. A segment the shop does not have (a stale or hand-edited link, another shop's id) filters
 * nothing and is said so, rather than showing an empty list that looks like "no checkouts".
 */
export async function listCheckouts(
  shop: string,
  params: CheckoutListParams,
  {
    pageSize = CHECKOUT_PAGE_SIZE,
    segments = [],
  }: { pageSize?: number; segments?: readonly CheckoutSegmentChoice[] } = {},
): Promise<CheckoutListPage> {
  const chosen = params.segment ? (segments.find((choice) => choice.id === params.segment) ?? null) : null;
  const base = {
    status: params.status,
    sort: params.sort,
    query: params.q,
    segment: {
      selected: chosen?.id ?? null,
      choices: [...segments],
      problem: params.segment && !chosen ? UNKNOWN_SEGMENT_PROBLEM : null,
    },
  };
  const search = searchOf(shop, params.q);
  if (search.problem)
    return {
      ...base,
      search: { kind: search.kind, problem: search.problem },
      rows: [],
      nextCursor: null,
      previousCursor: null,
    };

  const filter = {
    search,
    where: Prisma.sql`${search.condition} ${statusCondition(params.status)} ${segmentCondition(chosen)}`,
  };
  const ordering = orderingOf(params.sort);
  const isBackward = params.direction === "before" && params.cursor !== null;
  /** Whether any matching checkout lies beyond `cursor` that way. */
  const existsBeyond = async (cursor: CheckoutCursor, descending: boolean) =>
    (await prisma.$queryRaw<unknown[]>(pageSql(shop, filter, ordering, { cursor, descending, limit: 1 })))
      .length > 0;

  // Going back reads the other way from the cursor, then puts the page in display order.
  const rows = await prisma.$queryRaw<ListedCheckout[]>(
    pageSql(
      shop,
      filter,
      ordering,
      {
        cursor: params.cursor,
        descending: isBackward ? !ordering.descending : ordering.descending,
        limit: pageSize + 1,
      },
      PAGE_COLUMNS,
    ),
  );
  const hasMoreThatWay = rows.length > pageSize;
  if (isBackward && !hasMoreThatWay) {
    // Back at the start: show a full first page rather than whatever was left before the cursor.
    return listCheckouts(shop, { ...params, cursor: null, direction: "after" }, { pageSize, segments });
  }
  const page = rows.slice(0, pageSize);
  if (isBackward) page.reverse();
  const cursorOf = (row: ListedCheckout): CheckoutCursor => ({
    value: ordering.cursorValue(row),
    id: row.id,
  });

  const first = page[0];
  const last = page.at(-1);
  const hasNext = isBackward
    ? last !== undefined && (await existsBeyond(cursorOf(last), ordering.descending))
    : hasMoreThatWay;
  const previousFrom = first ? cursorOf(first) : params.cursor;
  const hasPrevious = isBackward
    ? true
    : params.cursor !== null &&
      previousFrom !== null &&
      (await existsBeyond(previousFrom, !ordering.descending));
  const shopRow = await prisma.shop.findUnique({
    where: { domain: shop },
    select: { timezone: true, currency: true },
  });

  return {
    ...base,
    search: { kind: search.kind, problem: null },
    rows: await describeRows(shop, page, {
      timeZone: shopRow?.timezone ?? "UTC",
      shopCurrency: shopRow?.currency ?? "USD",
      segments,
    }),
    nextCursor: hasNext && last ? encodeCursor(cursorOf(last)) : null,
    previousCursor: hasPrevious && previousFrom ? encodeCursor(previousFrom) : null,
  };
}

async function describeRows(
  shop: string,
  page: ListedCheckout[],
  {
    timeZone,
    shopCurrency,
    segments,
  }: { timeZone: string; shopCurrency: string; segments: readonly CheckoutSegmentChoice[] },
): Promise<CheckoutListRow[]> {
  if (page.length === 0) return [];
  const orderIdOf = (row: ListedCheckout) => row.recoveredOrderId ?? row.orderId;
  const orderIds = [...new Set(page.map(orderIdOf).filter((id): id is string => id !== null))];
  const [clicks, orders] = await Promise.all([
    prisma.recoverySend.groupBy({
      by: ["checkoutId"],
      where: { shop, checkoutId: { in: page.map((row) => row.id) } },
      _sum: { clickCount: true },
    }),
    orderIds.length > 0
      ? prisma.order.findMany({
          where: { shop, orderId: { in: orderIds } },
          select: { orderId: true, name: true, totalMinor: true, currency: true },
        })
      : [],
  ]);
  const clicksOf = new Map(clicks.map((row) => [row.checkoutId, row._sum.clickCount ?? 0]));
  const orderOf = new Map(orders.map((order) => [order.orderId, order]));

  return page.map((row): CheckoutListRow => {
    const email = openCheckoutField(shop, row.id, row.email);
    const orderId = orderIdOf(row);
    const order = orderId ? orderOf.get(orderId) : undefined;
    const recoveredMinor = row.recoveredOrderId ? row.recoveredMinor : null;
    const orderValue = order
      ? formatMoney({ amountMinor: order.totalMinor, currency: order.currency })
      : recoveredMinor !== null
        ? formatMoney({ amountMinor: recoveredMinor, currency: shopCurrency })
        : null;
    return {
      id: row.id,
      firstName: openCheckoutField(shop, row.id, row.firstName),
      maskedEmail: email ? maskEmailForList(email) : null,
      value: formatMoney({ amountMinor: row.subtotalMinor, currency: row.currency }),
      itemCount: row.lineItemCount,
      lastActivityAt: row.shopifyUpdatedAt.toISOString(),
      lastActivityLabel: formatShopTime(row.shopifyUpdatedAt, timeZone),
      status: describeCheckoutStatus({
        hasEmail: row.emailHash !== null,
        itemCount: row.lineItemCount,
        subtotalMinor: row.subtotalMinor,
        completedAt: row.completedAt,
        orderedAt: row.orderedAt,
        deletedAt: row.deletedAt,
        redactedAt: row.redactedAt,
        enrollment: row.enrollmentStatus
          ? {
              status: row.enrollmentStatus,
              reason: row.enrollmentReason,
              arm: row.arm ?? "TREATMENT",
              stepsSent: row.stepsSent ?? 0,
              nextStep: row.nextStep,
              recoveredOrderId: row.recoveredOrderId,
              recoveredByEmail: row.recoveredByEmail,
              attributionMethod: row.attributionMethod,
            }
          : null,
      }),
      stepsSent: row.stepsSent ?? 0,
      clicks: clicksOf.get(row.id) ?? 0,
      order: orderId ? { name: order?.name ?? `Order ${orderId}`, value: orderValue } : null,
      segment: segmentNameOf(row, segments),
    };
  });
}
