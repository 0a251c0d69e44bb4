import type { MessageChannel } from "~/domain/messages";
import { isShopInstalled } from "~/domain/shops";
import type { AdminGraphql } from "~/lib/admin-graphql.server";
import { logger } from "~/lib/logger.server";
import { applyRetention } from "./apply-retention.server";
import { completeShortenedSequences } from "./complete-shortened-sequences.server";
import { enrollCandidates } from "./enroll-candidates.server";
import { processDueSteps } from "./process-due-steps.server";
import type { ProviderGate, SendDependencies } from "./send-claimed-step.server";
import { restartUpdated } from "./restart-updated.server";
import { loadShopContext } from "./shop-context.server";
import { startShopRotation } from "./shop-rotation.server";
import { stopUninstalledShops } from "./stop-uninstalled.server";
import type { Deadline } from "~/lib/clock.server";

export interface RecoveryRunOptions {
  now: Date;
  mailer: MessageChannel;
  adminFor(shop: string): Promise<AdminGraphql>;
  appUrl: string;
  /** After it, no new work starts. */
  deadline: Deadline;
  /** Only this shop (the demo, a test); every installed shop otherwise. */
  shop?: string;
  /** How sends' Admin API calls wait (tests shorten the attempt timeout). */
  adminCalls?: SendDependencies["adminCalls"];
}

function add(total: Record<string, number>, prefix: string, counts: Record<string, number>) {
  for (const [key, value] of Object.entries(counts))
    total[`${prefix}${key}`] = (total[`${prefix}${key}`] ?? 0) + value;
}

/**
 * The recovery sequences' share of the tick, shop by shop: look again at checkouts updated since they were
 * decided, enrol new candidates, send the due steps, and apply the retention period. Counts per outcome.
 */
export async function runRecovery(options: RecoveryRunOptions): Promise<Record<string, number>> {
  const total: Record<string, number> = {};
  // One provider for every shop: its rate limit, once met, holds the rest of this tick's sends.
  const providerGate: ProviderGate = { closedUntil: null };
  await closeWhileProviderPaused(options, providerGate, total);
  const serve = (shop: string) => serveShop(shop, options, providerGate, total);
  if (options.shop) await recoverNamedShop(options.shop, options.deadline, serve, total);
  else await recoverShopsInTurn(options, serve, total);
  return total;
}

/**
 * A provider pause that outlasts the tick (a used-up quota, a long Retry-After) holds every shop's due steps
 * where they are: nothing is claimed, composed or deferred while no email could go. The rest of the tick
 * (enrolments, restarts, retention) goes on.
 */
async function closeWhileProviderPaused(
  { now, mailer, deadline }: RecoveryRunOptions,
  providerGate: ProviderGate,
  total: Record<string, number>,
) {
  const pausedMs = (await mailer.providerPausedForMs?.()) ?? 0;
  if (pausedMs <= deadline.remainingMs()) return;
  providerGate.closedUntil = new Date(now.getTime() + pausedMs);
  total.provider_paused = 1;
  logger.info({ pausedMs }, "the email provider is paused past this tick; no due steps are claimed");
}

/** One shop asked for by name (the demo, a test) is served outside the rotation: it takes no turn. */
async function recoverNamedShop(
  shop: string,
  deadline: Deadline,
  serve: (shop: string) => Promise<void>,
  total: Record<string, number>,
) {
  if (!(await isShopInstalled(shop))) return;
  if (deadline.isPast()) total.shops_deferred_to_next_tick = 1;
  else await serve(shop);
}

/** Every installed shop in its turn (shop-rotation.server.ts) until the deadline; the rest wait a tick. */
async function recoverShopsInTurn(
  { now, deadline }: RecoveryRunOptions,
  serve: (shop: string) => Promise<void>,
  total: Record<string, number>,
) {
  add(total, "stopped_", { uninstalled: await stopUninstalledShops({ now }) });
  const rotation = startShopRotation({ now });
  for (;;) {
    if (deadline.isPast()) {
      const waiting = await rotation.countWaiting();
      if (waiting > 0) total.shops_deferred_to_next_tick = waiting;
      return;
    }
    const shop = await rotation.takeNext();
    if (shop === null) return;
    try {
      await serve(shop);
    } finally {
      await rotation.finish(shop);
    }
  }
}

/**
 * One shop's failure (a row that no longer parses, a bug its data reaches) is that shop's alone: it is logged
 * as an error, counted, and the next shop is served; its own work is tried again on its next turn.
 */
async function serveShop(
  shop: string,
  options: RecoveryRunOptions,
  providerGate: ProviderGate,
  total: Record<string, number>,
) {
  try {
    await recoverShop(shop, options, providerGate, total);
  } catch (error) {
    total.shops_failed = (total.shops_failed ?? 0) + 1;
    logger.error(
      { shop, unit: "recovery", err: error },
      "recovery failed for this shop; the other shops go on, and it is tried again on its next turn",
    );
  }
}

async function recoverShop(
  shop: string,
  options: RecoveryRunOptions,
  providerGate: ProviderGate,
  total: Record<string, number>,
) {
  const { now } = options;
  const context = await loadShopContext(shop);
  if (!context) return;
  const log = logger.child({ shop, unit: "recovery" });
  // While sending is paused nothing is decided: checkouts wait to be enrolled, sequences at their next step,
  // and all of it goes on when the merchant resumes (the maximum checkout age still ends what is too late).
  if (context.settings.sending.status === "PAUSED") {
    total.shops_paused = (total.shops_paused ?? 0) + 1;
  } else {
    add(total, "restart_", await restartUpdated(context, { now }));
    add(total, "", await completeShortenedSequences(context, { now }));
    add(total, "enrol_", await enrollCandidates(context, { now, adminFor: options.adminFor }));
    add(total, "step_", await processDueSteps(context, { ...options, log, providerGate }));
  }
  add(total, "retention_", await applyRetention(context, { now }));
}
