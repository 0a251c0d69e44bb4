import crypto from "node:crypto";
import { prisma, type Prisma } from "~/db.server";
import { INSTALL_STATE } from "~/domain/shops";

/**
 * The tick's turn over shops. Each tick serves shops until its budget runs out, so an order that starts from
 * the same shop every time (alphabetical) serves the first shops every tick and the last ones never. Here the
 * least recently served shops go first (never served before all), and a served shop goes to the back. A shop
 * is taken with a lease on its row, so two instances ticking at once never serve the same shop together; a
 * crashed instance's shop comes back once the lease lapses.
 */

/** Longer than a tick's 25 s budget and the sends still in flight when it passes. */
export const SHOP_LEASE_MS = 2 * 60_000;
/** Shops read at a time; each is leased only when its turn comes, not for the whole page. */
const TURN_PAGE_SIZE = 50;

/** A shop's place in the rotation: by last served (never served first), then by domain. */
interface Turn {
  domain: string;
  recoveryServedAt: Date | null;
}

export interface ShopRotation {
  /** The next shop whose turn it is, leased to this run; null when every eligible shop has had its turn. */
  takeNext(): Promise<string | null>;
  /** The shop's turn is over (served, or failed: a broken shop must not stay in front): to the back. */
  finish(shop: string): Promise<void>;
  /** The shops still waiting for a turn not yet served at `now` (when the budget stops the run). */
  countWaiting(): Promise<number>;
}

/** Installed, and not being served elsewhere (no lease, or a lapsed one). */
const takeable = (now: Date): Prisma.ShopWhereInput => ({
  installState: INSTALL_STATE.INSTALLED,
  OR: [{ recoveryLeaseUntil: null }, { recoveryLeaseUntil: { lt: now } }],
});

/** The turns after `after` in the rotation's order. */
function turnsAfter(after: Turn | null): Prisma.ShopWhereInput {
  if (!after) return {};
  if (!after.recoveryServedAt)
    return {
      OR: [{ recoveryServedAt: null, domain: { gt: after.domain } }, { recoveryServedAt: { not: null } }],
    };
  return {
    OR: [
      { recoveryServedAt: { gt: after.recoveryServedAt } },
      { recoveryServedAt: after.recoveryServedAt, domain: { gt: after.domain } },
    ],
  };
}

/**
 * The next `take` turns after `after`. The never-served shops and the served ones are read apart, so that each
 * read follows the (installState, recoveryServedAt) index (PostgreSQL puts NULLs last in it).
 */
async function readTurns(now: Date, after: Turn | null, take: number): Promise<Turn[]> {
  const select = { domain: true, recoveryServedAt: true } as const;
  const neverServed =
    !after || !after.recoveryServedAt
      ? await prisma.shop.findMany({
          where: { AND: [takeable(now), turnsAfter(after), { recoveryServedAt: null }] },
          orderBy: { domain: "asc" },
          take,
          select,
        })
      : [];
  if (neverServed.length === take) return neverServed;
  const served = await prisma.shop.findMany({
    where: { AND: [takeable(now), turnsAfter(after), { recoveryServedAt: { not: null } }] },
    orderBy: [{ recoveryServedAt: "asc" }, { domain: "asc" }],
    take: take - neverServed.length,
    select,
  });
  return [...neverServed, ...served];
}

/** The engine works only for shops with an offline session (findInstalledShops); in the page's order. */
async function withOfflineSession(turns: Turn[]): Promise<Turn[]> {
  if (turns.length === 0) return [];
  const sessions = await prisma.session.findMany({
    where: { shop: { in: turns.map((turn) => turn.domain) }, isOnline: false },
    select: { shop: true },
  });
  const withSession = new Set(sessions.map((session) => session.shop));
  return turns.filter((turn) => withSession.has(turn.domain));
}

/**
 * One run's walk through the rotation at `now` (the tick's time, maybe simulated: leases are compared with it
 * too). Shops are read a page at a time in keyset order, so the walk ends even though each shop it serves
 * moves to the back; one it served and meets again there is passed over.
 */
export function startShopRotation({
  now,
  leaseMs = SHOP_LEASE_MS,
}: {
  now: Date;
  leaseMs?: number;
}): ShopRotation {
  const holder = crypto.randomUUID();
  const visited = new Set<string>();
  let page: Turn[] = [];
  let after: Turn | null = null;
  let readAll = false;

  /**
   * A conditional update: of two instances wanting the shop, one gets it; and only while its turn is the one
   * read (an instance that read the page before another served the shop does not serve it again).
   */
  async function lease({ domain, recoveryServedAt }: Turn): Promise<boolean> {
    const { count } = await prisma.shop.updateMany({
      where: { domain, recoveryServedAt, ...takeable(now) },
      data: { recoveryHolder: holder, recoveryLeaseUntil: new Date(now.getTime() + leaseMs) },
    });
    return count === 1;
  }

  return {
    async takeNext() {
      for (;;) {
        const turn = page.shift();
        if (turn) {
          visited.add(turn.domain);
          if (await lease(turn)) return turn.domain;
          continue;
        }
        if (readAll) return null;
        const turns = await readTurns(now, after, TURN_PAGE_SIZE);
        readAll = turns.length < TURN_PAGE_SIZE;
        after = turns.at(-1) ?? after;
        page = await withOfflineSession(turns.filter((next) => !visited.has(next.domain)));
      }
    },

    async finish(shop) {
      // Only while the lease is still ours: a shop taken over after a lapse is the new holder's to finish.
      await prisma.shop.updateMany({
        where: { domain: shop, recoveryHolder: holder },
        data: { recoveryServedAt: now, recoveryHolder: null, recoveryLeaseUntil: null },
      });
    },

    async countWaiting() {
      // The page read but not reached, and one COUNT of the turns after it (the session is not checked there:
      // an installed shop without one is counted, it is a figure for the report).
      const later = await prisma.shop.count({
        where: {
          AND: [
            takeable(now),
            turnsAfter(after),
            { OR: [{ recoveryServedAt: null }, { recoveryServedAt: { lt: now } }] },
          ],
        },
      });
      return page.length + later;
    },
  };
}
